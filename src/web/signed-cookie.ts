// What the session cookie and the flash cookie share: reading one cookie's value from the
// request, and an HMAC-SHA256 signature made and checked with one key object (an HMAC with a
// plain Buffer key costs five times as much).
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

// The raw (still encoded) value of the cookie `name` in a Cookie header.
export function cookieReader(name: string): (header: string | undefined) => string | undefined {
  const pattern = new RegExp(`(?:^|;\\s*)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=([^;]*)`);
  return (header) => (header ? pattern.exec(header)?.[1] : undefined);
}

// `encode` writes the MAC as the cookie carries it.
export function signer(key: KeyObject, encode: (mac: Buffer) => string) {
  const sign = (value: string) => encode(createHmac('sha256', key).update(value).digest());
  const verify = (value: string, mac: string): boolean => {
    const [given, expected] = [Buffer.from(mac), Buffer.from(sign(value))];
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return { sign, verify };
}

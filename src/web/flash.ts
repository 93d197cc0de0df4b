// One-shot messages shown on the next page (POST → redirect → GET). They travel in a signed
// cookie of their own, not in the session: a form post then writes nothing to the database
// beyond what it changes, and the message reaches the next page without waiting for a save.
import { createHmac, createSecretKey } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { cookieReader, signer } from './signed-cookie.ts';

type Kind = 'success' | 'error' | 'info';
export type FlashMessage = { kind: Kind; key: string; params?: Record<string, unknown> };

export const FLASH_COOKIE = 'shop.flash';
// A message not picked up within this time (the redirect never followed) is not shown later.
const FLASH_MAX_AGE_MS = 5 * 60 * 1000;
const KINDS: readonly string[] = ['success', 'error', 'info'];

type Outgoing = { messages: FlashMessage[]; write: (messages: FlashMessage[]) => void };

export function flash(req: Request, kind: Kind, key: string, params?: Record<string, unknown>): void {
  const outgoing = req.res?.locals.flashOut as Outgoing | undefined;
  if (!outgoing) throw new Error('flash() before exposeFlash()');
  outgoing.messages.push(params ? { kind, key, params } : { kind, key });
  outgoing.write(outgoing.messages);
}

export function exposeFlash(secret: string, secureCookie: boolean): RequestHandler {
  // A key of its own, derived from the session secret: a flash value is no session signature.
  const { sign, verify } = signer(createSecretKey(createHmac('sha256', secret).update('flash messages').digest()), (mac) => mac.toString('base64url'));
  const read = (header: string | undefined): FlashMessage[] => {
    const raw = flashCookieOf(header);
    if (!raw) return [];
    const dot = raw.lastIndexOf('.');
    if (dot < 0 || !verify(raw.slice(0, dot), raw.slice(dot + 1))) return [];
    const payload = raw.slice(0, dot);
    try {
      // Signed with the time it was made: an old value replayed is not shown.
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { at?: unknown; messages?: unknown };
      if (typeof parsed.at !== 'number' || Date.now() - parsed.at > FLASH_MAX_AGE_MS || !Array.isArray(parsed.messages)) return [];
      return parsed.messages.filter(isMessage);
    } catch {
      return [];
    }
  };
  return (req, res, next) => {
    const shown = read(req.headers.cookie);
    res.locals.flash = shown;
    const write = (messages: FlashMessage[]) => {
      dropFlashCookie(res);
      const options = { httpOnly: true, sameSite: 'lax' as const, secure: secureCookie, path: '/' };
      if (messages.length > 0) {
        const payload = Buffer.from(JSON.stringify({ at: Date.now(), messages })).toString('base64url');
        res.cookie(FLASH_COOKIE, `${payload}.${sign(payload)}`, { ...options, maxAge: FLASH_MAX_AGE_MS });
      } else {
        res.clearCookie(FLASH_COOKIE, options);
      }
    };
    res.locals.flashOut = { messages: [], write } satisfies Outgoing;
    if (shown.length > 0 || req.headers.cookie?.includes(`${FLASH_COOKIE}=`)) write([]);
    next();
  };
}

const flashCookieOf = cookieReader(FLASH_COOKIE);

function isMessage(value: unknown): value is FlashMessage {
  const m = value as FlashMessage;
  return typeof m === 'object' && m !== null && KINDS.includes(m.kind) && typeof m.key === 'string' && (m.params === undefined || (typeof m.params === 'object' && m.params !== null));
}

// Only the latest flash cookie of a response counts: an earlier one (the shown message's
// removal, a message before another) is taken out of the headers.
function dropFlashCookie(res: Response): void {
  const cookies = res.getHeader('Set-Cookie');
  if (cookies === undefined) return;
  res.setHeader('Set-Cookie', ([] as string[]).concat(cookies as string | string[]).filter((c) => !c.startsWith(`${FLASH_COOKIE}=`)));
}

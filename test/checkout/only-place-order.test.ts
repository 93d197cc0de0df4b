// placeOrder is the only way an order is born: nothing else in src/ may insert into orders or
// order_lines. The checkout's queries module is where placeOrder does it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
const ALLOWED = new Set([path.join(SRC, 'checkout/queries.ts')]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

// knex: db('orders').insert / trx('order_lines').insert, or into(...); SQL: INSERT INTO orders.
const INSERTS = [
  /\(\s*['"`](orders|order_lines)['"`]\s*\)\s*\.insert\(/,
  /\binsert\s+into\s+"?(orders|order_lines)\b/i,
  /\.into\(\s*['"`](orders|order_lines)['"`]\s*\)/,
  /\.table\(\s*['"`](orders|order_lines)['"`]\s*\)\s*\.insert\(/,
];

describe('placeOrder is the only way an order is born', () => {
  it('no other module of src/ inserts into orders or order_lines', () => {
    const offenders = files(SRC).filter((file) => !ALLOWED.has(file) && INSERTS.some((re) => re.test(readFileSync(file, 'utf8'))));
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('the checkout itself does, through the patterns this test looks for', () => {
    const own = readFileSync([...ALLOWED][0], 'utf8');
    expect(INSERTS.some((re) => re.test(own))).toBe(true);
  });
});

// `npm run bench:budgets`: what budgets cost placeOrder, against the real database (embedded
// PostgreSQL in a fresh folder, migrated as the shop does). Each phase runs 16 workers placing
// orders of three lines for SECONDS:
//   A. 16 buyers, no budgets;
//   B. 16 buyers, each with a budget of their own (checkout locks the row, writes the ledger);
//   C. 16 workers placing for one buyer: one budget row every order queues on.
// Then a check that nothing is overspent under that contention: one budget that holds exactly
// 100 orders, policy "block", 16 workers trying 200 orders: exactly 100 pass and the ledger
// sums to the budget. Targets (reported, not enforced): B ≥ 80 % of A, C ≥ 40 % of B.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { placeOrder } from '../../src/checkout/index.ts';
import { createDb, type Db } from '../../src/db/knex.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Ctx } from '../../src/lib/context.ts';
import { freePort } from '../support/ports.ts';
import { verdict } from './support.ts';

const WORKERS = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TARGET = { ownPct: 80, sharedPct: 40 };
// Three lines of 10.00 + 25 % VAT: 37.50 an order.
const ORDER_TOTAL = 3 * 1250;

const dataDir = mkdtempSync(path.join(tmpdir(), 'shop-bench-budgets-'));

async function seed(db: Db) {
  const [{ id: list }] = await db('price_lists').insert({ name: 'Bench', currency: 'SEK' }).returning('id');
  const products = await db('products').insert(['B-1', 'B-2', 'B-3'].map((sku) => ({ sku, name: JSON.stringify({ en: sku }) }))).returning('id');
  await db('prices').insert(products.map((p: { id: number }) => ({ price_list_id: list, product_id: p.id, min_qty: 1, unit_price: 1000 })));
  const [{ id: org }] = await db('organisations').insert({ customer_number: '90002', name: 'Budget Bench AB', kind: 'company', country: 'SE', price_list_id: list }).returning('id');
  const [{ id: address }] = await db('addresses').insert({ organisation_id: org, kind: 'delivery', name: 'Bench', line1: 'Road 1', postal_code: '1', city: 'Town', country: 'SE', is_default: true }).returning('id');
  const users = async (n: number, tag: string) =>
    (await db('users').insert(Array.from({ length: n }, (_, i) => ({ email: `${tag}-${i}@example.com`, name: `${tag} ${i}`, organisation_id: org, permissions: ['place_orders', 'view_prices'] }))).returning('id')).map((u: { id: number }) => u.id);
  const [{ id: owner }] = await db('users').insert({ email: 'owner@example.com', name: 'Owner', organisation_id: org, permissions: ['manage_users', 'manage_budgets', 'approve_orders'] }).returning('id');
  return { org, address, owner, lines: products.map((p: { id: number }) => ({ productId: p.id, qty: 1 })), users };
}

type Seeded = Awaited<ReturnType<typeof seed>>;

const budgetFor = (db: Db, s: Seeded, userId: number, amount: number, policy: string) =>
  db('budgets').insert({ organisation_id: s.org, user_id: userId, period: 'month', starts_on: '2020-01-01', amount, currency: 'SEK', policy, owner_id: s.owner });

let sequence = 0;
function place(db: Db, s: Seeded, buyerId: number) {
  const ctx: Ctx = { db, actor: { userId: buyerId, organisationId: s.org, staffRole: null }, now: new Date(), baseUrl: 'http://bench' };
  return placeOrder(ctx, { buyerId, organisationId: s.org, deliveryAddressId: s.address, reference: null, comment: null, idempotencyKey: `bench-${++sequence}`, channel: 'web', lines: s.lines });
}

// Workers placing orders for the given buyers (worker i for buyers[i % buyers.length]) until time is up.
async function phase(label: string, db: Db, s: Seeded, buyers: number[]) {
  let placed = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: WORKERS }, async (_, i) => {
    while (performance.now() < end) {
      const result = await place(db, s, buyers[i % buyers.length]);
      if (!result.ok) throw new Error(`${label}: placeOrder refused: ${JSON.stringify(result.errors)}`);
      placed++;
    }
  }));
  const perSecond = placed / SECONDS;
  console.log(`  ${label.padEnd(44)} ${String(placed).padStart(6)} orders, ${perSecond.toFixed(0)} orders/s`);
  return perSecond;
}

async function main() {
  chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres(dataDir, await freePort());
  try {
    await ensureDatabase(server.url('postgres'), 'shop');
    const db = createDb(server.url('shop'), 17);
    try {
      await migrate(db, server.url('shop'));
      const s = await seed(db);
      const [none, own, shared, guarded] = [await s.users(WORKERS, 'none'), await s.users(WORKERS, 'own'), await s.users(1, 'shared'), await s.users(1, 'guarded')];
      for (const id of own) await budgetFor(db, s, id, 1_000_000_000, 'approve');
      await budgetFor(db, s, shared[0], 1_000_000_000, 'approve');
      await budgetFor(db, s, guarded[0], 100 * ORDER_TOTAL, 'block');

      console.log(`${WORKERS} workers, ${SECONDS} s a phase, placeOrder called directly (3 lines an order)`);
      const a = await phase('A. no budgets', db, s, none);
      const b = await phase('B. a budget for each buyer', db, s, own);
      const c = await phase('C. one budget for all 16 workers', db, s, shared);

      // Nothing overspent: 200 tries against a budget for exactly 100 orders.
      let tries = 0;
      const results = await Promise.all(Array.from({ length: WORKERS }, async () => {
        const mine: boolean[] = [];
        while (tries < 200) {
          tries++;
          mine.push((await place(db, s, guarded[0])).ok);
        }
        return mine;
      }));
      const passed = results.flat().filter(Boolean).length;
      const { rows } = await db.raw(`SELECT coalesce(sum(e.amount), 0)::bigint AS spent FROM budget_entries e JOIN budgets b ON b.id = e.budget_id WHERE b.user_id = ?`, [guarded[0]]);
      const spent = Number(rows[0].spent);
      console.log(`  overspend check: ${passed} of ${results.flat().length} orders passed against a budget for 100; ledger ${spent} of ${100 * ORDER_TOTAL}`);

      const ownPct = (b / a) * 100;
      const sharedPct = (c / b) * 100;
      console.log(`own budgets ÷ none ${ownPct.toFixed(1)} % ${verdict(ownPct >= TARGET.ownPct)} (≥ ${TARGET.ownPct} %) | shared ÷ own ${sharedPct.toFixed(1)} % ${verdict(sharedPct >= TARGET.sharedPct)} (≥ ${TARGET.sharedPct} %) | overspend ${verdict(passed === 100 && spent === 100 * ORDER_TOTAL)}`);
      if (passed !== 100 || spent !== 100 * ORDER_TOTAL) process.exitCode = 1;
    } finally {
      await db.destroy();
    }
  } finally {
    await server.stop();
  }
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

// Demo approval settings and orders in every state, placed and decided the way the shop does it
// (placeOrder, then the approval service), so a new user can follow each path from the README:
// - Bo Berg (buyer, Nordic Office): lines outside the assortment wait for Cecilia Ek; orders
//   above SEK 20,000 too.
// - Gustav Holm (Göteborg, a sub-customer): every order waits for Cecilia Ek at the main customer (D1).
// - Kari Nordmann (Fjordkontor): every order waits for Per Hansen.
// - Greta Keller (Alpenbüro): no approval up to CHF 500; above it, Urs Meier decides.
import type { Knex } from 'knex';
import { decide, withdrawOrder } from '../src/approval/index.ts';
import { addToCart } from '../src/cart/index.ts';
import { placeOrder } from '../src/checkout/index.ts';
import type { Ctx } from '../src/lib/context.ts';
import { nearlyUsedUp, seedDemoBudgets, seedDemoEmployees } from './demo-budgets.ts';

const DAY = 86_400_000;

type Login = { id: number; name: string; organisation_id: number; permissions: string[] };

export async function seedDemoOrders(db: Knex, baseUrl: string): Promise<void> {
  if (await db('orders').first('id')) return;
  const login = async (email: string): Promise<Login> => db('users').where({ email }).first('id', 'name', 'organisation_id', 'permissions');
  const [bo, gustav, cecilia, kari, per, greta, urs] = await Promise.all([
    'buyer@nordic-office.example', 'goteborg@nordic-office.example', 'approver@nordic-office.example',
    'buyer@fjordkontor.example', 'approver@fjordkontor.example', 'buyer@alpenbuero.example', 'approver@alpenbuero.example',
  ].map(login));
  if (!bo || !gustav || !cecilia || !kari || !per || !greta || !urs) return;

  await db('users').where({ id: bo.id }).update({ approval_mode: 'outside_assortment', approver_id: cecilia.id, order_limit: 2_000_000 });
  await db('users').where({ id: gustav.id }).update({ approval_mode: 'always', approver_id: cecilia.id });
  await db('users').where({ id: kari.id }).update({ approval_mode: 'always', approver_id: per.id });
  await db('users').where({ id: greta.id }).update({ approval_mode: 'none', approver_id: urs.id, order_limit: 50_000 });

  await seedDemoBudgets(db);
  const now = Date.now();
  const ctxFor = (who: Login, daysAgo: number): Ctx => ({ db, actor: { userId: who.id, organisationId: who.organisation_id, staffRole: null }, now: new Date(now - daysAgo * DAY), baseUrl });
  let counter = 0;
  const order = async (buyer: Login, daysAgo: number, lines: [string, number][], reference: string) => {
    const ctx = ctxFor(buyer, daysAgo);
    for (const [sku, qty] of lines) await addToCart(ctx, { userId: buyer.id, organisationId: buyer.organisation_id }, sku, qty);
    const address = await db('addresses').where({ organisation_id: buyer.organisation_id, kind: 'delivery' }).orderBy('id').first('id');
    const key = `demo${String(++counter).padStart(28, '0')}`;
    const placed = await placeOrder(ctx, { buyerId: buyer.id, organisationId: buyer.organisation_id, deliveryAddressId: address.id, reference, comment: null, idempotencyKey: key, channel: 'web' });
    if (!placed.ok) throw new Error(`demo order failed: ${JSON.stringify(placed.errors)}`);
    return db('orders').where({ number: placed.value.number }).first('id', 'number');
  };
  const requestOf = async (orderId: number) => db('approval_requests').where({ order_id: orderId }).orderBy('id').first('id', 'line_ids');
  const decider = (who: Login) => ({ id: who.id, name: who.name, organisation_id: who.organisation_id, permissions: who.permissions });

  // Nordic Office: straight through; lines outside the assortment waiting; one line approved, one rejected.
  await order(bo, 12, [['PAP-A4-500', 10], ['PEN-BALL-BLU-10', 5]], 'PO 4711');
  const mixed = await order(bo, 6, [['IT-MOUSE-W', 4], ['WW-SHIRT-BLK-M', 2], ['WW-JACKET-BLK-L', 1]], 'PO 4720');
  const mixedRequest = await requestOf(mixed.id);
  await decide(ctxFor(cecilia, 5), decider(cecilia), mixedRequest.id,
    { kind: 'lines', lines: new Map([[mixedRequest.line_ids[0], 'approved'], [mixedRequest.line_ids[1], 'rejected']]) }, 'Skjortorna ja; jackorna kommer med vinterbeställningen.');
  await order(bo, 1, [['PAP-NOTE-A5', 20], ['WW-SHIRT-BLK-L', 3]], 'PO 4731');

  // Göteborg (sub-customer): one rejected, one waiting for the main customer's approver.
  const rejected = await order(gustav, 4, [['IT-MON-27', 2]], 'GBG-17');
  await decide(ctxFor(cecilia, 3), decider(cecilia), (await requestOf(rejected.id)).id, { kind: 'reject' }, 'Vi har två skärmar över i Stockholm; jag skickar dem till er.');
  await order(gustav, 0, [['IT-HEADSET', 3]], 'GBG-18');

  // Fjordkontor: approved, withdrawn, waiting.
  const approved = await order(kari, 8, [['PAP-A4-500', 5], ['IT-KB-NORDIC', 2]], 'Bergen 2026-11');
  await decide(ctxFor(per, 7), decider(per), (await requestOf(approved.id)).id, { kind: 'approve' }, null);
  const withdrawn = await order(kari, 2, [['IT-DOCK-USBC', 1]], 'Bergen 2026-12');
  await withdrawOrder(ctxFor(kari, 2), kari.id, withdrawn.id);
  await order(kari, 0, [['PEN-MARK-4', 10]], 'Bergen 2026-12b');

  // Alpenbüro: under the limit straight through; over it waiting for Urs Meier.
  await order(greta, 3, [['PAP-A4-500', 2]], 'ZH-100');
  await order(greta, 0, [['PAP-A3-500', 40]], 'ZH-101');

  await seedDemoEmployees(db, baseUrl);
  await nearlyUsedUp(db);
}

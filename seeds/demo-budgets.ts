// Demo budgets and employees (E1–E3), set and bought for through the shop's own services:
// - Bo Berg has a monthly budget of SEK 25,000 that sends overspend to Cecilia Ek.
// - Kari Nordmann's quarterly budget is nearly used up; Greta Keller's blocks overspend.
// - Nordic Office has six employees under David Fors and Cecilia Ek, with workwear bought
//   for them over the last months (approved by Cecilia, being outside the assortment).
import type { Knex } from 'knex';
import { decide } from '../src/approval/index.ts';
import { placeOrder } from '../src/checkout/index.ts';
import type { Ctx } from '../src/lib/context.ts';
import { DAY_MS as DAY, dayOf, monthStart } from '../src/lib/days.ts';

type Login = { id: number; name: string; organisation_id: number; permissions: string[] };

const monthStartBefore = (daysAgo: number) => monthStart(dayOf(new Date(Date.now() - daysAgo * DAY)));

// Budgets first: the demo orders placed after them count against them.
export async function seedDemoBudgets(db: Knex): Promise<void> {
  if (await db('budgets').first('id')) return;
  const user = (email: string) => db('users').where({ email }).first('id', 'organisation_id');
  const [bo, kari, greta, anna, ola, hans] = await Promise.all([
    'buyer@nordic-office.example', 'buyer@fjordkontor.example', 'buyer@alpenbuero.example', 'admin@nordic-office.example', 'admin@fjordkontor.example', 'admin@alpenbuero.example',
  ].map(user));
  if (!bo || !kari || !greta || !anna || !ola || !hans) return;
  await db('budgets').insert([
    { organisation_id: bo.organisation_id, user_id: bo.id, period: 'month', starts_on: monthStartBefore(150), amount: 2_500_000, currency: 'SEK', policy: 'approve', owner_id: anna.id },
    // Lowered to just above what Kari's orders take, once they are placed (nearlyUsedUp).
    { organisation_id: kari.organisation_id, user_id: kari.id, period: 'quarter', starts_on: monthStartBefore(150), amount: 10_000_000, currency: 'NOK', policy: 'allow', owner_id: ola.id },
    { organisation_id: greta.organisation_id, user_id: greta.id, period: 'year', starts_on: monthStartBefore(150), amount: 500_000, currency: 'CHF', policy: 'block', owner_id: hans.id },
  ]);
}

export async function seedDemoEmployees(db: Knex, baseUrl: string): Promise<void> {
  if (await db('employees').first('id')) return;
  const login = (email: string): Promise<Login> => db('users').where({ email }).first('id', 'name', 'organisation_id', 'permissions');
  const [bo, cecilia, david] = await Promise.all(['buyer@nordic-office.example', 'approver@nordic-office.example', 'supervisor@nordic-office.example'].map(login));
  if (!bo || !cecilia || !david) return;
  const people = [
    ['N-101', 'Lina Berg', david.id], ['N-102', 'Johan Ström', david.id], ['N-103', 'Sofia Lind', david.id],
    ['N-201', 'Mats Nyberg', cecilia.id], ['N-202', 'Emma Sjö', cecilia.id], ['N-203', 'Ali Rahimi', cecilia.id],
  ] as const;
  const employees = await db('employees')
    .insert(people.map(([employee_number, name, supervisor_id]) => ({ organisation_id: bo.organisation_id, employee_number, name, supervisor_id })))
    .returning(['id', 'employee_number']);
  await db('employees').insert({ organisation_id: bo.organisation_id, employee_number: 'N-099', name: 'Per Gammal', supervisor_id: david.id, active: false });
  const id = (number: string) => employees.find((e: { employee_number: string }) => e.employee_number === number)!.id as number;
  const products = new Map((await db('products').whereIn('sku', ['WW-SHIRT-BLK-M', 'WW-SHIRT-BLK-L', 'WW-JACKET-BLK-L', 'WW-JACKET-BLK-M', 'PAP-NOTE-A5']).select('id', 'sku')).map((p: { id: number; sku: string }) => [p.sku, p.id]));
  const address = await db('addresses').where({ organisation_id: bo.organisation_id, kind: 'delivery' }).orderBy('id').first('id');
  if (products.size < 5 || !address) return;

  // Workwear for the crew, a few orders a month back over four months.
  const rounds: [number, [string, number, string][]][] = [
    [110, [['WW-SHIRT-BLK-M', 2, 'N-101'], ['WW-JACKET-BLK-L', 1, 'N-102'], ['PAP-NOTE-A5', 5, 'N-201']]],
    [80, [['WW-SHIRT-BLK-L', 3, 'N-102'], ['WW-SHIRT-BLK-M', 2, 'N-103']]],
    [50, [['WW-JACKET-BLK-M', 1, 'N-201'], ['WW-SHIRT-BLK-M', 2, 'N-202'], ['PAP-NOTE-A5', 10, 'N-203']]],
    [20, [['WW-SHIRT-BLK-L', 2, 'N-101'], ['WW-JACKET-BLK-L', 1, 'N-203'], ['PAP-NOTE-A5', 4, 'N-102']]],
  ];
  let counter = 0;
  for (const [daysAgo, lines] of rounds) {
    const at = (who: Login, days: number): Ctx => ({ db, actor: { userId: who.id, organisationId: who.organisation_id, staffRole: null }, now: new Date(Date.now() - days * DAY), baseUrl });
    const placed = await placeOrder(at(bo, daysAgo), {
      buyerId: bo.id, organisationId: bo.organisation_id, deliveryAddressId: address.id, reference: `Arbetskläder ${++counter}`, comment: null,
      idempotencyKey: `demo-crew${String(counter).padStart(23, '0')}`, channel: 'web',
      lines: lines.map(([sku, qty, employee]) => ({ productId: products.get(sku)!, qty, employeeId: id(employee) })),
    });
    if (!placed.ok) throw new Error(`demo crew order failed: ${JSON.stringify(placed.errors)}`);
    const order = await db('orders').where({ number: placed.value.number }).first('id');
    for (const request of await db('approval_requests').where({ order_id: order.id, status: 'pending' }).orderBy('id')) {
      await decide(at(cecilia, daysAgo - 1), { id: cecilia.id, name: cecilia.name, organisation_id: cecilia.organisation_id, permissions: cecilia.permissions }, request.id, { kind: 'approve' }, null);
    }
  }
}

// Kari's budget: lowered to leave about a tenth of it, so My page and checkout show it nearly used up.
export async function nearlyUsedUp(db: Knex): Promise<void> {
  const kari = await db('users').where({ email: 'buyer@fjordkontor.example' }).first('id');
  const budget = kari && (await db('budgets').where({ user_id: kari.id }).first('id', 'amount'));
  if (!budget || budget.amount !== 10_000_000) return;
  const { rows } = await db.raw('SELECT coalesce(sum(amount), 0)::bigint AS used FROM budget_entries WHERE budget_id = ?', [budget.id]);
  const used = Number(rows[0].used);
  if (used > 0) await db('budgets').where({ id: budget.id }).update({ amount: Math.ceil((used * 1.1) / 10000) * 10000 });
}

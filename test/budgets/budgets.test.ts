import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/approval/service.ts';
import { createBudget } from '../../src/budgets/admin.ts';
import { placeOrder } from '../../src/checkout/index.ts';
import type { Ctx } from '../../src/lib/context.ts';
import { addDays, dayOf } from '../../src/lib/days.ts';
import { createAdmin, createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, submitForm, type Agent } from '../support/http.ts';

const t = useTestApp();
const BUYING = ['place_orders', 'view_orders', 'view_prices'];
const NOW = new Date();
const TODAY = dayOf(NOW);

let org: { id: number };
let address: number;
let product: number;
let admin: { id: number; email: string; name: string };
let adminAgent: Agent;

beforeAll(async () => {
  const [{ id: list }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  // 240.00 net, 300.00 with 25 % VAT.
  [{ id: product }] = await t.db('products').insert({ sku: 'CHAIR', name: JSON.stringify({ en: 'Chair' }), vat_rate_bp: 2500 }).returning('id');
  await t.db('prices').insert({ price_list_id: list, product_id: product, min_qty: 1, unit_price: 24000 });
  org = await createOrganisation(t.db, { name: 'Budget AB', price_list_id: list });
  [{ id: address }] = await t.db('addresses').insert({ organisation_id: org.id, kind: 'delivery', name: 'Budget AB', line1: 'Road 1', postal_code: '111 22', city: 'Stockholm', country: 'SE', is_default: true }).returning('id');
  admin = await createAdmin(t.db, { organisation_id: org.id, name: 'Bea Budget', locale: 'en' });
  adminAgent = await signIn(t.app, admin.email);
});

const ctxOf = (userId: number): Ctx => ({ db: t.db, actor: { userId, organisationId: org.id, staffRole: null }, now: NOW, baseUrl: 'http://shop.test' });

async function budgetFor(userId: number, amount: string, policy: string) {
  const res = await submitForm(adminAgent, '/my/budgets', '/my/budgets', { user_id: String(userId), period: 'month', starts_on: TODAY, length_days: '', amount, policy });
  expect(res.status).toBe(302);
}

// 50 orders of 300.00, placed at once from two sessions of the same buyer, against 10,000.00.
async function fiftyOrders(buyerId: number) {
  let key = 0;
  const session = () => Array.from({ length: 25 }, () => placeOrder(ctxOf(buyerId), {
    buyerId, organisationId: org.id, deliveryAddressId: address, reference: null, comment: null, idempotencyKey: `budget-${buyerId}-${++key}`, channel: 'web',
    lines: [{ productId: product, qty: 1 }],
  }));
  return Promise.all([...session(), ...session()]);
}

async function ledger(buyerId: number) {
  const rows = await t.db('budget_entries as e').join('budgets as b', 'b.id', 'e.budget_id').where('b.user_id', buyerId).groupBy('e.kind').select('e.kind', t.db.raw('sum(e.amount)::bigint AS total'), t.db.raw('count(*)::int AS n'));
  return Object.fromEntries(rows.map((r: { kind: string; total: number; n: number }) => [r.kind, { total: Number(r.total), n: r.n }]));
}

describe('budgets under concurrency (E2)', () => {
  it('policy "approval": exactly the orders beyond the budget wait, and the ledger sums exactly', async () => {
    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: BUYING });
    await budgetFor(buyer.id, '10000', 'approve');
    const placed = await fiftyOrders(buyer.id);
    expect(placed.every((p) => p.ok)).toBe(true);
    const statuses = placed.map((p) => (p.ok ? p.value.status : 'refused'));
    expect(statuses.filter((s) => s === 'processing')).toHaveLength(33);
    expect(statuses.filter((s) => s === 'awaiting_approval')).toHaveLength(17);
    expect(await ledger(buyer.id)).toEqual({ spend: { total: 33 * 30000, n: 33 }, reserve: { total: 17 * 30000, n: 17 } });
    // The waiting ones go to the budget's owner (the buyer has no approver of their own).
    const requests = await t.db('approval_requests as r').join('orders as o', 'o.id', 'r.order_id').where('o.placed_by', buyer.id).select('r.approver_id', 'r.reasons');
    expect(requests).toHaveLength(17);
    expect(requests.every((r: { approver_id: number; reasons: { code: string }[] }) => r.approver_id === admin.id && r.reasons[0].code === 'over_budget')).toBe(true);
  });

  it('policy "block": exactly 33 orders pass, the rest are refused and write nothing', async () => {
    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: BUYING });
    await budgetFor(buyer.id, '10000', 'block');
    const placed = await fiftyOrders(buyer.id);
    expect(placed.filter((p) => p.ok)).toHaveLength(33);
    expect(placed.filter((p) => !p.ok).map((p) => !p.ok && p.errors._form)).toEqual(Array(17).fill('checkout.over_budget_blocked'));
    expect(await t.db('orders').where({ placed_by: buyer.id }).count('* as n').first()).toEqual({ n: 33 });
    expect(await ledger(buyer.id)).toEqual({ spend: { total: 33 * 30000, n: 33 } });
    // Nothing left at all: taking something out of the cart would not help, and it says so.
    await t.db('budgets').where({ user_id: buyer.id }).update({ amount: 33 * 30000 });
    const more = await placeOrder(ctxOf(buyer.id), { buyerId: buyer.id, organisationId: org.id, deliveryAddressId: address, reference: null, comment: null, idempotencyKey: `budget-${buyer.id}-more`, channel: 'web', lines: [{ productId: product, qty: 1 }] });
    expect(!more.ok && more.errors._form).toBe('checkout.budget_used_up_blocked');
  });
});

describe('a budget through review, approval and My page', () => {
  it('a budget in another currency than the order is never subtracted from: the review says why it cannot be placed', async () => {
    const main = await t.db('price_lists').where({ name: 'Main' }).first('id');
    const [{ id: euros }] = await t.db('price_lists').insert({ name: 'Euro', currency: 'EUR', parent_id: main.id }).returning('id');
    await t.db('prices').insert({ price_list_id: euros, product_id: product, min_qty: 1, unit_price: 2000 });
    const euroOrg = await createOrganisation(t.db, { name: 'Euro AB', price_list_id: euros });
    const [{ id: depot }] = await t.db('addresses').insert({ organisation_id: euroOrg.id, kind: 'delivery', name: 'Euro AB', line1: 'Road 1', postal_code: '1', city: 'Town', country: 'SE', is_default: true }).returning('id');
    const buyer = await createUser(t.db, { organisation_id: euroOrg.id, permissions: BUYING });
    // Set while the customer still ordered in SEK.
    await t.db('budgets').insert({ organisation_id: euroOrg.id, user_id: buyer.id, period: 'month', starts_on: TODAY, amount: 100000, currency: 'SEK', policy: 'approve' });
    const agent = await signIn(t.app, buyer.email);
    const page = await agent.get('/catalog/CHAIR');
    await agent.post('/cart/items').type('form').send({ _csrf: csrfFrom(page.text), sku: 'CHAIR', qty: '1' }).expect(302);
    const reviewed = await agent.get('/checkout').then((form) => agent.post('/checkout/review').type('form').send({ _csrf: csrfFrom(form.text), delivery_address_id: String(depot), reference: '', comment: '' }));
    expect(reviewed.text).toContain('Your budget is kept in another currency than this order.');
    expect(reviewed.text).not.toContain('Remaining after this order');
  });

  it('shows the negative remainder at review, waits for the approver, and counts the spend once approved; the admins hear once that it is used up', async () => {
    const approver = await createUser(t.db, { organisation_id: org.id, name: 'Arne Approver', permissions: ['approve_orders', 'view_orders', 'view_prices'] });
    const buyer = await createUser(t.db, { organisation_id: org.id, name: 'Bo Buyer', permissions: BUYING, approver_id: approver.id });
    await budgetFor(buyer.id, '1000', 'approve');
    const agent = await signIn(t.app, buyer.email);
    const page = await agent.get('/catalog/CHAIR');
    await agent.post('/cart/items').type('form').send({ _csrf: csrfFrom(page.text), sku: 'CHAIR', qty: '4' }).expect(302);
    const reviewed = await submitForm(agent, '/checkout', '/checkout/review', { delivery_address_id: String(address), reference: '', comment: '' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.text).toContain('Remaining after this order');
    expect(reviewed.text).toMatch(/class="num negative"><strong>[^<]*200\.00/);
    expect(reviewed.text).toContain('This order will go to Arne Approver for approval.');
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(reviewed.text)![1];
    const placed = await agent.post('/checkout').type('form').send({ _csrf: csrfFrom(reviewed.text), idempotency_key: field('idempotency_key'), cart_fingerprint: field('cart_fingerprint'), delivery_address_id: field('delivery_address_id'), reference: '', comment: '' });
    expect(placed.status).toBe(302);
    const order = await t.db('orders').where({ placed_by: buyer.id }).first();
    expect(order.status).toBe('awaiting_approval');
    let my = await agent.get('/my');
    expect(my.text).toMatch(/Reserved \(awaiting approval\)<\/dt><dd class="num">[^<]*1,200\.00/);

    const request = await t.db('approval_requests').where({ order_id: order.id }).first();
    const decided = await decide(ctxOf(approver.id), { id: approver.id, name: approver.name, organisation_id: org.id, permissions: ['approve_orders'] }, request.id, { kind: 'approve' }, null);
    expect(decided.ok).toBe(true);
    my = await agent.get('/my');
    expect(my.text).toMatch(/Spent<\/dt><dd class="num">[^<]*1,200\.00/);
    expect(my.text).toMatch(/class="num negative"><strong>[^<]*200\.00/);
    // The page shown again after a mistake in a form keeps the budget.
    const mistaken = await agent.post('/my/password').type('form').send({ _csrf: csrfFrom(my.text), current_password: '', password: 'x', password_confirm: 'y' });
    expect(mistaken.status).toBe(422);
    expect(mistaken.text).toMatch(/Spent<\/dt><dd class="num">[^<]*1,200\.00/);
    expect(await ledger(buyer.id)).toEqual({ reserve: { total: 120000, n: 1 }, release: { total: -120000, n: 1 }, spend: { total: 120000, n: 1 } });
    const alerts = await t.db('outbox_emails').where({ template: 'budget-used-up', to_address: admin.email });
    expect(alerts).toHaveLength(1);
    expect(alerts[0].subject).toBe('The budget of Bo Buyer is used up');
  });

  it('a rejected or withdrawn order releases its reservation', async () => {
    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: BUYING, approval_mode: 'always', approver_id: admin.id });
    await budgetFor(buyer.id, '5000', 'approve');
    const place = (key: string) => placeOrder(ctxOf(buyer.id), { buyerId: buyer.id, organisationId: org.id, deliveryAddressId: address, reference: null, comment: null, idempotencyKey: key, channel: 'web', lines: [{ productId: product, qty: 2 }] });
    const first = await place(`release-${buyer.id}-1`);
    await place(`release-${buyer.id}-2`);
    expect(await ledger(buyer.id)).toEqual({ reserve: { total: 120000, n: 2 } });
    const [one, two] = await t.db('orders').where({ placed_by: buyer.id }).orderBy('id');
    const request = await t.db('approval_requests').where({ order_id: one.id }).first();
    const adminDecider = { id: admin.id, name: admin.name, organisation_id: org.id, permissions: ['approve_orders', 'manage_users'] };
    expect((await decide(ctxOf(admin.id), adminDecider, request.id, { kind: 'reject' }, 'Not now')).ok).toBe(true);
    await adminAgent.get('/');
    const buyerAgent = await signIn(t.app, buyer.email);
    const orderPage = await buyerAgent.get(`/orders/${two.number}`);
    const withdrawn = await buyerAgent.post(`/orders/${two.number}/withdrawal`).type('form').send({ _csrf: csrfFrom(orderPage.text), confirm: '1' });
    expect(withdrawn.status).toBe(302);
    expect(first.ok).toBe(true);
    expect(await ledger(buyer.id)).toEqual({ reserve: { total: 120000, n: 2 }, release: { total: -120000, n: 2 } });
  });

  it('"used up" means spent: what a waiting order reserves does not count, since it may still be rejected', async () => {
    const buyer = await createUser(t.db, { organisation_id: org.id, name: 'Rut Reserved', permissions: BUYING, approval_mode: 'always', approver_id: admin.id });
    await budgetFor(buyer.id, '1000', 'approve');
    const place = (key: string, qty: number) => placeOrder(ctxOf(buyer.id), { buyerId: buyer.id, organisationId: org.id, deliveryAddressId: address, reference: null, comment: null, idempotencyKey: key, channel: 'web', lines: [{ productId: product, qty }] });
    expect((await place(`spent-${buyer.id}-big`, 3)).ok).toBe(true); // 900.00 reserved
    expect((await place(`spent-${buyer.id}-small`, 1)).ok).toBe(true); // 300.00 reserved
    const [big, small] = await t.db('orders').where({ placed_by: buyer.id }).orderBy('id');
    const adminDecider = { id: admin.id, name: admin.name, organisation_id: org.id, permissions: ['approve_orders', 'manage_users'] };
    const approve = async (order: { id: number }) => {
      const request = await t.db('approval_requests').where({ order_id: order.id }).first();
      expect((await decide(ctxOf(admin.id), adminDecider, request.id, { kind: 'approve' }, null)).ok).toBe(true);
    };
    const alerts = () => t.db('outbox_emails').where({ template: 'budget-used-up', to_address: admin.email }).where('subject', 'like', '%Rut Reserved%');
    await approve(small);
    expect(await alerts()).toHaveLength(0);
    await approve(big);
    const [alert] = await alerts();
    expect(alert.text).toMatch(/Spent: SEK\s1,200\.00\./);
  });
});

describe('setting budgets (E1)', () => {
  it('refuses bad input by the field, and changes, pauses and ends a budget with its history', async () => {
    const buyer = await createUser(t.db, { organisation_id: org.id, name: 'Cleo Budget', permissions: BUYING });
    const other = await createUser(t.db, { organisation_id: (await createOrganisation(t.db)).id, permissions: BUYING });
    const base = { user_id: String(buyer.id), period: 'month', starts_on: TODAY, length_days: '', amount: '1000', policy: 'approve' };
    const refused = async (fields: Record<string, string>, field: string, message: string) => {
      const res = await submitForm(adminAgent, '/my/budgets', '/my/budgets', { ...base, ...fields });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(new RegExp(`id="field-${field}-error">${message}`));
    };
    await refused({ amount: '-5' }, 'amount', 'Enter an amount above zero');
    // Every field's problem at once, the login's too.
    const several = await submitForm(adminAgent, '/my/budgets', '/my/budgets', { ...base, amount: 'x', starts_on: 'soon', user_id: String(other.id), policy: '', period: 'custom', length_days: 'abc' });
    expect(several.status).toBe(422);
    for (const field of ['amount', 'starts_on', 'user_id', 'length_days']) expect(several.text).toContain(`id="field-${field}-error"`);
    expect(several.text).toContain('class="choice field--error"');
    await refused({ amount: '0' }, 'amount', 'Enter an amount above zero');
    await refused({ amount: '1000000000000' }, 'amount', 'Enter an amount above zero');
    await refused({ amount: '1,500' }, 'amount', 'Enter an amount above zero');
    await refused({ user_id: String(other.id) }, 'user_id', 'This value is not valid.');
    await refused({ period: 'custom', length_days: '' }, 'length_days', 'Please fill in this field.');
    for (const day of ['2026-02-30', '2026-13-01', '2026-01-32', '0000-01-01', '99999-01-01']) await refused({ starts_on: day }, 'starts_on', 'Enter');
    expect(await t.db('budgets').where({ user_id: buyer.id })).toHaveLength(0);

    // Started ten days ago, so ending it today leaves a last period to show.
    expect((await submitForm(adminAgent, '/my/budgets', '/my/budgets', { ...base, starts_on: addDays(TODAY, -10) })).status).toBe(302);
    await refused({ starts_on: '2099-01-01' }, 'starts_on', 'This login already has a budget');
    const budget = await t.db('budgets').where({ user_id: buyer.id }).first();
    // In the customer's currency, which the form names and does not ask for.
    expect(budget.currency).toBe('SEK');
    const form = (await adminAgent.get('/my/budgets')).text;
    expect(form).toContain('Budget in SEK');
    expect(form).not.toContain('name="currency"');
    const changed = await submitForm(adminAgent, `/my/budgets/${budget.id}`, `/my/budgets/${budget.id}`, { amount: '2 500,50', policy: 'block' });
    expect(changed.status).toBe(302);
    // Saved again as it is: nothing changed, nothing in the history.
    expect((await submitForm(adminAgent, `/my/budgets/${budget.id}`, `/my/budgets/${budget.id}`, { amount: '2500.50', policy: 'block' })).status).toBe(302);
    expect(await t.db('audit_events').where({ subject_type: 'budget', subject_id: String(budget.id), action: 'budget.changed' })).toHaveLength(1);
    // The change form shows the amount as its hint asks it to be typed, in the admin's language.
    expect((await adminAgent.get(`/my/budgets/${budget.id}`)).text).toContain('value="2500.50"');
    await t.db('users').where({ id: admin.id }).update({ locale: 'sv' });
    expect((await adminAgent.get(`/my/budgets/${budget.id}`)).text).toContain('value="2500,50"');
    await t.db('users').where({ id: admin.id }).update({ locale: 'en' });
    const bad = await submitForm(adminAgent, `/my/budgets/${budget.id}`, `/my/budgets/${budget.id}`, { amount: 'lots', policy: 'block' });
    // The error and the hint both describe the field.
    expect(bad.text).toContain('aria-describedby="field-amount-error field-amount-hint"');
    expect(bad.text).toContain('Including VAT, like 10000 or 10000.50.');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="lots"');
    for (const step of ['pause', 'resume', 'end']) {
      const page = await adminAgent.get(`/my/budgets/${budget.id}`);
      await adminAgent.post(`/my/budgets/${budget.id}/${step}`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
    }
    const after = await t.db('budgets').where({ id: budget.id }).first();
    expect(after).toMatchObject({ amount: 250050, policy: 'block', paused: false, ends_on: TODAY });
    const page = await adminAgent.get(`/my/budgets/${budget.id}`);
    expect(page.text).toContain('Ended');
    // An ended budget still shows what its last period counted, and each change what it set.
    expect(page.text).toContain('Last period');
    expect(page.text).toMatch(/changed — [^<]*2,500\.50, Is refused/);
    for (const word of ['added', 'changed', 'paused', 'resumed', 'ended']) expect(page.text).toContain(`: ${word}`);
    // Ended today, a new budget may start today.
    await budgetFor(buyer.id, '500', 'allow');
    const list = await adminAgent.get('/my/budgets');
    expect(list.text).toMatch(/<a href="\/my\/budgets\/\d+">Cleo Budget<\/a>/);
    expect(list.text).toContain('id="budget-chart-data"');
    expect(list.text).toContain('Monthly');
  });

  it('a budget ended before it started is over at once: a budget may start before it, and it cannot be ended twice', async () => {
    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: BUYING });
    const later = addDays(TODAY, 40);
    expect((await submitForm(adminAgent, '/my/budgets', '/my/budgets', { user_id: String(buyer.id), period: 'month', starts_on: later, length_days: '', amount: '100', policy: 'approve' })).status).toBe(302);
    const planned = await t.db('budgets').where({ user_id: buyer.id }).first();
    const page = await adminAgent.get(`/my/budgets/${planned.id}`);
    await adminAgent.post(`/my/budgets/${planned.id}/end`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
    const ended = await adminAgent.get(`/my/budgets/${planned.id}`);
    expect(ended.text).toContain('Ended');
    expect(ended.text).not.toContain('/end"');
    // Changing it anyway (a page left open) says why, next to the form.
    const changed = await adminAgent.post(`/my/budgets/${planned.id}`).type('form').send({ _csrf: csrfFrom(page.text), amount: '200', policy: 'allow' });
    expect(changed.status).toBe(422);
    expect(changed.text).toContain('class="form-error"');
    await adminAgent.post(`/my/budgets/${planned.id}/end`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
    expect(await t.db('audit_events').where({ subject_type: 'budget', subject_id: String(planned.id), action: 'budget.ended' })).toHaveLength(1);
    await budgetFor(buyer.id, '300', 'allow');
    expect(await t.db('budgets').where({ user_id: buyer.id })).toHaveLength(2);
  });

  it('two admins adding a budget for the same login at once make one', async () => {
    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: BUYING });
    const form = { user_id: String(buyer.id), period: 'month' as const, starts_on: TODAY, length_days: '', amount: '100', policy: 'approve' as const };
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => createBudget(ctxOf(admin.id), org.id, 'SEK', form)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.errors.starts_on)).toEqual(Array(5).fill('budgets.overlaps'));
    expect(await t.db('budgets').where({ user_id: buyer.id })).toHaveLength(1);
  });

  it('only admins with manage_budgets of the customer open budgets, and never another customer\'s', async () => {
    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: BUYING });
    const buyerAgent = await signIn(t.app, buyer.email);
    expect((await buyerAgent.get('/my/budgets')).status).toBe(403);
    const budget = await t.db('budgets').first();
    const stranger = await createAdmin(t.db);
    const strangerAgent = await signIn(t.app, stranger.email);
    expect((await strangerAgent.get('/my/budgets')).status).toBe(200);
    expect((await strangerAgent.get(`/my/budgets/${budget.id}`)).status).toBe(404);
    const page = await strangerAgent.get('/my/budgets');
    expect((await strangerAgent.post(`/my/budgets/${budget.id}/end`).type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(404);
    expect((await request(t.app).get('/my/budgets')).status).toBe(302);
    expect((await adminAgent.get('/assets/vendor/chart.umd.js')).status).toBe(200);
  });
});

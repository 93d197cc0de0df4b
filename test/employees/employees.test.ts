import { beforeAll, describe, expect, it } from 'vitest';
import { decide, withdrawOrder } from '../../src/approval/index.ts';
import { placeOrder } from '../../src/checkout/index.ts';
import { employeeList, rangeOf } from '../../src/employees/service.ts';
import type { Ctx } from '../../src/lib/context.ts';
import { createAdmin, createOrder, createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, submitForm, type Agent } from '../support/http.ts';

const t = useTestApp();
const SUPERVISING = ['manage_employees', 'approve_orders', 'view_orders', 'view_all_orders', 'view_prices'];

let org: { id: number };
let other: { id: number };
let address: number;
let supervisor: { id: number; name: string; email: string };
let boss: Agent;

beforeAll(async () => {
  const [{ id: list }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  const products = await t.db('products').insert([
    { sku: 'SHIRT-M-RED', name: JSON.stringify({ en: 'Work shirt', sv: 'Arbetsskjorta' }), attributes: JSON.stringify({ colour: { en: 'Red', sv: 'Röd' }, size: 'M' }) },
    { sku: 'GLOVES', name: JSON.stringify({ en: 'Gloves' }) },
  ]).returning('id');
  await t.db('prices').insert(products.map((p: { id: number }) => ({ price_list_id: list, product_id: p.id, min_qty: 1, unit_price: 10000 })));
  org = await createOrganisation(t.db, { name: 'Crew AB', price_list_id: list });
  other = await createOrganisation(t.db, { name: 'Other AB' });
  [{ id: address }] = await t.db('addresses').insert({ organisation_id: org.id, kind: 'delivery', name: 'Crew AB', line1: 'Road 1', postal_code: '111 22', city: 'Stockholm', country: 'SE', is_default: true }).returning('id');
  supervisor = await createUser(t.db, { organisation_id: org.id, name: 'Siv Supervisor', permissions: SUPERVISING });
  boss = await signIn(t.app, supervisor.email);
});

const add = (fields: Record<string, string>) => submitForm(boss, '/my/employees', '/my/employees', { name: '', employee_number: '', supervisor_id: String(supervisor.id), user_id: '', ...fields });

describe('employees (E3)', () => {
  it('a supervisor adds, edits and deactivates employees; bad input is refused by the field', async () => {
    expect((await add({ name: 'Erik Ek', employee_number: 'E-1' })).status).toBe(302);
    const taken = await add({ name: 'Someone', employee_number: 'e-1' });
    expect(taken.status).toBe(422);
    expect(taken.text).toMatch(/id="field-employee_number-error">Another employee of your company already has this number/);
    expect(taken.text).toContain('value="Someone"');
    const stranger = await createUser(t.db, { organisation_id: other.id });
    const wrongBoss = await add({ name: 'Fia', employee_number: 'E-2', supervisor_id: String(stranger.id) });
    expect(wrongBoss.status).toBe(422);
    expect(wrongBoss.text).toMatch(/id="field-supervisor_id-error">This value is not valid/);
    const login = await createUser(t.db, { organisation_id: org.id, name: 'Lena Login' });
    expect((await add({ name: 'Lena Login', employee_number: 'L-1', user_id: String(login.id) })).status).toBe(302);
    const twice = await add({ name: 'Lena Again', employee_number: 'L-2', user_id: String(login.id) });
    expect(twice.status).toBe(422);
    expect(twice.text).toMatch(/id="field-user_id-error">This login already belongs to another employee/);
    await t.db('employees').where({ employee_number: 'L-1' }).delete();
    // Two at once: the index refuses the second, by the same field.
    const raced = await Promise.all([add({ name: 'Lena A', employee_number: 'L-3', user_id: String(login.id) }), add({ name: 'Lena B', employee_number: 'L-4', user_id: String(login.id) })]);
    expect(raced.map((r) => r.status).sort()).toEqual([302, 422]);
    expect(raced.find((r) => r.status === 422)!.text).toMatch(/id="field-user_id-error">This login already belongs to another employee/);
    await t.db('employees').where({ user_id: login.id }).delete();
    const empty = await add({ name: '  ', employee_number: 'E-3' });
    expect(empty.status).toBe(422);
    expect(empty.text).toMatch(/id="field-name-error">Please fill in this field/);
    expect(await t.db('employees').where({ organisation_id: org.id })).toHaveLength(1);

    const erik = await t.db('employees').where({ employee_number: 'E-1' }).first();
    const edited = await submitForm(boss, `/my/employees/${erik.id}/edit`, `/my/employees/${erik.id}`, { name: 'Erik Eklund', employee_number: 'E-10', supervisor_id: String(supervisor.id), user_id: '' });
    expect(edited.status).toBe(302);
    expect(await t.db('employees').where({ id: erik.id }).first()).toMatchObject({ name: 'Erik Eklund', employee_number: 'E-10', active: true });
    const page = await boss.get('/my/employees?list=all');
    // Saved again unchanged: nothing more in the history.
    await submitForm(boss, `/my/employees/${erik.id}/edit`, `/my/employees/${erik.id}`, { name: 'Erik Eklund', employee_number: 'E-10', supervisor_id: String(supervisor.id), user_id: '' });
    await boss.post(`/my/employees/${erik.id}/deactivation`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
    await boss.post(`/my/employees/${erik.id}/deactivation`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
    expect((await t.db('employees').where({ id: erik.id }).first()).active).toBe(false);
    expect(await t.db('audit_events').where({ subject_type: 'employee', subject_id: String(erik.id) }).orderBy('id').select('action', 'before')).toEqual([
      { action: 'employee.added', before: null },
      { action: 'employee.changed', before: { name: 'Erik Ek', employee_number: 'E-1', supervisor_id: supervisor.id, user_id: null } },
      { action: 'employee.deactivated', before: null },
    ]);
    await boss.post(`/my/employees/${erik.id}/activation`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
  });

  it('a buyer marks lines for employees; the supervisor sees the totals, the lines and the CSV for the period', async () => {
    await add({ name: 'Greta Gran', employee_number: 'G-1' });
    await add({ name: 'Hans Holm', employee_number: 'H-1', supervisor_id: '' });
    const greta = await t.db('employees').where({ employee_number: 'G-1' }).first();
    const hans = await t.db('employees').where({ employee_number: 'H-1' }).first();
    const [{ id: foreign }] = await t.db('employees').insert({ organisation_id: other.id, employee_number: 'X-1', name: 'Not Ours' }).returning('id');

    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders', 'view_orders', 'view_prices'] });
    const agent = await signIn(t.app, buyer.email);
    for (const [sku, qty] of [['SHIRT-M-RED', '2'], ['GLOVES', '3']]) {
      const page = await agent.get(`/catalog/${sku}`);
      await agent.post('/cart/items').type('form').send({ _csrf: csrfFrom(page.text), sku, qty }).expect(302);
    }
    const [shirt, gloves] = await t.db('products').whereIn('sku', ['SHIRT-M-RED', 'GLOVES']).orderBy('sku', 'desc').select('id');
    // Another customer's employee is refused by the line's field, in the cart and at checkout.
    const wrong = await submitForm(agent, '/cart', '/cart/employees', { [`employee_${shirt.id}`]: String(foreign) });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toMatch(new RegExp(`id="field-employee_${shirt.id}-error">Choose an active employee of your company`));
    expect((await submitForm(agent, '/cart', '/cart/employees', { [`employee_${shirt.id}`]: String(greta.id) })).status).toBe(302);
    // Greta deactivated meanwhile: the cart and the checkout say so beside her line, not only at review.
    await t.db('employees').where({ id: greta.id }).update({ active: false });
    for (const path of ['/cart', '/checkout']) {
      expect((await agent.get(path).expect(200)).text, path).toMatch(new RegExp(`id="field-employee_${shirt.id}-error">The employee this line was for is no longer active`));
    }
    await t.db('employees').where({ id: greta.id }).update({ active: true });
    expect((await agent.get('/cart')).text).not.toContain('no longer active');
    const atCheckout = await submitForm(agent, '/checkout', '/checkout/review', { delivery_address_id: String(address), reference: '', comment: '', [`employee_${gloves.id}`]: 'abc' });
    expect(atCheckout.status).toBe(422);
    const reviewed = await submitForm(agent, '/checkout', '/checkout/review', { delivery_address_id: String(address), reference: '', comment: '', [`employee_${shirt.id}`]: String(greta.id), [`employee_${gloves.id}`]: String(hans.id) });
    expect(reviewed.status).toBe(200);
    expect(reviewed.text).toContain('for Greta Gran');
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(reviewed.text)![1];
    await agent.post('/checkout').type('form').send({ _csrf: csrfFrom(reviewed.text), idempotency_key: field('idempotency_key'), cart_fingerprint: field('cart_fingerprint'), delivery_address_id: field('delivery_address_id'), reference: '', comment: '' }).expect(302);
    const lines = await t.db('order_lines as l').join('orders as o', 'o.id', 'l.order_id').where('o.placed_by', buyer.id).orderBy('l.line_no').select('l.employee_id', 'l.placed_at');
    expect(lines.map((l: { employee_id: number }) => l.employee_id)).toEqual([greta.id, hans.id]);
    expect(lines[0].placed_at).not.toBeNull();
    const placedOrder = await t.db('orders').where({ placed_by: buyer.id }).first('number');
    expect((await agent.get(`/orders/${placedOrder.number}`)).text).toContain('for Greta Gran');

    // My list: only Greta (Hans has no supervisor); all: both, with their totals.
    const mine = await boss.get('/my/employees?list=mine');
    expect(mine.text).toContain('Greta Gran');
    expect(mine.text).not.toContain('Hans Holm');
    const all = await boss.get('/my/employees?list=all');
    expect(all.text).toMatch(/lines\?from=[^"]*">[^<]*200\.00/);
    expect(all.text).toMatch(/lines\?from=[^"]*">[^<]*300\.00/);
    const drill = await boss.get(`/my/employees/${greta.id}/lines`);
    expect(drill.text).toContain('SHIRT-M-RED');
    expect(drill.text).toContain('Work shirt, Red, M');
    const csv = await boss.get('/my/employees.csv?list=all');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toMatch(/G-1,Greta Gran,Siv Supervisor,yes,\d{4}-\d\d-01,\d{4}-\d\d-\d\d,1,200\.00/);
    // A period before the order has nothing; a made-up date is refused by its field.
    const before = await boss.get(`/my/employees/${greta.id}/lines?from=2020-01-01&to=2020-01-31`);
    expect(before.text).toContain('Nothing was bought for this employee in the period.');
    // Empty dates are this month, and the fields say so.
    const empty = await boss.get('/my/employees?list=all&from=&to=').expect(200);
    expect(empty.text).toMatch(/name="from" type="date"\s+value="\d{4}-\d\d-01"/);
    const bad = await boss.get('/my/employees?list=all&from=2026-02-30');
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="field-from-error"/);
    for (const query of ['to=9999-12-31', 'from=0000-01-01', 'from=2026-13-01', 'from=2026-05-01&to=2026-04-01']) {
      expect((await boss.get(`/my/employees?list=all&${query}`)).status, query).toBe(422);
      expect((await boss.get(`/my/employees/${greta.id}/lines?${query}`)).status, query).toBe(422);
      expect((await boss.get(`/my/employees.csv?${query}`)).status, query).toBe(422);
    }
    expect(csv.text).toContain(',yes,');
    // A name that a spreadsheet would run as a formula goes in as plain text.
    const [{ id: formula }] = await t.db('employees').insert({ organisation_id: org.id, employee_number: '@SUM(1)', name: '=HYPERLINK("http://evil.example")', supervisor_id: supervisor.id }).returning('id');
    const guarded = await boss.get('/my/employees.csv?list=all');
    expect(guarded.text).toContain(`'@SUM(1),"'=HYPERLINK(""http://evil.example"")"`);
    await t.db('employees').where({ id: formula }).delete();

    // Approvers see their own employees beside the orders to approve (D4).
    const approvals = await boss.get('/approvals');
    expect(approvals.text).toContain('Greta Gran');
  });

  it('"All employees" comes in pages of 100, each linking to the next and the one before, keeping the period', async () => {
    const big = await createOrganisation(t.db, { name: 'Big AB' });
    const lead = await createUser(t.db, { organisation_id: big.id, permissions: SUPERVISING });
    await t.db('employees').insert(Array.from({ length: 205 }, (_, i) => ({ organisation_id: big.id, employee_number: `B-${i}`, name: `Person ${String(i).padStart(3, '0')}`, supervisor_id: lead.id })));
    const agent = await signIn(t.app, lead.email);
    const first = await agent.get('/my/employees?list=all&from=2026-01-01&to=2026-01-31').expect(200);
    expect(first.text.match(/\/edit\?back=[^"]*">Edit</g)).toHaveLength(100);
    expect(first.text).toContain('Person 000');
    expect(first.text).not.toContain('Person 100');
    expect(first.text).toContain('href="/my/employees?list=all&amp;from=2026-01-01&amp;to=2026-01-31&amp;page=2" rel="next"');
    expect(first.text).not.toContain('rel="prev"');
    const last = await agent.get('/my/employees?list=all&from=2026-01-01&to=2026-01-31&page=3').expect(200);
    expect(last.text.match(/\/edit\?back=[^"]*">Edit</g)).toHaveLength(5);
    // Edited from page 3, the supervisor is back on page 3 of the same period.
    const editLink = /href="(\/my\/employees\/(\d+)\/edit\?back=[^"]*)"/.exec(last.text)!;
    const form = await agent.get(editLink[1].replace(/&amp;/g, '&')).expect(200);
    expect(form.text).toContain('href="/my/employees?list=all&amp;from=2026-01-01&amp;to=2026-01-31&amp;page=3"');
    const person = await t.db('employees').where({ id: Number(editLink[2]) }).first();
    const saved = await agent.post(`/my/employees/${person.id}`).type('form').send({
      _csrf: csrfFrom(form.text), back: /name="back" value="([^"]*)"/.exec(form.text)![1].replace(/&amp;/g, '&'), name: `${person.name} Jr`, employee_number: person.employee_number, supervisor_id: String(lead.id), user_id: '',
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.location).toBe('/my/employees?list=all&from=2026-01-01&to=2026-01-31&page=3');
    // Anything else in it is dropped: the redirect stays on the list.
    const elsewhere = await agent.post(`/my/employees/${person.id}/deactivation`).type('form').send({ _csrf: csrfFrom(form.text), back: 'list=mine&next=https://evil.example' });
    expect(elsewhere.headers.location).toBe('/my/employees?list=mine');
    expect(last.text).toContain('Person 204');
    expect(last.text).toContain('page=2" rel="prev"');
    expect(last.text).not.toContain('rel="next"');
    expect((await agent.get('/my/employees?list=all&page=9').expect(200)).text).toContain('This page is past the end of the list.');
    // One employee's lines stop at 1000, and the page says so.
    const busy = await t.db('employees').where({ organisation_id: big.id }).first('id');
    const { id: orderId } = await createOrder(t.db, { organisation_id: big.id, placed_at: '2026-01-15T10:00:00Z' });
    const gloves = await t.db('products').where({ sku: 'GLOVES' }).first('id');
    await t.db.raw(`INSERT INTO order_lines (order_id, placed_at, line_no, product_id, sku, name, qty, unit_price, vat_rate_bp, line_total, line_vat, status, employee_id)
                    SELECT ?, '2026-01-15T10:00:00Z', g, ?, 'GLOVES', '{"en":"Gloves"}', 1, 100, 0, 100, 0, 'accepted', ? FROM generate_series(1, 1001) g`, [orderId, gloves.id, busy.id]);
    const many = await agent.get(`/my/employees/${busy.id}/lines?from=2026-01-01&to=2026-01-31`).expect(200);
    expect(many.text.match(/<td>GLOVES<\/td>/g)).toHaveLength(1000);
    expect(many.text).toContain('The newest 1000 lines of the period are shown');
    // Not a page number: the first page.
    expect((await agent.get('/my/employees?list=all&page=x').expect(200)).text).toContain('Person 000');
    // The file still has everyone.
    const csv = await agent.get('/my/employees.csv?list=all&from=2026-01-01&to=2026-01-31').expect(200);
    expect(csv.text.trim().split('\n')).toHaveLength(206);
  });

  it('a line marked for the only employee, deactivated since, can still be unmarked in the cart', async () => {
    const lone = await createOrganisation(t.db, { name: 'Lone AB' });
    const [{ id: only }] = await t.db('employees').insert({ organisation_id: lone.id, employee_number: 'O-1', name: 'Olle Only' }).returning('id');
    const buyer = await createUser(t.db, { organisation_id: lone.id, permissions: ['place_orders', 'view_prices'] });
    const agent = await signIn(t.app, buyer.email);
    const page = await agent.get('/catalog/GLOVES');
    await agent.post('/cart/items').type('form').send({ _csrf: csrfFrom(page.text), sku: 'GLOVES', qty: '1' }).expect(302);
    const gloves = await t.db('products').where({ sku: 'GLOVES' }).first('id');
    expect((await submitForm(agent, '/cart', '/cart/employees', { [`employee_${gloves.id}`]: String(only) })).status).toBe(302);
    await t.db('employees').where({ id: only }).update({ active: false });
    const cart = await agent.get('/cart').expect(200);
    expect(cart.text).toMatch(new RegExp(`id="field-employee_${gloves.id}-error">The employee this line was for is no longer active`));
    expect((await submitForm(agent, '/cart', '/cart/employees', { [`employee_${gloves.id}`]: '' })).status).toBe(302);
    expect((await agent.get('/cart')).text).not.toContain('no longer active');
  });

  it('only supervisors of the customer open the lists, and never another customer\'s employees', async () => {
    const buyer = await signIn(t.app, (await createUser(t.db, { organisation_id: org.id })).email);
    expect((await buyer.get('/my/employees')).status).toBe(403);
    expect((await buyer.get('/my/employees.csv')).status).toBe(403);
    const outsider = await signIn(t.app, (await createAdmin(t.db, { organisation_id: other.id })).email);
    const greta = await t.db('employees').where({ employee_number: 'G-1' }).first();
    expect((await outsider.get(`/my/employees/${greta.id}/lines`)).status).toBe(404);
    expect((await outsider.get(`/my/employees/${greta.id}/edit`)).status).toBe(404);
    const page = await outsider.get('/my/employees');
    expect(page.text).not.toContain('Greta Gran');
    expect((await outsider.post(`/my/employees/${greta.id}/deactivation`).type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(404);
  });
});

describe('employee totals by period', () => {
  it('count accepted lines by the day they were ordered, across whole months and the days at the edges; waiting, withdrawn and rejected lines do not count', async () => {
    const [{ id: ida }] = await t.db('employees').insert({ organisation_id: org.id, employee_number: 'T-1', name: 'Tove Total' }).returning('id');
    const gloves = await t.db('products').where({ sku: 'GLOVES' }).first('id');
    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders', 'view_prices'] });
    const waiting = await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders', 'view_prices'], approval_mode: 'always', approver_id: supervisor.id });
    const ctxAt = (userId: number, day: string): Ctx => ({ db: t.db, actor: { userId, organisationId: org.id, staffRole: null }, now: new Date(`${day}T10:00:00Z`), baseUrl: 'http://shop.test' });
    let key = 0;
    const order = async (userId: number, day: string, qty: number) => {
      const placed = await placeOrder(ctxAt(userId, day), { buyerId: userId, organisationId: org.id, deliveryAddressId: address, reference: null, comment: null, idempotencyKey: `totals-${++key}`, channel: 'web', lines: [{ productId: gloves.id, qty, employeeId: ida }] });
      if (!placed.ok) throw new Error(JSON.stringify(placed.errors));
      return t.db('orders').where({ number: placed.value.number }).first('id');
    };
    await order(buyer.id, '2026-03-31', 1);
    await order(buyer.id, '2026-04-15', 2);
    await order(buyer.id, '2026-06-01', 4);
    const approved = await order(waiting.id, '2026-05-10', 8);
    const withdrawn = await order(waiting.id, '2026-05-11', 16);
    const rejected = await order(waiting.id, '2026-05-12', 32);
    const totalOf = async (from: string, to: string) => {
      const range = rangeOf(new Date(), { from, to });
      if (!range.ok) throw new Error('bad range');
      return (await employeeList({ db: t.db, actor: null, now: new Date(), baseUrl: '' } as Ctx, org.id, range.value, null)).find((e) => e.id === ida)!.lines;
    };
    // Lines (not amounts) make the sums easy to read: 1, 2, 4 placed straight; 8 waiting.
    expect(await totalOf('2026-03-01', '2026-06-30')).toBe(3);
    const me = { id: supervisor.id, name: supervisor.name, organisation_id: org.id, permissions: SUPERVISING };
    const requestOf = async (orderId: number) => (await t.db('approval_requests').where({ order_id: orderId }).first('id')).id;
    await decide(ctxAt(supervisor.id, '2026-05-13'), me, await requestOf(approved.id), { kind: 'approve' }, null);
    await decide(ctxAt(supervisor.id, '2026-05-13'), me, await requestOf(rejected.id), { kind: 'reject' }, 'No');
    await withdrawOrder(ctxAt(waiting.id, '2026-05-13'), waiting.id, withdrawn.id);
    expect(await totalOf('2026-03-01', '2026-06-30')).toBe(4);
    expect(await totalOf('2026-03-31', '2026-06-01')).toBe(4);
    expect(await totalOf('2026-04-01', '2026-05-31')).toBe(2);
    expect(await totalOf('2026-03-15', '2026-04-30')).toBe(2);
    expect(await totalOf('2026-04-16', '2026-05-09')).toBe(0);
    expect(await totalOf('2026-05-10', '2026-05-10')).toBe(1);
    expect(await totalOf('2026-01-01', '2026-12-31')).toBe(4);
    const amounts = await t.db('employee_day_totals').where({ employee_id: ida }).orderBy('day').select('day', 'total', 'lines');
    expect(amounts).toEqual([
      { day: '2026-03-31', total: 10000, lines: 1 }, { day: '2026-04-15', total: 20000, lines: 1 },
      { day: '2026-05-10', total: 80000, lines: 1 }, { day: '2026-06-01', total: 40000, lines: 1 },
    ]);
    expect(await t.db('employee_month_totals').where({ employee_id: ida }).orderBy('month').select('month', 'total')).toEqual([
      { month: '2026-03-01', total: 10000 }, { month: '2026-04-01', total: 20000 }, { month: '2026-05-01', total: 80000 }, { month: '2026-06-01', total: 40000 },
    ]);
  });

  it('count a line bought just after midnight in Stockholm (still the day before in UTC) on the Stockholm day', async () => {
    const [{ id: nils }] = await t.db('employees').insert({ organisation_id: org.id, employee_number: 'M-1', name: 'Nils Midnight' }).returning('id');
    const gloves = await t.db('products').where({ sku: 'GLOVES' }).first('id');
    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders', 'view_prices'] });
    const ctx: Ctx = { db: t.db, actor: { userId: buyer.id, organisationId: org.id, staffRole: null }, now: new Date('2026-06-30T22:30:00Z'), baseUrl: 'http://shop.test' };
    const placed = await placeOrder(ctx, { buyerId: buyer.id, organisationId: org.id, deliveryAddressId: address, reference: null, comment: null, idempotencyKey: 'midnight-1', channel: 'web', lines: [{ productId: gloves.id, qty: 1, employeeId: nils }] });
    expect(placed.ok).toBe(true);
    expect(await t.db('employee_day_totals').where({ employee_id: nils }).select('day')).toEqual([{ day: '2026-07-01' }]);
    expect(await t.db('employee_month_totals').where({ employee_id: nils }).select('month')).toEqual([{ month: '2026-07-01' }]);
    const page = await boss.get(`/my/employees/${nils}/lines?from=2026-07-01&to=2026-07-01`).expect(200);
    expect(page.text).toContain('GLOVES');
    expect((await boss.get(`/my/employees/${nils}/lines?from=2026-06-30&to=2026-06-30`).expect(200)).text).not.toContain('GLOVES');
    const list = await boss.get('/my/employees?list=all&from=2026-07-01&to=2026-07-31').expect(200);
    expect(list.text).toMatch(new RegExp(`/my/employees/${nils}/lines\\?from=2026-07-01&amp;to=2026-07-31">SEK\\s?100\\.00<`));
  });
});

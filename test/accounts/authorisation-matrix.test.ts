// For every page of the accounts issue: who gets it, and how everyone else is refused.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, createAdmin, createOrganisation, createStaff, createStaffAdmin, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, type Agent } from '../support/http.ts';

type Actor = 'visitor' | 'staff' | 'staffAdmin' | 'mainAdmin' | 'mainBuyer' | 'subAdmin' | 'otherAdmin';

const t = useTestApp();
const agents = {} as Record<Actor, Agent>;
const ids = {} as Record<'main' | 'sub' | 'buyer' | 'address' | 'subAddress' | 'product' | 'category' | 'import' | 'image' | 'order' | 'request' | 'budget' | 'employee', number>;

beforeAll(async () => {
  const main = await createOrganisation(t.db, { name: 'Matrix Main AB' });
  const sub = await createOrganisation(t.db, { name: 'Matrix Sub AB', parent_id: main.id });
  const other = await createOrganisation(t.db, { name: 'Matrix Other AB' });
  const buyer = await createUser(t.db, { organisation_id: main.id, permissions: ['place_orders', 'view_prices'] });
  const address = { kind: 'delivery', name: 'X', line1: 'Y 1', postal_code: '1', city: 'Z', country: 'SE' };
  const [{ id: addressId }] = await t.db('addresses').insert({ ...address, organisation_id: main.id }).returning('id');
  const [{ id: subAddressId }] = await t.db('addresses').insert({ ...address, organisation_id: sub.id }).returning('id');
  const [{ id: category }] = await t.db('categories').insert({ slug: 'matrix', name: JSON.stringify({ en: 'Matrix' }) }).returning('id');
  const [{ id: product }] = await t.db('products').insert({ sku: 'MATRIX-1', name: JSON.stringify({ en: 'Matrix product' }), category_id: category }).returning('id');
  const [{ id: image }] = await t.db('product_images').insert({ product_id: product, content_type: 'image/png', data: Buffer.from('89504e470d0a1a0a', 'hex') }).returning('id');
  const [{ id: importId }] = await t.db('catalogue_imports').insert({ kind: 'prices', file_name: 'p.csv', content: 'price_list,sku,min_qty,unit_price\n', row_count: 0 }).returning('id');
  // An order of the main customer's buyer, waiting for the main customer's admins.
  const [{ id: orderId, number: orderNumber }] = await t.db('orders').insert({ organisation_id: main.id, customer_number: 'M1', placed_by: buyer.id, status: 'awaiting_approval', currency: 'SEK', total: 100 }).returning(['id', 'number']);
  const [{ id: requestId }] = await t.db('approval_requests').insert({ order_id: orderId, organisation_id: main.id, reasons: JSON.stringify([{ code: 'always', params: {}, lines: null }]) }).returning('id');
  const [{ id: budget }] = await t.db('budgets').insert({ organisation_id: main.id, user_id: buyer.id, period: 'month', starts_on: '2026-01-01', amount: 100000, currency: 'SEK' }).returning('id');
  const [{ id: employee }] = await t.db('employees').insert({ organisation_id: main.id, employee_number: 'M-1', name: 'Matrix Employee' }).returning('id');
  Object.assign(ids, { main: main.id, sub: sub.id, buyer: buyer.id, address: addressId, subAddress: subAddressId, product, category, image, import: importId, order: orderNumber, request: requestId, budget, employee });

  // A visitor has a session with a CSRF token, so its POSTs reach the login check.
  agents.visitor = request.agent(t.app);
  await agents.visitor.get('/login');
  agents.staff = await signIn(t.app, (await createStaff(t.db)).email);
  agents.staffAdmin = await signIn(t.app, (await createStaffAdmin(t.db)).email);
  agents.mainAdmin = await signIn(t.app, (await createAdmin(t.db, { organisation_id: main.id })).email);
  agents.mainBuyer = await signIn(t.app, buyer.email);
  agents.subAdmin = await signIn(t.app, (await createUser(t.db, { organisation_id: sub.id, permissions: ALL_PERMISSIONS })).email);
  agents.otherAdmin = await signIn(t.app, (await createAdmin(t.db, { organisation_id: other.id })).email);
});

// [page, who gets it, how each other actor is refused]; 'login' = sent to sign in.
type Refusal = 302 | 403 | 404;
const pages: [string, Actor[], Partial<Record<Actor, Refusal>>][] = [
  ['/my', ['staff', 'mainAdmin', 'mainBuyer', 'subAdmin', 'otherAdmin'], { visitor: 302 }],
  ['/my/company', ['mainAdmin', 'mainBuyer', 'subAdmin', 'otherAdmin'], { visitor: 302, staff: 403 }],
  ['/my/addresses', ['mainAdmin', 'mainBuyer', 'subAdmin', 'otherAdmin'], { visitor: 302, staff: 403 }],
  // A10: a sub-customer's logins manage nothing, its users included; its main customer and staff do.
  ['/my/users', ['mainAdmin', 'otherAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 403 }],
  ['/my/users/:buyer/edit', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 403, otherAdmin: 404 }],
  ['/my/users/:buyer/deletion', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 403, otherAdmin: 404 }],
  ['/my/users/99999999999/edit', [], { mainAdmin: 404 }],
  ['/my/sub-customers/99999999999', [], { mainAdmin: 404 }],
  ['/admin/customers/99999999999', [], { staff: 404 }],
  ['/admin/inquiries/99999999999', [], { staff: 404 }],
  ['/admin/customers?q=%00&after_name=a&after_id=1.5', ['staff'], {}],
  ['/my/addresses/:address/edit', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 404, otherAdmin: 404 }],
  ['/my/addresses/:address/removal', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 404, otherAdmin: 404 }],
  ['/my/sub-customers/:sub/users', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 403, otherAdmin: 404 }],
  ['/my/sub-customers', ['mainAdmin', 'otherAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 403 }],
  ['/my/sub-customers/:sub', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, otherAdmin: 404 }],
  ['/my/sub-customers/:sub/addresses', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, otherAdmin: 404 }],
  ['/my/sub-customers/:sub/addresses/:subAddress/edit', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, otherAdmin: 404 }],
  ['/my/sub-customers/:main', [], { visitor: 302, staff: 403, mainBuyer: 404, subAdmin: 404, otherAdmin: 404, mainAdmin: 404 }],
  ['/admin', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, subAdmin: 403 }],
  ['/admin/customers', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, mainBuyer: 403, subAdmin: 403 }],
  ['/admin/customers/:main', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, subAdmin: 403, otherAdmin: 403 }],
  ['/admin/customers/:main/edit', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403 }],
  ['/admin/customers/:main/users/:buyer/edit', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403 }],
  ['/admin/customers/:main/deletion', ['staffAdmin'], { visitor: 302, staff: 403, mainAdmin: 403 }],
  ['/admin/settings', ['staffAdmin'], { visitor: 302, staff: 403, mainAdmin: 403 }],
  ['/admin/inquiries', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403 }],
  ['/admin/price-lists', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, mainBuyer: 403 }],
  ['/admin/products', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, mainBuyer: 403, subAdmin: 403 }],
  ['/admin/products/new', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, mainBuyer: 403 }],
  ['/admin/products/:product', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, mainBuyer: 403, otherAdmin: 403 }],
  ['/admin/products/99999999999', [], { staff: 404 }],
  ['/admin/categories', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, mainBuyer: 403 }],
  ['/admin/categories/:category', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403 }],
  ['/admin/imports', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, mainBuyer: 403 }],
  ['/admin/imports/:import', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403 }],
  ['/admin/exports/products.csv', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, mainBuyer: 403 }],
  ['/admin/exports/prices.csv', ['staff'], { visitor: 302, mainAdmin: 403, mainBuyer: 403 }],
  ['/admin/exports/secrets.csv', [], { staff: 404 }],
  ['/product-images/:image', ['staff', 'mainAdmin', 'mainBuyer', 'subAdmin', 'otherAdmin'], { visitor: 302 }],
  ['/checkout', [], { visitor: 302, staff: 403 }],
  ['/orders', ['mainAdmin', 'mainBuyer', 'subAdmin', 'otherAdmin'], { visitor: 302, staff: 403 }],
  ['/orders/:order', ['mainAdmin', 'mainBuyer'], { visitor: 302, staff: 403, subAdmin: 404, otherAdmin: 404 }],
  ['/orders/99999999999', [], { mainAdmin: 404 }],
  ['/approvals', ['mainAdmin', 'subAdmin', 'otherAdmin'], { visitor: 302, staff: 403, mainBuyer: 403 }],
  ['/approvals/:request', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 404, otherAdmin: 404 }],
  ['/my/approval-rules', ['mainAdmin', 'otherAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 403 }],
  ['/admin/orders', ['staff', 'staffAdmin'], { visitor: 302, mainAdmin: 403, mainBuyer: 403 }],
  ['/admin/orders/:order', [], { staff: 404, staffAdmin: 404, mainAdmin: 403 }],
  ['/my/users/:buyer/approval', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 403, otherAdmin: 404 }],
  ['/catalog', ['staff', 'mainAdmin', 'mainBuyer', 'subAdmin', 'otherAdmin'], { visitor: 302 }],
  ['/cart', ['mainAdmin', 'mainBuyer', 'subAdmin', 'otherAdmin'], { visitor: 302, staff: 403 }],
  ['/quick-order', ['mainAdmin', 'mainBuyer', 'subAdmin', 'otherAdmin'], { visitor: 302, staff: 403 }],
  ['/shopping-lists', ['mainAdmin', 'subAdmin', 'otherAdmin'], { visitor: 302, staff: 403, mainBuyer: 403 }],
  ['/my/budgets', ['mainAdmin', 'subAdmin', 'otherAdmin'], { visitor: 302, staff: 403, mainBuyer: 403 }],
  ['/my/budgets/:budget', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 404, otherAdmin: 404 }],
  ['/my/budgets/99999999999', [], { mainAdmin: 404 }],
  ['/my/employees', ['mainAdmin', 'subAdmin', 'otherAdmin'], { visitor: 302, staff: 403, mainBuyer: 403 }],
  ['/my/employees?list=all&from=2026-01-01&to=2026-12-31', ['mainAdmin'], {}],
  ['/my/employees.csv', ['mainAdmin', 'otherAdmin'], { visitor: 302, staff: 403, mainBuyer: 403 }],
  ['/my/employees/:employee/edit', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 404, otherAdmin: 404 }],
  ['/my/employees/:employee/lines', ['mainAdmin'], { visitor: 302, staff: 403, mainBuyer: 403, subAdmin: 404, otherAdmin: 404 }],
  ['/assets/vendor/chart.umd.js', ['visitor', 'mainBuyer'], {}],
];

const fill = (path: string) => path.replace(/:(\w+)/g, (_, name: keyof typeof ids) => String(ids[name]));

describe('authorisation matrix', () => {
  it.each(pages)('%s', async (pattern, allowed, refused) => {
    const path = fill(pattern);
    if (path.includes('?')) {
      for (const actor of allowed) expect((await agents[actor].get(path)).status, `${actor} GET ${path}`).toBe(200);
      return;
    }
    for (const actor of allowed) {
      const response = await agents[actor].get(path);
      expect(response.status, `${actor} GET ${path}`).toBe(200);
    }
    for (const [actor, status] of Object.entries(refused) as [Actor, Refusal][]) {
      const response = await agents[actor].get(path);
      expect(response.status, `${actor} GET ${path}`).toBe(status);
      if (status === 302) expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('changes are refused the same way, and change nothing', async () => {
    const token = async (agent: Agent) => csrfFrom((await agent.get(agent === agents.visitor ? '/login' : '/my')).text);
    const attempts: [Actor, string, Record<string, string>, number][] = [
      ['visitor', `/my/users/${ids.buyer}`, { name: 'X', email: 'x@example.com', locale: 'en' }, 302],
      ['otherAdmin', `/my/users/${ids.buyer}`, { name: 'X', email: 'x@example.com', locale: 'en' }, 404],
      ['subAdmin', `/my/users/${ids.buyer}/deletion`, {}, 403],
      ['staff', `/admin/customers/${ids.main}/sub-customers`, { child_id: '99999999999' }, 422],
      ['mainBuyer', `/my/users/${ids.buyer}/disabling`, {}, 403],
      ['otherAdmin', `/my/sub-customers/${ids.sub}`, { name: 'Hijacked' }, 404],
      ['subAdmin', `/my/sub-customers/${ids.sub}`, { name: 'Hijacked' }, 404],
      ['mainBuyer', `/my/sub-customers/${ids.sub}`, { name: 'Hijacked' }, 403],
      ['otherAdmin', `/my/addresses/${ids.address}/removal`, {}, 404],
      ['mainBuyer', `/my/addresses/${ids.address}/removal`, {}, 403],
      ['mainAdmin', `/admin/customers/${ids.main}/deletion`, {}, 403],
      ['staff', `/admin/customers/${ids.main}/deletion`, {}, 403],
      ['mainAdmin', '/admin/settings', { allow_child_login: 'on' }, 403],
      ['mainAdmin', `/my/sub-customers/${ids.sub}/acting`, {}, 403],
      ['mainAdmin', `/admin/customers/${ids.main}/assortment`, { sku: 'X' }, 403],
      ['mainAdmin', `/admin/customers/${ids.main}/price-list`, { price_list_id: '' }, 403],
      ['mainAdmin', '/admin/price-lists', { name: 'X', currency: 'SEK' }, 403],
      ['mainAdmin', '/admin/products', { sku: 'HIJACK', name_en: 'X', vat_percent: '25' }, 403],
      ['mainBuyer', `/admin/products/${ids.product}`, { sku: 'MATRIX-1', name_en: 'Hijacked', vat_percent: '25' }, 403],
      ['mainAdmin', `/admin/products/${ids.product}/prices`, { price_list_id: '1', min_qty: '1', unit_price: '0.01' }, 403],
      ['mainAdmin', `/admin/products/${ids.product}/images/${ids.image}/removal`, {}, 403],
      ['mainAdmin', '/admin/categories', { slug: 'hijack', name_en: 'X' }, 403],
      ['mainAdmin', `/admin/categories/${ids.category}`, { slug: 'matrix', name_en: 'Hijacked' }, 403],
      ['mainAdmin', `/admin/imports/${ids.import}/start`, {}, 403],
      ['visitor', `/admin/imports/${ids.import}/start`, {}, 302],
      ['visitor', '/checkout', { delivery_address_id: String(ids.address), idempotency_key: 'a'.repeat(32) }, 302],
      ['staff', '/checkout', { delivery_address_id: String(ids.address), idempotency_key: 'a'.repeat(32) }, 403],
      ['visitor', '/checkout/form', { delivery_address_id: String(ids.address) }, 302],
      ['staff', '/checkout/form', { delivery_address_id: String(ids.address) }, 403],
      ['mainBuyer', `/approvals/${ids.request}/decision`, { decision: 'approve', confirm: '1' }, 403],
      ['otherAdmin', `/approvals/${ids.request}/decision`, { decision: 'approve', confirm: '1' }, 404],
      ['subAdmin', `/approvals/${ids.request}/decision`, { decision: 'reject', comment: 'x', confirm: '1' }, 404],
      ['staff', `/approvals/${ids.request}/decision`, { decision: 'approve', confirm: '1' }, 403],
      ['otherAdmin', `/orders/${ids.order}/withdrawal`, {}, 404],
      ['otherAdmin', `/orders/${ids.order}/reorder`, {}, 404],
      ['mainBuyer', '/my/approval-rules', { kind: 'total_at_least', amount: '1' }, 403],
      ['mainAdmin', '/my/approval-rules/99999/removal', {}, 404],
      ['subAdmin', '/my/approval-rules', { kind: 'total_at_least', amount: '1' }, 403],
      ['mainAdmin', `/orders/${ids.order}/withdrawal`, {}, 404],
      ['otherAdmin', `/my/users/${ids.buyer}/approval`, { approval_mode: 'none' }, 404],
      ['mainBuyer', `/my/users/${ids.buyer}/approval`, { approval_mode: 'none' }, 403],
      ['mainBuyer', '/my/budgets', { user_id: String(ids.buyer), period: 'month', starts_on: '2027-01-01', amount: '1', policy: 'allow' }, 403],
      ['otherAdmin', `/my/budgets/${ids.budget}`, { amount: '1', policy: 'allow' }, 404],
      ['subAdmin', `/my/budgets/${ids.budget}/end`, {}, 404],
      ['staff', `/my/budgets/${ids.budget}/pause`, {}, 403],
      ['visitor', `/my/budgets/${ids.budget}/pause`, {}, 302],
      ['mainBuyer', '/my/employees', { name: 'X', employee_number: 'X-1' }, 403],
      ['otherAdmin', `/my/employees/${ids.employee}`, { name: 'Hijacked', employee_number: 'M-1' }, 404],
      ['otherAdmin', `/my/employees/${ids.employee}/deactivation`, {}, 404],
      ['staff', `/my/employees/${ids.employee}/deactivation`, {}, 403],
    ];
    for (const [actor, path, fields, status] of attempts) {
      const response = await agents[actor].post(path).type('form').send({ _csrf: await token(agents[actor]), ...fields });
      expect(response.status, `${actor} POST ${path}`).toBe(status);
    }
    expect(await t.db('users').where({ id: ids.buyer }).first('name', 'disabled_at')).toEqual({ name: 'Test User', disabled_at: null });
    expect((await t.db('organisations').where({ id: ids.sub }).first()).name).toBe('Matrix Sub AB');
    expect(await t.db('addresses').where({ id: ids.address }).first()).toBeDefined();
    expect(await t.db('organisations').where({ id: ids.main }).first()).toBeDefined();
    expect(await t.db('products').where({ id: ids.product }).first('sku', 'name')).toEqual({ sku: 'MATRIX-1', name: { en: 'Matrix product' } });
    expect(await t.db('products').count('* as n').first()).toEqual({ n: 1 });
    expect(await t.db('prices').count('* as n').first()).toEqual({ n: 0 });
    expect(await t.db('product_images').where({ id: ids.image }).first()).toBeDefined();
    expect(await t.db('categories').orderBy('id').pluck('name')).toEqual([{ en: 'Matrix' }]);
    expect((await t.db('catalogue_imports').where({ id: ids.import }).first()).status).toBe('checked');
    expect((await t.db('orders').where({ number: ids.order }).first()).status).toBe('awaiting_approval');
    expect((await t.db('approval_requests').where({ id: ids.request }).first()).status).toBe('pending');
    expect(await t.db('orders').count('* as n').first()).toEqual({ n: 1 });
    expect(await t.db('approval_rules').count('* as n').first()).toEqual({ n: 0 });
    expect(await t.db('budgets').where({ id: ids.budget }).first('amount', 'paused', 'ends_on')).toEqual({ amount: 100000, paused: false, ends_on: null });
    expect(await t.db('budgets').count('* as n').first()).toEqual({ n: 1 });
    expect(await t.db('employees').where({ id: ids.employee }).first('name', 'active')).toEqual({ name: 'Matrix Employee', active: true });
    expect(await t.db('employees').count('* as n').first()).toEqual({ n: 1 });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { remindUndecided, withdrawWaitingOrders } from '../../src/approval/index.ts';
import { addDays, dayOf } from '../../src/lib/days.ts';
import { ALL_PERMISSIONS, createAdmin, createOrganisation, createStaff, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, submitForm, type Agent } from '../support/http.ts';

const t = useTestApp();
const BUYING = ['place_orders', 'view_orders', 'view_prices'];
const APPROVING = ['approve_orders', 'view_orders', 'view_all_orders', 'view_prices'];

let org: { id: number };
let address: number;
let approver: { id: number; email: string; name: string };
let staff: Agent;

beforeAll(async () => {
  const [{ id: list }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  const [{ id: office }] = await t.db('categories').insert({ slug: 'office', name: JSON.stringify({ en: 'Office' }) }).returning('id');
  const [{ id: tools }] = await t.db('categories').insert({ slug: 'tools', name: JSON.stringify({ en: 'Tools' }) }).returning('id');
  const products = await t.db('products').insert([
    { sku: 'PAPER', name: JSON.stringify({ en: 'Paper', sv: 'Papper' }), category_id: office },
    { sku: 'PEN', name: JSON.stringify({ en: 'Pen' }), category_id: office },
    { sku: 'DRILL', name: JSON.stringify({ en: 'Drill' }), category_id: tools },
    { sku: 'SAW', name: JSON.stringify({ en: 'Saw' }), category_id: tools },
  ]).returning('id');
  await t.db('prices').insert(products.map((p: { id: number }, i: number) => ({ price_list_id: list, product_id: p.id, min_qty: 1, unit_price: [5000, 1000, 80000, 30000][i] })));
  org = await createOrganisation(t.db, { name: 'Ordering AB', extra_order_copy_email: 'orders@ordering.example' });
  await t.db('assortment_items').insert({ organisation_id: org.id, category_id: office });
  [{ id: address }] = await t.db('addresses').insert({ organisation_id: org.id, kind: 'delivery', name: 'Ordering AB', line1: 'Storgatan 1', postal_code: '111 22', city: 'Stockholm', country: 'SE', is_default: true }).returning('id');
  await t.db('addresses').insert({ organisation_id: org.id, kind: 'billing', name: 'Ordering AB Ekonomi', line1: 'Box 1', postal_code: '111 00', city: 'Stockholm', country: 'SE' });
  // Logins of this Swedish customer read English, so the mails below are checked in English.
  approver = await createUser(t.db, { organisation_id: org.id, name: 'Anna Approver', permissions: APPROVING, locale: 'en' });
  await createAdmin(t.db, { organisation_id: org.id, name: 'Ada Admin', locale: 'en' });
  staff = await signIn(t.app, (await createStaff(t.db)).email);
});

async function buyerWith(settings: Record<string, unknown> = {}, permissions = BUYING) {
  const user = await createUser(t.db, { organisation_id: org.id, permissions, locale: 'en', ...settings });
  return { user, agent: await signIn(t.app, user.email) };
}

async function fill(agent: Agent, lines: [string, number][]) {
  for (const [sku, qty] of lines) {
    const page = await agent.get(`/catalog/${sku}`);
    await agent.post('/cart/items').type('form').send({ _csrf: csrfFrom(page.text), sku, qty: String(qty) }).expect(302);
  }
}

// The review page, then its confirm form as the browser would send it.
async function review(agent: Agent, fields: Record<string, string> = {}) {
  const page = await submitForm(agent, '/checkout', '/checkout/review', { delivery_address_id: String(address), reference: 'PO-1', comment: '', ...fields });
  return page;
}

// The review's form as its buttons send it.
function reviewFields(reviewed: { text: string }) {
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(reviewed.text)![1];
  return {
    _csrf: csrfFrom(reviewed.text), idempotency_key: field('idempotency_key'), cart_fingerprint: field('cart_fingerprint'), delivery_address_id: field('delivery_address_id'),
    reference: field('reference'), comment: field('comment'),
  };
}

async function confirm(agent: Agent, reviewed: { text: string }, extra: Record<string, string> = {}) {
  return agent.post('/checkout').type('form').send({ ...reviewFields(reviewed), ...extra });
}

const orderNumberOf = (response: { headers: Record<string, string> }) => Number(/\/orders\/(\d+)/.exec(response.headers.location)![1]);
const orderRow = (number: number) => t.db('orders').where({ number }).first();

async function approvalRequestOf(number: number) {
  const order = await orderRow(number);
  return t.db('approval_requests').where({ order_id: order.id }).orderBy('id');
}

async function decide(agent: Agent, requestId: number, fields: Record<string, string>) {
  const first = await submitForm(agent, `/approvals/${requestId}`, `/approvals/${requestId}/decision`, fields);
  if (first.status !== 200) return first;
  expect(first.text).toContain('Confirm with OK');
  return agent.post(`/approvals/${requestId}/decision`).type('form').send({ _csrf: csrfFrom(first.text), ...fields, confirm: '1' });
}

describe('checkout without approval', () => {
  it('reviews, places, freezes names and prices, clears the cart and tells the buyer and the copy address', async () => {
    const { agent, user } = await buyerWith();
    await fill(agent, [['PAPER', 2], ['PEN', 3]]);
    const reviewed = await review(agent);
    expect(reviewed.status).toBe(200);
    expect(reviewed.text).toContain('This order will be sent to the shop for processing.');
    expect(reviewed.text).toMatch(/SEK\s?162\.50/);
    // The checkout form shows the same totals as the cart and the review: ex VAT, VAT, incl. VAT.
    expect((await agent.get('/checkout')).text).toMatch(/Total ex VAT<\/dt><dd class="num">SEK\s?130\.00[\s\S]*VAT<\/dt><dd class="num">SEK\s?32\.50/);
    const placed = await confirm(agent, reviewed, { unit_price: '1' });
    expect(placed.status).toBe(302);
    const number = orderNumberOf(placed);
    const order = await orderRow(number);
    expect(order).toMatchObject({ status: 'processing', subtotal: 13000, vat_total: 3250, total: 16250, reference: 'PO-1', placed_by: user.id, currency: 'SEK' });
    expect(await t.db('order_lines').where({ order_id: order.id }).orderBy('line_no').select('sku', 'qty', 'unit_price', 'status', 'name')).toEqual([
      { sku: 'PAPER', qty: 2, unit_price: 5000, status: 'accepted', name: { en: 'Paper', sv: 'Papper' } },
      { sku: 'PEN', qty: 3, unit_price: 1000, status: 'accepted', name: { en: 'Pen' } },
    ]);
    expect((await agent.get('/cart')).text).toContain('Your cart is empty.');
    expect(await t.db('audit_events').where({ action: 'order.placed', subject_id: String(number) }).select('actor_id', 'organisation_id', 'subject_type', 'after')).toEqual([
      { actor_id: user.id, organisation_id: org.id, subject_type: 'order', after: { status: 'processing', total: 16250, currency: 'SEK', lines: 2, waits_for: [], no_approver_for: [] } },
    ]);
    const page = await agent.get(placed.headers.location).expect(200);
    expect(page.text).toContain('It has been sent to the shop for processing.');
    await t.deliverMail();
    const mail = await t.mail.waitFor((m) => m.to.includes(user.email) && m.subject.includes(String(number)));
    expect(mail.text).toContain('sent to the shop');
    // Lines ex VAT, as in the cart, then both totals with the VAT between.
    expect(mail.text).toMatch(/2 × Paper \(PAPER\)\s+SEK\s?100\.00/);
    expect(mail.text).toMatch(/Total ex VAT: SEK\s?130\.00\s+VAT: SEK\s?32\.50\s+Total incl\. VAT: SEK\s?162\.50/);
    expect(mail.html).toMatch(/Total ex VAT<\/td><td[^>]*>SEK\s?130\.00/);
    await t.mail.waitFor((m) => m.to.includes('orders@ordering.example') && m.subject.includes(String(number)));
    expect((await staff.get('/admin/orders')).text).toContain(`/admin/orders/${number}`);
    expect((await staff.get(`/admin/orders/${number}`).expect(200)).text).toContain('Buyer&#39;s reference or PO number');
    expect((await staff.get(`/admin/customers/${org.id}`)).text).toContain(`/admin/orders/${number}"`);
  });

  it('a second submit of the same review gives the first order back, and twenty at once make one order', async () => {
    const { agent } = await buyerWith();
    await fill(agent, [['PEN', 1]]);
    const reviewed = await review(agent);
    const first = await confirm(agent, reviewed);
    const again = await confirm(agent, reviewed);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await t.db('orders').where({ idempotency_key: /name="idempotency_key" value="([^"]+)"/.exec(reviewed.text)![1] }).count('* as n').first()).toEqual({ n: 1 });

    const { agent: other, user } = await buyerWith();
    await fill(other, [['PAPER', 1]]);
    const once = await review(other);
    const results = await Promise.all(Array.from({ length: 20 }, () => confirm(other, once)));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([302]));
    expect(new Set(results.map((r) => r.headers.location)).size).toBe(1);
    expect(await t.db('orders').where({ placed_by: user.id }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('refuses tampered input: another customer\'s address, a made-up key, an empty cart', async () => {
    const { agent } = await buyerWith();
    await fill(agent, [['PEN', 1]]);
    const other = await createOrganisation(t.db);
    const [{ id: foreign }] = await t.db('addresses').insert({ organisation_id: other.id, kind: 'delivery', name: 'X', line1: 'Y', postal_code: '1', city: 'Z', country: 'SE' }).returning('id');
    const wrong = await review(agent, { delivery_address_id: String(foreign) });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('This is not one of your company');
    const reviewed = await review(agent);
    const badKey = await confirm(agent, reviewed, { idempotency_key: 'x' });
    expect(badKey.status).toBe(422);
    expect(badKey.text).toContain('This order was not placed: please review it again and confirm.');
    const foreignOnConfirm = await confirm(agent, reviewed, { delivery_address_id: String(foreign) });
    expect(foreignOnConfirm.status).toBe(422);
    expect(await t.db('orders').where({ delivery_address: null }).count('* as n').first()).toEqual({ n: 0 });
    const before = await t.db('orders').count('* as n').first();
    await confirm(agent, reviewed);
    const emptied = await agent.get('/checkout');
    expect(emptied.status).toBe(302);
    expect(emptied.headers.location).toBe('/cart');
    expect(await t.db('orders').count('* as n').first()).toEqual({ n: Number(before!.n) + 1 });
  });
});

describe('checkout through approval', () => {
  it('mode "always": waits for the named approver, staff cannot see it, the approver decides from the e-mail link', async () => {
    const { agent, user } = await buyerWith({ approval_mode: 'always', approver_id: approver.id });
    await fill(agent, [['PAPER', 1]]);
    const reviewed = await review(agent);
    expect(reviewed.text).toContain('This order will wait for approval by Anna Approver because:');
    expect(reviewed.text).toContain('every order of this buyer needs approval');
    const number = orderNumberOf(await confirm(agent, reviewed));
    expect((await orderRow(number)).status).toBe('awaiting_approval');
    const placedPage = (await agent.get(`/orders/${number}?placed=1`).expect(200)).text;
    expect(placedPage).toContain('It waits for approval; you will get an e-mail when it is decided.');
    expect(placedPage).toContain('Waiting for approval by Anna Approver because:');
    expect((await staff.get('/admin/orders')).text).not.toContain(`/admin/orders/${number}"`);
    await staff.get(`/admin/orders/${number}`).expect(404);
    expect((await staff.get(`/admin/orders?q=${number}`)).text).toContain('No order matches your search.');
    // Nor in the customer's history, until it reaches the shop.
    expect((await staff.get(`/admin/customers/${org.id}`)).text).not.toContain(`/admin/orders/${number}"`);

    await t.deliverMail();
    const toApprover = await t.mail.waitFor((m) => m.to.includes(approver.email) && m.subject.includes(String(number)));
    const [request] = await approvalRequestOf(number);
    expect(toApprover.text).toContain(`http://shop.test/approvals/${request.id}`);
    const approverAgent = await signIn(t.app, approver.email);
    expect((await approverAgent.get('/approvals')).text).toContain(`/approvals/${request.id}`);
    expect((await approverAgent.get('/')).text).toMatch(/class="count"[^>]*>1</);
    // The buyer cannot decide it, nor open it as an approval.
    await agent.get(`/approvals/${request.id}`).expect(403);
    const decided = await decide(approverAgent, request.id, { decision: 'approve', comment: '' });
    expect(decided.status).toBe(302);
    expect((await orderRow(number)).status).toBe('processing');
    // Decided, the page says why it needed approval, no longer why it waits.
    const decidedPage = await approverAgent.get(`/approvals/${request.id}`).expect(200);
    expect(decidedPage.text).toContain('Why it needed approval');
    expect(decidedPage.text).not.toContain('Why it waits');
    await t.deliverMail();
    const toBuyer = await t.mail.waitFor((m) => m.to.includes(user.email) && m.text.includes('was approved by Anna Approver'));
    expect(toBuyer.text).toContain('sent to the shop for processing');
    await staff.get(`/admin/orders/${number}`).expect(200);
    const orderPage = await agent.get(`/orders/${number}`).expect(200);
    expect(orderPage.text).toContain('Processing');
    expect(orderPage.text).toContain('Decided by Anna Approver');
    // The page after placing, reloaded once decided, no longer says where the order went then.
    const reloaded = (await agent.get(`/orders/${number}?placed=1`).expect(200)).text;
    expect(reloaded).not.toContain('Thank you for your order.');
    expect(reloaded).not.toContain('Waiting for approval by');
    expect(await t.db('audit_events').where({ action: 'approval.decided', subject_id: String(number) }).first()).toBeDefined();
  });

  it('a reject needs a comment, and the buyer gets it; prices stay as placed', async () => {
    const { agent, user } = await buyerWith({ approval_mode: 'always', approver_id: approver.id });
    await fill(agent, [['PEN', 2]]);
    const number = orderNumberOf(await confirm(agent, await review(agent)));
    await t.db('prices').where({ unit_price: 1000 }).update({ unit_price: 9999 });
    const [request] = await approvalRequestOf(number);
    const approverAgent = await signIn(t.app, approver.email);
    const noComment = await submitForm(approverAgent, `/approvals/${request.id}`, `/approvals/${request.id}/decision`, { decision: 'reject', comment: '' });
    expect(noComment.status).toBe(422);
    expect(noComment.text).toContain('Say why you reject');
    const essay = await decide(approverAgent, request.id, { decision: 'reject', comment: 'x'.repeat(2001) });
    expect(essay.status).toBe(422);
    expect(essay.text).toMatch(/id="field-comment-error">[^<]*too long/);
    const page = await approverAgent.get(`/approvals/${request.id}`);
    expect(page.text).toMatch(/SEK\s?20\.00/);
    expect((await decide(approverAgent, request.id, { decision: 'reject', comment: 'Pens are in the cupboard.' })).status).toBe(302);
    await t.db('prices').where({ unit_price: 9999 }).update({ unit_price: 1000 });
    expect((await orderRow(number)).status).toBe('rejected');
    await t.deliverMail();
    const mail = await t.mail.waitFor((m) => m.to.includes(user.email) && m.text.includes('was rejected'));
    expect(mail.text).toContain('Pens are in the cupboard.');
    // Rejected whole, it keeps what was asked: the lines with their amounts add up to its totals.
    expect(mail.text).toMatch(/\(PEN\)  SEK\s?20\.00 — Rejected/);
    expect((await orderRow(number)).total).toBe(2500);
  });

  it('outside the assortment only those lines wait, each decided on its own', async () => {
    const { agent, user } = await buyerWith({ approval_mode: 'outside_assortment', approver_id: approver.id });
    await fill(agent, [['PAPER', 1], ['DRILL', 1], ['SAW', 1]]);
    const reviewed = await review(agent);
    expect(reviewed.text).toContain('2 lines are outside your company');
    const number = orderNumberOf(await confirm(agent, reviewed));
    const order = await orderRow(number);
    const lines = await t.db('order_lines').where({ order_id: order.id }).orderBy('line_no');
    expect(lines.map((l: { status: string }) => l.status)).toEqual(['accepted', 'waiting', 'waiting']);
    // While it waits, the line inside the assortment is not called ordered.
    expect((await agent.get(`/orders/${number}`)).text).toMatch(/\(PAPER\)[\s\S]*?No approval needed[\s\S]*?\(DRILL\)[\s\S]*?Waiting for approval/);
    const [request] = await approvalRequestOf(number);
    expect(request.line_ids).toEqual([lines[1].id, lines[2].id]);
    const approverAgent = await signIn(t.app, approver.email);
    const partial = await submitForm(approverAgent, `/approvals/${request.id}`, `/approvals/${request.id}/decision`, { decision: 'lines', [`line_${lines[1].id}`]: 'approved', comment: '' });
    expect(partial.status).toBe(422);
    // The confirmation shows the choices as they stand, nothing left to change there; "Change" goes back to them.
    const choices = { [`line_${lines[1].id}`]: 'approved', [`line_${lines[2].id}`]: 'rejected', comment: 'No saws this quarter.' };
    const confirming = await submitForm(approverAgent, `/approvals/${request.id}`, `/approvals/${request.id}/decision`, { decision: 'lines', ...choices });
    expect(confirming.text).toContain('Confirm with OK');
    expect(confirming.text).not.toContain('type="radio"');
    expect(confirming.text).not.toContain('<textarea');
    expect(confirming.text).toMatch(/1 × Saw<\/strong> <span class="muted">\(SAW\)<\/span>: Reject<\/li>/);
    expect(confirming.text).toContain(`<input type="hidden" name="line_${lines[2].id}" value="rejected">`);
    expect(confirming.text).toContain('Comment: No saws this quarter.');
    const back = await approverAgent.post(`/approvals/${request.id}/decision`).type('form').send({ _csrf: csrfFrom(confirming.text), decision: 'change', ...choices, confirm: '1' });
    expect(back.status).toBe(200);
    expect(back.text).toMatch(new RegExp(`name="line_${lines[2].id}" value="rejected" checked`));
    expect(back.text).toContain('>No saws this quarter.</textarea>');
    // Also back from "approve all": what was chosen line by line is still there.
    const approvingAll = await approverAgent.post(`/approvals/${request.id}/decision`).type('form').send({ _csrf: csrfFrom(back.text), decision: 'approve', ...choices });
    expect(approvingAll.text).toContain('Confirm with OK');
    const backAgain = await approverAgent.post(`/approvals/${request.id}/decision`).type('form').send({ _csrf: csrfFrom(approvingAll.text), ...Object.fromEntries([...approvingAll.text.matchAll(/<input type="hidden" name="(line_\d+|comment)" value="([^"]*)">/g)].map((m) => [m[1], m[2]])), decision: 'change', confirm: '1' });
    expect(backAgain.text).toMatch(new RegExp(`name="line_${lines[2].id}" value="rejected" checked`));
    expect((await orderRow(number)).status).toBe('awaiting_approval');
    const decided = await decide(approverAgent, request.id, { decision: 'lines', [`line_${lines[1].id}`]: 'approved', [`line_${lines[2].id}`]: 'rejected', comment: 'No saws this quarter.' });
    expect(decided.status).toBe(302);
    const after = await orderRow(number);
    expect(after.status).toBe('processing');
    expect(after.subtotal).toBe(5000 + 80000);
    expect((await t.db('order_lines').where({ order_id: order.id }).orderBy('line_no')).map((l: { status: string }) => l.status)).toEqual(['accepted', 'accepted', 'rejected']);
    expect((await approvalRequestOf(number))[0].status).toBe('partly_approved');
    // The buyer is told that lines were taken out, not that the order was approved.
    const told = await t.db('outbox_emails').where({ template: 'order-decided', to_address: user.email }).first();
    expect(told.text).toContain(`Order ${number} was decided by Anna Approver: the lines marked rejected were taken out`);
    expect(told.text).toContain('No saws this quarter.');
    // The rejected line is listed without an amount: the lines add up to the totals below.
    expect(told.text).toMatch(/1 × Saw \(SAW\) — Outside your assortment — Rejected/);
    expect(told.text).toMatch(/Total ex VAT: SEK\s?850\.00/);
    // So on the order page.
    const orderPage = (await agent.get(`/orders/${number}`)).text;
    expect(orderPage).toMatch(/\(SAW\)[\s\S]*?<td class="num">[^<]*<\/td><td class="num"><\/td>/);
    expect(orderPage).toContain('Outside your assortment');
    // Staff see the same marks as the customer's assortment, not theirs.
    const staffPage = (await staff.get(`/admin/orders/${number}`)).text;
    expect(staffPage).toContain('Outside the customer&#39;s assortment');
    expect(staffPage).not.toContain('Outside your assortment');
  });

  it('a line rejected while another request still waits keeps its amount: the totals are those placed until the order goes on, also once withdrawn', async () => {
    const [{ id: rule }] = await t.db('approval_rules').insert({ organisation_id: org.id, kind: 'total_at_least', amount: 1 }).returning('id');
    const { agent } = await buyerWith({ approval_mode: 'outside_assortment', approver_id: approver.id });
    await fill(agent, [['PAPER', 1], ['SAW', 1]]);
    const number = orderNumberOf(await confirm(agent, await review(agent)));
    const order = await orderRow(number);
    const lines = await t.db('order_lines').where({ order_id: order.id }).orderBy('line_no');
    const [lineRequest] = (await approvalRequestOf(number)).filter((r: { approver_id: number | null }) => r.approver_id === approver.id);
    const approverAgent = await signIn(t.app, approver.email);
    expect((await decide(approverAgent, lineRequest.id, { decision: 'lines', [`line_${lines[1].id}`]: 'rejected', comment: 'No saws.' })).status).toBe(302);
    expect((await orderRow(number)).status).toBe('awaiting_approval');
    const sawAmount = /\(SAW\)[\s\S]*?<td class="num">[^<]*<\/td><td class="num">([^<]*)<\/td>/;
    expect(sawAmount.exec((await agent.get(`/orders/${number}`)).text)![1]).toMatch(/SEK\s?300\.00/);
    const page = await agent.get(`/orders/${number}`);
    await agent.post(`/orders/${number}/withdrawal`).type('form').send({ _csrf: csrfFrom(page.text), confirm: '1' }).expect(302);
    expect(sawAmount.exec((await agent.get(`/orders/${number}`)).text)![1]).toMatch(/SEK\s?300\.00/);
    await t.db('approval_rules').where({ id: rule }).delete();
  });

  it('decided by two approvers: the buyer\'s mail gives each decision with its comment, and its subject the outcome', async () => {
    const [{ id: rule }] = await t.db('approval_rules').insert({ organisation_id: org.id, kind: 'total_at_least', amount: 1 }).returning('id');
    const { agent, user } = await buyerWith({ approval_mode: 'outside_assortment', approver_id: approver.id });
    await fill(agent, [['PAPER', 1], ['SAW', 1]]);
    const number = orderNumberOf(await confirm(agent, await review(agent)));
    const lines = await t.db('order_lines').where({ order_id: (await orderRow(number)).id }).orderBy('line_no');
    const requests = await approvalRequestOf(number);
    const lineRequest = requests.find((r: { approver_id: number | null }) => r.approver_id === approver.id);
    const ruleRequest = requests.find((r: { approver_id: number | null }) => r.approver_id === null);
    expect((await decide(await signIn(t.app, approver.email), lineRequest.id, { decision: 'lines', [`line_${lines[1].id}`]: 'rejected', comment: 'No saws.' })).status).toBe(302);
    const admin = await t.db('users').where({ organisation_id: org.id, name: 'Ada Admin' }).first();
    expect((await decide(await signIn(t.app, admin.email), ruleRequest.id, { decision: 'approve', comment: 'Paper is fine.' })).status).toBe(302);
    expect((await orderRow(number)).status).toBe('processing');
    const told = await t.db('outbox_emails').where({ template: 'order-decided', to_address: user.email }).orderBy('id', 'desc').first();
    expect(told.subject).toBe(`Order ${number} partly approved`);
    expect(told.text).toContain(`Order ${number} was decided: the lines marked rejected were taken out`);
    expect(told.text).toContain('How each approver decided:\n- Anna Approver: Rejected\n  Comment: No saws.\n- Ada Admin: Approved\n  Comment: Paper is fine.');
    await t.db('approval_rules').where({ id: rule }).delete();
  });

  it('two admins deciding at once give one decision; the second is told', async () => {
    const { agent } = await buyerWith({ approval_mode: 'always', approver_id: null });
    await createAdmin(t.db, { organisation_id: org.id, name: 'Second Admin', email: 'second-admin@ordering.example' });
    await fill(agent, [['PEN', 1]]);
    const number = orderNumberOf(await confirm(agent, await review(agent)));
    const [request] = await approvalRequestOf(number);
    expect(request.approver_id).toBeNull();
    const admins = await t.db('users').where({ organisation_id: org.id }).whereRaw(`'manage_users' = ANY(permissions)`).pluck('email');
    const [a, b] = await Promise.all(admins.slice(0, 2).map((email: string) => signIn(t.app, email)));
    const [pageA, pageB] = await Promise.all([a, b].map((x) => submitForm(x, `/approvals/${request.id}`, `/approvals/${request.id}/decision`, { decision: 'approve', comment: '' })));
    const results = await Promise.all([[a, pageA], [b, pageB]].map(([x, page]) => (x as Agent).post(`/approvals/${request.id}/decision`).type('form').send({ _csrf: csrfFrom((page as { text: string }).text), decision: 'approve', comment: '', confirm: '1' })));
    expect(results.map((r) => r.status).sort()).toEqual([302, 409]);
    expect(results.find((r) => r.status === 409)!.text).toContain('This has been decided already');
    expect(await t.db('audit_events').where({ action: 'approval.decided', subject_id: String(number) }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('the buyer withdraws a waiting order; then there is nothing to decide', async () => {
    const { agent } = await buyerWith({ approval_mode: 'always', approver_id: approver.id });
    await fill(agent, [['PEN', 1]]);
    const number = orderNumberOf(await confirm(agent, await review(agent)));
    const page = await agent.get(`/orders/${number}`);
    expect(page.text).toContain('Withdraw the order');
    // The first press asks; OK withdraws.
    const asked = await agent.post(`/orders/${number}/withdrawal`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(200);
    expect(asked.text).toContain('You withdraw the order: it will not go to the shop');
    expect((await orderRow(number)).status).toBe('awaiting_approval');
    // The approver has the confirmation step open in a tab meanwhile.
    const [open] = await approvalRequestOf(number);
    const approverAgent = await signIn(t.app, approver.email);
    const oldTab = await submitForm(approverAgent, `/approvals/${open.id}`, `/approvals/${open.id}/decision`, { decision: 'approve', comment: '' });
    await agent.post(`/orders/${number}/withdrawal`).type('form').send({ _csrf: csrfFrom(page.text), confirm: '1' }).expect(302);
    expect((await orderRow(number)).status).toBe('withdrawn');
    const [request] = await approvalRequestOf(number);
    expect(request.status).toBe('withdrawn');
    const tooLate = await approverAgent.post(`/approvals/${request.id}/decision`).type('form').send({ _csrf: csrfFrom(oldTab.text), decision: 'approve', comment: '', confirm: '1' });
    expect(tooLate.status).toBe(409);
    expect(tooLate.text).toContain('The order was withdrawn meanwhile, so there is nothing left to decide');
    const late = await approverAgent.get(`/approvals/${request.id}`);
    expect(late.text).toContain('This does not wait for a decision.');
    expect(late.text).toContain(`<h1>Order ${number}</h1>`);
    const again = await agent.post(`/orders/${number}/withdrawal`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(again.status).toBe(409);
    // The approver is told, once.
    await t.deliverMail();
    await t.mail.waitFor((m) => m.to.includes(approver.email) && m.subject === `Order ${number} was withdrawn`);
    const told = t.mail.messages().filter((m) => m.to.includes(approver.email) && m.subject === `Order ${number} was withdrawn`);
    expect(told).toHaveLength(1);
    expect(told[0].text).toContain('There is nothing left to decide.');
  });

  it('a buyer who is an admin never approves their own order; a disabled approver approves nothing', async () => {
    const bossUser = await createUser(t.db, { organisation_id: org.id, permissions: ALL_PERMISSIONS, approval_mode: 'always', approver_id: null, name: 'Boss' });
    const boss = await signIn(t.app, bossUser.email);
    await fill(boss, [['PEN', 1]]);
    const number = orderNumberOf(await confirm(boss, await review(boss)));
    const [request] = await approvalRequestOf(number);
    await boss.get(`/approvals/${request.id}`).expect(404);
    expect((await boss.get('/approvals')).text).not.toContain(`/approvals/${request.id}"`);

    const { agent } = await buyerWith({ approval_mode: 'always', approver_id: approver.id });
    await fill(agent, [['PEN', 1]]);
    const waiting = orderNumberOf(await confirm(agent, await review(agent)));
    const [req2] = await approvalRequestOf(waiting);
    const approverAgent = await signIn(t.app, approver.email);
    const form = await approverAgent.get(`/approvals/${req2.id}`).expect(200);
    await t.db('users').where({ id: approver.id }).update({ disabled_at: new Date() });
    const refused = await approverAgent.post(`/approvals/${req2.id}/decision`).type('form').send({ _csrf: csrfFrom(form.text), decision: 'approve', confirm: '1' });
    expect(refused.status).toBe(302);
    expect(refused.headers.location).toBe('/login');
    expect((await orderRow(waiting)).status).toBe('awaiting_approval');
    await t.db('users').where({ id: approver.id }).update({ disabled_at: null });
  });
});

describe('approval settings and stand-ins', () => {
  it('an admin sets a login\'s mode, approver and limit; bad input is refused by the field', async () => {
    const admin = await signIn(t.app, (await t.db('users').where({ organisation_id: org.id, name: 'Ada Admin' }).first()).email);
    const { user, agent } = await buyerWith();
    const bad = await submitForm(admin, `/my/users/${user.id}/approval`, `/my/users/${user.id}/approval`, { approval_mode: 'sometimes', approver_id: String(user.id), order_limit: '12,505' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="field-order_limit-error"');
    expect(bad.text).toContain('Enter an amount like 5000 or 5000.50.');
    expect(bad.text).toContain('Order limit in SEK (empty: none)');
    expect(bad.text).toContain('Choose how this login&#39;s orders are approved.');
    expect((await t.db('users').where({ id: user.id }).first()).approval_mode).toBe('none');
    const approverIsSelf = await submitForm(admin, `/my/users/${user.id}/approval`, `/my/users/${user.id}/approval`, { approval_mode: 'none', approver_id: String(user.id), order_limit: '' });
    expect(approverIsSelf.status).toBe(422);
    expect(approverIsSelf.text).toContain('Choose someone of your company who may approve orders.');
    const ok = await submitForm(admin, `/my/users/${user.id}/approval`, `/my/users/${user.id}/approval`, { approval_mode: 'none', approver_id: String(approver.id), order_limit: '500' });
    expect(ok.status).toBe(302);
    expect(await t.db('users').where({ id: user.id }).first('approval_mode', 'approver_id', 'order_limit')).toEqual({ approval_mode: 'none', approver_id: approver.id, order_limit: 50000 });
    await fill(agent, [['PAPER', 10]]);
    const reviewed = await review(agent);
    expect(reviewed.text).toContain('the order total is above the buyer&#39;s limit of SEK');
  });

  it('a main customer\'s rules cover its sub-customers\' orders; one naming nobody goes to the main customer\'s admins', async () => {
    const sub = await createOrganisation(t.db, { name: 'Ordering Filial AB', parent_id: org.id });
    const [{ id: subAddress }] = await t.db('addresses').insert({ organisation_id: sub.id, kind: 'delivery', name: 'Filial', line1: 'Gata 2', postal_code: '222 22', city: 'Lund', country: 'SE', is_default: true }).returning('id');
    const subAdmin = await createAdmin(t.db, { organisation_id: sub.id, name: 'Sune Sub', locale: 'en' });
    const tools = await t.db('categories').where({ slug: 'tools' }).first('id');
    const rules = await t.db('approval_rules').insert([{ organisation_id: org.id, kind: 'category', category_id: tools.id }, { organisation_id: org.id, kind: 'total_at_least', amount: 1, approver_id: approver.id }]).returning('id');
    await t.db('shop_settings').update({ allow_child_login: true });
    try {
      const buyer = await createUser(t.db, { organisation_id: sub.id, permissions: BUYING, locale: 'en' });
      const agent = await signIn(t.app, buyer.email);
      await fill(agent, [['DRILL', 1]]);
      const reviewed = await review(agent, { delivery_address_id: String(subAddress) });
      expect(reviewed.text).toContain('This order will wait for approval by the administrators of your main customer because:');
      expect(reviewed.text).toContain('orders with products from Tools need approval');
      const number = orderNumberOf(await confirm(agent, reviewed));
      const requests = await approvalRequestOf(number);
      const request = requests.find((r: { approver_id: number | null }) => r.approver_id === null);
      const toApprover = requests.find((r: { approver_id: number | null }) => r.approver_id === approver.id);
      expect(request).toMatchObject({ organisation_id: org.id, approver_id: null });
      // The rule's approver's request falls back to the main customer's admins too, not to the sub-customer's.
      expect(toApprover).toMatchObject({ organisation_id: org.id, approver_id: approver.id });
      await t.db('approval_requests').where({ id: toApprover.id }).update({ escalated_at: new Date() });
      // The sub-customer's own admin is not asked; the main customer's is.
      const subList = (await (await signIn(t.app, subAdmin.email)).get('/approvals')).text;
      expect(subList).not.toContain(`/approvals/${request.id}"`);
      expect(subList).not.toContain(`/approvals/${toApprover.id}"`);
      const mainAdmin = await signIn(t.app, (await t.db('users').where({ organisation_id: org.id, name: 'Ada Admin' }).first()).email);
      expect((await decide(mainAdmin, request.id, { decision: 'approve', comment: '' })).status).toBe(302);
      expect((await decide(mainAdmin, toApprover.id, { decision: 'approve', comment: '' })).status).toBe(302);
      expect((await orderRow(number)).status).toBe('processing');
    } finally {
      await t.db('approval_rules').whereIn('id', rules.map((r: { id: number }) => r.id)).delete();
      await t.db('shop_settings').update({ allow_child_login: false });
    }
  });

  it('while an approver is away, their orders go to the stand-in', async () => {
    const standIn = await createUser(t.db, { organisation_id: org.id, name: 'Sven Stand-in', permissions: APPROVING, locale: 'en' });
    const approverAgent = await signIn(t.app, approver.email);
    const today = dayOf(new Date());
    const bad = await submitForm(approverAgent, '/approvals', '/approvals/stand-ins', { stand_in_id: String(standIn.id), starts_on: today, ends_on: '2020-01-01' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('The last day comes before the first.');
    const over = await submitForm(approverAgent, '/approvals', '/approvals/stand-ins', { stand_in_id: String(standIn.id), starts_on: '2020-01-01', ends_on: '2020-01-10' });
    expect(over.status).toBe(422);
    expect(over.text).toContain('This period is already over.');
    await submitForm(approverAgent, '/approvals', '/approvals/stand-ins', { stand_in_id: String(standIn.id), starts_on: today, ends_on: today }).then((r) => expect(r.status).toBe(302));
    const { agent } = await buyerWith({ approval_mode: 'always', approver_id: approver.id });
    await fill(agent, [['PEN', 1]]);
    expect((await review(agent)).text).toContain('wait for approval by Sven Stand-in (standing in for Anna Approver)');
    const number = orderNumberOf(await confirm(agent, await review(agent)));
    const [request] = await approvalRequestOf(number);
    expect(request).toMatchObject({ approver_id: standIn.id, stand_in_for: approver.id });
    await t.deliverMail();
    const toStandIn = (await t.mail.waitFor((m) => m.to.includes(standIn.email) && m.subject.includes(String(number)))).text;
    // Said before the reasons, not as the first of them.
    expect(toStandIn).toMatch(/You stand in for Anna Approver, who is away\.\n\n.*because:\n- every order of this buyer needs approval/);
    const page = await approverAgent.get('/approvals');
    const removal = /action="(\/approvals\/stand-ins\/\d+\/removal)"/.exec(page.text)![1];
    await approverAgent.post(removal).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
    expect(await t.db('approval_stand_ins').where({ approver_id: approver.id }).count('* as n').first()).toEqual({ n: 0 });
    // Removed already (a second click), or never there: not found, and no "removed" message.
    await approverAgent.post(removal).type('form').send({ _csrf: csrfFrom(page.text) }).expect(404);
    // Back early, the approver has the order in their list and decides it.
    expect((await approverAgent.get('/approvals')).text).toContain(`/approvals/${request.id}"`);
    expect((await decide(approverAgent, request.id, { decision: 'approve', comment: '' })).status).toBe(302);
    expect((await orderRow(number)).status).toBe('processing');
  });

  it('a stand-in also decides what waited for the approver before the period began; periods of one approver do not overlap', async () => {
    const absent = await createUser(t.db, { organisation_id: org.id, name: 'Asta Away', permissions: APPROVING, locale: 'en' });
    const standIn = await createUser(t.db, { organisation_id: org.id, name: 'Stig Stand-in', permissions: APPROVING, locale: 'en' });
    const { agent } = await buyerWith({ approval_mode: 'always', approver_id: absent.id });
    await fill(agent, [['PEN', 1]]);
    const number = orderNumberOf(await confirm(agent, await review(agent)));
    const [request] = await approvalRequestOf(number);
    expect(request.approver_id).toBe(absent.id);
    await fill(agent, [['PEN', 2]]);
    const withdrawnLater = orderNumberOf(await confirm(agent, await review(agent)));
    const stig = await signIn(t.app, standIn.email);
    expect((await stig.get('/approvals')).text).not.toContain(`/approvals/${request.id}"`);
    await stig.get(`/approvals/${request.id}`).expect(404);

    const asta = await signIn(t.app, absent.email);
    const today = dayOf(new Date());
    const period = { stand_in_id: String(standIn.id), starts_on: today, ends_on: addDays(today, 7) };
    expect((await submitForm(asta, '/approvals', '/approvals/stand-ins', period)).status).toBe(302);
    const overlapping = await submitForm(asta, '/approvals', '/approvals/stand-ins', { ...period, starts_on: addDays(today, 3), ends_on: addDays(today, 10) });
    expect(overlapping.status).toBe(422);
    expect(overlapping.text).toMatch(/id="field-starts_on-error">A stand-in period of yours already covers some of these days/);
    const forAges = await submitForm(asta, '/approvals', '/approvals/stand-ins', { ...period, starts_on: addDays(today, 30), ends_on: addDays(today, 30 + 366) });
    expect(forAges.status).toBe(422);
    expect(forAges.text).toMatch(/id="field-ends_on-error">A stand-in covers at most a year/);
    const nobody = await submitForm(asta, '/approvals', '/approvals/stand-ins', { ...period, stand_in_id: 'abc', starts_on: addDays(today, 30), ends_on: addDays(today, 31) });
    expect(nobody.text).toMatch(/id="field-stand_in_id-error">[^<]*not valid/i);
    expect(await t.db('approval_stand_ins').where({ approver_id: absent.id })).toHaveLength(1);

    expect((await stig.get('/approvals')).text).toContain(`/approvals/${request.id}"`);
    // Withdrawn from their list: told, as the absent approver is.
    const orderPage = await agent.get(`/orders/${withdrawnLater}`);
    await agent.post(`/orders/${withdrawnLater}/withdrawal`).type('form').send({ _csrf: csrfFrom(orderPage.text), confirm: '1' }).expect(302);
    await t.deliverMail();
    await t.mail.waitFor((m) => m.to.includes(standIn.email) && m.subject === `Order ${withdrawnLater} was withdrawn`);
    await t.mail.waitFor((m) => m.to.includes(absent.email) && m.subject === `Order ${withdrawnLater} was withdrawn`);
    // Reminded too, told for whom, since the order is in their list.
    await remindUndecided({ db: t.db, actor: null, now: new Date(Date.now() + 4 * 86_400_000), baseUrl: 'http://shop.test' });
    await t.deliverMail();
    expect((await t.mail.waitFor((m) => m.to.includes(standIn.email) && m.subject.startsWith('Reminder'))).text).toContain('You stand in for Asta Away, who is away.');
    expect((await decide(stig, request.id, { decision: 'approve', comment: '' })).status).toBe(302);
    const decided = await t.db('audit_events').where({ action: 'approval.decided', subject_id: String(number) }).first('actor_id', 'after');
    expect(decided).toMatchObject({ actor_id: standIn.id, after: { stand_in_for: absent.id } });
    expect((await orderRow(number)).status).toBe('processing');
  });
});

describe('organisation rules and reorder', () => {
  it('an admin adds a rule on the total; orders at or above it wait for the rule\'s approver; bad input is refused', async () => {
    const admin = await signIn(t.app, (await t.db('users').where({ organisation_id: org.id, name: 'Ada Admin' }).first()).email);
    const bad = await submitForm(admin, '/my/approval-rules', '/my/approval-rules', { kind: 'total_at_least', amount: '-5', category_id: '', approver_id: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="field-amount-error"');
    const noCategory = await submitForm(admin, '/my/approval-rules', '/my/approval-rules', { kind: 'category', amount: '', category_id: '999999', approver_id: '' });
    expect(noCategory.status).toBe(422);
    expect((await submitForm(admin, '/my/approval-rules', '/my/approval-rules', { kind: 'total_at_least', amount: '900', category_id: '', approver_id: String(approver.id) })).status).toBe(302);
    expect((await admin.get('/my/approval-rules')).text).toMatch(/Orders of SEK\s?900\.00 or more/);
    const twice = await submitForm(admin, '/my/approval-rules', '/my/approval-rules', { kind: 'total_at_least', amount: '900,00', category_id: '', approver_id: String(approver.id) });
    expect(twice.status).toBe(422);
    expect(twice.text).toMatch(/id="field-amount-error">You have this rule already\./);
    const { agent } = await buyerWith();
    await fill(agent, [['DRILL', 1]]);
    const reviewed = await review(agent);
    expect(reviewed.text).toContain('wait for approval by Anna Approver');
    expect(reviewed.text).toMatch(/orders of SEK\s?900\.00 or more need approval/);
    const { agent: small } = await buyerWith();
    await fill(small, [['PEN', 1]]);
    expect((await review(small)).text).toContain('will be sent to the shop');
    const { agent: buyer } = await buyerWith();
    await buyer.get('/my/approval-rules').expect(403);
    const page = await admin.get('/my/approval-rules');
    const removal = /action="(\/my\/approval-rules\/\d+\/removal)"/.exec(page.text)![1];
    await admin.post(removal).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
    expect(await t.db('approval_rules').where({ organisation_id: org.id }).count('* as n').first()).toEqual({ n: 0 });
  });

  it('reorder puts an order\'s lines into the cart at today\'s prices; approvers see what waits on My page', async () => {
    const { agent } = await buyerWith();
    await fill(agent, [['PAPER', 2], ['PEN', 4]]);
    const number = orderNumberOf(await confirm(agent, await review(agent)));
    const page = await agent.get(`/orders/${number}`);
    await agent.post(`/orders/${number}/reorder`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
    const cart = await agent.get('/cart');
    expect(cart.text).toContain('2 lines were put into your cart.');
    expect(cart.text).not.toContain('could not be ordered');
    expect(cart.text).toContain('value="2"');
    expect(cart.text).toContain('value="4"');
    const approverAgent = await signIn(t.app, approver.email);
    expect((await approverAgent.get('/my')).text).toMatch(/href="\/approvals"/);
    // The buyers one approves for, each with their order limit in their customer's currency.
    await buyerWith({ name: 'Lim Limited', approver_id: approver.id, order_limit: 50000 });
    expect((await approverAgent.get('/approvals')).text).toMatch(/Lim Limited <span class="muted">— [^<]*, order limit SEK\s?500\.00/);
  });
});

describe('what a second read found', () => {
  it('a withdrawal and a decision at the same moment: one wins, neither fails', async () => {
    const { agent } = await buyerWith({ approval_mode: 'always', approver_id: approver.id });
    await fill(agent, [['PEN', 1]]);
    const number = orderNumberOf(await confirm(agent, await review(agent)));
    const [request] = await approvalRequestOf(number);
    const approverAgent = await signIn(t.app, approver.email);
    const first = await submitForm(approverAgent, `/approvals/${request.id}`, `/approvals/${request.id}/decision`, { decision: 'approve', comment: '' });
    const orderPage = await agent.get(`/orders/${number}`);
    const [decided, withdrawn] = await Promise.all([
      approverAgent.post(`/approvals/${request.id}/decision`).type('form').send({ _csrf: csrfFrom(first.text), decision: 'approve', comment: '', confirm: '1' }),
      agent.post(`/orders/${number}/withdrawal`).type('form').send({ _csrf: csrfFrom(orderPage.text), confirm: '1' }),
    ]);
    expect([decided.status, withdrawn.status].sort()).toEqual([302, 409]);
    expect(['processing', 'withdrawn']).toContain((await orderRow(number)).status);
  });

  it('after five working days the admins may decide a request that names someone else', async () => {
    const { agent } = await buyerWith({ approval_mode: 'always', approver_id: approver.id });
    await fill(agent, [['PEN', 1]]);
    const number = orderNumberOf(await confirm(agent, await review(agent)));
    const [request] = await approvalRequestOf(number);
    const admin = await signIn(t.app, (await t.db('users').where({ organisation_id: org.id, name: 'Ada Admin' }).first()).email);
    await admin.get(`/approvals/${request.id}`).expect(404);
    await t.db('approval_requests').where({ id: request.id }).update({ escalated_at: new Date() });
    expect((await admin.get('/approvals')).text).toContain(`/approvals/${request.id}"`);
    expect((await decide(admin, request.id, { decision: 'approve', comment: '' })).status).toBe(302);
    expect((await orderRow(number)).status).toBe('processing');
  });

  it('a category rule covers its sub-categories', async () => {
    const tools = (await t.db('categories').where({ slug: 'tools' }).first()).id;
    const [{ id: power }] = await t.db('categories').insert({ slug: 'power-tools', parent_id: tools, name: JSON.stringify({ en: 'Power tools' }) }).returning('id');
    await t.db('products').where({ sku: 'DRILL' }).update({ category_id: power });
    await t.db('approval_rules').insert({ organisation_id: org.id, kind: 'category', category_id: tools, approver_id: approver.id });
    const { agent } = await buyerWith();
    await fill(agent, [['DRILL', 1]]);
    expect((await review(agent)).text).toContain('orders with products from Tools need approval');
    await t.db('approval_rules').where({ organisation_id: org.id }).delete();
    await t.db('products').where({ sku: 'DRILL' }).update({ category_id: tools });
  });

  it('without "see prices" the reasons leave amounts out', async () => {
    const { agent } = await buyerWith({ order_limit: 100, approver_id: approver.id }, ['place_orders', 'view_orders']);
    await fill(agent, [['PEN', 1]]);
    const reviewed = await review(agent);
    expect(reviewed.text).toContain('the order total is above the buyer&#39;s order limit');
    expect(reviewed.text).not.toMatch(/SEK|1\.00/);
  });

  it('a cart changed after the review is not placed; the buyer reviews again', async () => {
    const { agent, user } = await buyerWith();
    await fill(agent, [['PEN', 1]]);
    const reviewed = await review(agent);
    await fill(agent, [['SAW', 1]]);
    const placed = await confirm(agent, reviewed);
    // Back on the form with what was typed (reference PO-1), the message saying why.
    expect(placed.status).toBe(409);
    expect(placed.text).toContain('Your cart changed after the review.');
    expect(placed.text).toMatch(/name="reference"[^>]*\s+value="PO-1"/);
    // So does the review's "back", which sends what was typed in the body, not in the address.
    const second = await review(agent, { comment: 'Ring the bell' });
    expect(second.text).toMatch(/<button type="submit" class="link-button" formaction="\/checkout\/form">Back<\/button>/);
    expect(second.text).not.toMatch(/href="[^"]*Ring/);
    const back = await agent.post('/checkout/form').type('form').send(reviewFields(second)).expect(200);
    expect(back.text).toMatch(/<textarea[^>]*name="comment"[^>]*>Ring the bell<\/textarea>/);
    expect(back.text).toMatch(/name="reference"[^>]*\s+value="PO-1"/);
    // Opened by address, the steps lead to the form.
    await agent.get('/checkout/review').expect(302).expect('location', '/checkout');
    await agent.get('/checkout/form').expect(302).expect('location', '/checkout');
    expect(await t.db('orders').where({ placed_by: user.id }).count('* as n').first()).toEqual({ n: 0 });
  });

  it('a stand-in date that is no day is refused by the field', async () => {
    const approverAgent = await signIn(t.app, approver.email);
    const colleague = await createUser(t.db, { organisation_id: org.id, permissions: APPROVING });
    const bad = await submitForm(approverAgent, '/approvals', '/approvals/stand-ins', { stand_in_id: String(colleague.id), starts_on: '2026-02-30', ends_on: '2026-03-01' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="field-starts_on-error"');
  });
});

describe('a customer deleted while its people are signed in', () => {
  it('places nothing and decides nothing afterwards', async () => {
    const gone = await createOrganisation(t.db, { name: 'Gone AB' });
    const [{ id: goneAddress }] = await t.db('addresses').insert({ organisation_id: gone.id, kind: 'delivery', name: 'Gone', line1: 'Road 1', postal_code: '1', city: 'Town', country: 'SE' }).returning('id');
    const goneApprover = await createUser(t.db, { organisation_id: gone.id, permissions: APPROVING });
    const goneBuyer = await createUser(t.db, { organisation_id: gone.id, permissions: BUYING, approval_mode: 'always', approver_id: goneApprover.id });
    const buyer = await signIn(t.app, goneBuyer.email);
    const approving = await signIn(t.app, goneApprover.email);
    await fill(buyer, [['PEN', 1]]);
    const first = orderNumberOf(await confirm(buyer, await review(buyer, { delivery_address_id: String(goneAddress) })));
    const [request] = await approvalRequestOf(first);
    await fill(buyer, [['PEN', 1]]);
    const reviewed = await review(buyer, { delivery_address_id: String(goneAddress) });
    const decisionForm = await approving.get(`/approvals/${request.id}`).expect(200);
    const { deleteCustomer } = await import('../../src/accounts/customers.ts');
    await deleteCustomer({ db: t.db, actor: null, now: new Date(), baseUrl: '' }, gone.id, withdrawWaitingOrders);
    const placed = await confirm(buyer, reviewed);
    expect(placed.status).toBe(302);
    expect(placed.headers.location).toBe('/login');
    const decided = await approving.post(`/approvals/${request.id}/decision`).type('form').send({ _csrf: csrfFrom(decisionForm.text), decision: 'approve', confirm: '1' });
    expect(decided.headers.location).toBe('/login');
    const customerNumber = (await t.db('orders').where({ number: first }).first()).customer_number;
    expect(await t.db('orders').where({ customer_number: customerNumber }).count('* as n').first()).toEqual({ n: 1 });
    // What waited is withdrawn with the customer: nobody is left to decide it.
    expect((await t.db('orders').where({ number: first }).first()).status).toBe('withdrawn');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { remindUndecided, workingDaysBetween } from '../../src/approval/index.ts';
import { addToCart } from '../../src/cart/index.ts';
import { placeOrder } from '../../src/checkout/index.ts';
import type { Ctx } from '../../src/lib/context.ts';
import { createAdmin, createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn } from '../support/http.ts';

const t = useTestApp();
let ids: { product: string };
const ctxAt = (now: Date): Ctx => ({ db: t.db, actor: null, now, baseUrl: 'http://shop.test' });

beforeAll(async () => {
  const [{ id: list }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  const [{ id: product }] = await t.db('products').insert({ sku: 'CHAIR', name: JSON.stringify({ en: 'Chair' }) }).returning('id');
  await t.db('prices').insert({ price_list_id: list, product_id: product, min_qty: 1, unit_price: 100000 });
  ids = { product: 'CHAIR' };
});

async function customer(fields: Record<string, unknown> = {}) {
  const org = await createOrganisation(t.db, fields);
  const [{ id: address }] = await t.db('addresses').insert({ organisation_id: org.id, kind: 'delivery', name: 'Office', line1: 'Road 1', line2: 'Floor 3', postal_code: '1', city: 'Town', country: 'SE' }).returning('id');
  return { org, address };
}

async function order(buyer: { id: number; organisation_id: number | null }, address: number, now: Date) {
  const ctx = ctxAt(now);
  await addToCart(ctx, { userId: buyer.id, organisationId: buyer.organisation_id! }, ids.product, 1);
  const placed = await placeOrder(ctx, { buyerId: buyer.id, organisationId: buyer.organisation_id!, deliveryAddressId: address, reference: null, comment: null, idempotencyKey: Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32), channel: 'web' });
  if (!placed.ok) throw new Error(JSON.stringify(placed.errors));
  return placed.value.number;
}

describe('working days', () => {
  it.each([
    ['2026-11-20T10:00:00Z', '2026-11-23T09:00:00Z', 1], // Friday → Monday
    ['2026-11-20T10:00:00Z', '2026-11-24T09:00:00Z', 2],
    ['2026-11-21T10:00:00Z', '2026-11-22T09:00:00Z', 0], // Saturday → Sunday
    ['2026-11-16T10:00:00Z', '2026-11-23T09:00:00Z', 5],
    ['2026-11-22T23:30:00Z', '2026-11-24T09:00:00Z', 1], // Monday 00:30 in Stockholm → Tuesday
  ])('%s → %s: %i', (from, to, days) => {
    expect(workingDaysBetween(new Date(from), new Date(to))).toBe(days);
  });
});

describe('reminders and escalation', () => {
  it('reminds the approver after two working days and tells the admins after five, once each', async () => {
    const { org, address } = await customer();
    const approver = await createUser(t.db, { organisation_id: org.id, name: 'Rita Reminded', permissions: ['approve_orders'], locale: 'en' });
    const admin = await createAdmin(t.db, { organisation_id: org.id, name: 'Alma Admin', locale: 'en' });
    const buyer = await createUser(t.db, { organisation_id: org.id, approval_mode: 'always', approver_id: approver.id });
    const number = await order(buyer, address, new Date('2026-11-16T09:00:00Z')); // a Monday
    expect(await remindUndecided(ctxAt(new Date('2026-11-17T12:00:00Z')))).toEqual({ reminded: 0, escalated: 0 });
    expect(await remindUndecided(ctxAt(new Date('2026-11-18T12:00:00Z')))).toEqual({ reminded: 1, escalated: 0 });
    expect(await remindUndecided(ctxAt(new Date('2026-11-19T12:00:00Z')))).toEqual({ reminded: 0, escalated: 0 });
    expect(await remindUndecided(ctxAt(new Date('2026-11-23T12:00:00Z')))).toEqual({ reminded: 0, escalated: 1 });
    expect(await remindUndecided(ctxAt(new Date('2026-11-30T12:00:00Z')))).toEqual({ reminded: 0, escalated: 0 });
    await t.deliverMail();
    const reminder = await t.mail.waitFor((m) => m.to.includes(approver.email) && m.subject.startsWith('Reminder'));
    expect(reminder.text).toContain(`order ${number}`.replace('order', 'Order'));
    const escalated = await t.mail.waitFor((m) => m.to.includes(admin.email) && m.subject.includes('five working days'));
    expect(escalated.text).toContain('/approvals/');
  });
});

describe('a buyer who stands in for their own approver', () => {
  it('is neither reminded of nor told about their own order as its decider', async () => {
    const { org, address } = await customer();
    const approver = await createUser(t.db, { organisation_id: org.id, permissions: ['approve_orders'], locale: 'en' });
    const buyer = await createUser(t.db, { organisation_id: org.id, approval_mode: 'always', approver_id: approver.id, permissions: ['place_orders', 'view_orders', 'view_prices', 'approve_orders'], locale: 'en' });
    await t.db('approval_stand_ins').insert({ approver_id: approver.id, stand_in_id: buyer.id, starts_on: '2020-01-01', ends_on: '2099-12-31' });
    const number = await order(buyer, address, new Date('2026-11-16T09:00:00Z'));
    await remindUndecided(ctxAt(new Date('2026-11-18T12:00:00Z')));
    const agent = await signIn(t.app, buyer.email);
    const page = await agent.get(`/orders/${number}`);
    await agent.post(`/orders/${number}/withdrawal`).type('form').send({ _csrf: csrfFrom(page.text), confirm: '1' }).expect(302);
    const mails = await t.db('outbox_emails').whereIn('template', ['approval-reminder', 'order-withdrawn']).whereIn('to_address', [approver.email, buyer.email]).orderBy('id').select('template', 'to_address');
    expect(mails).toEqual([{ template: 'approval-reminder', to_address: approver.email }, { template: 'order-withdrawn', to_address: approver.email }]);
  });
});

describe('an approver disabled while orders wait for them', () => {
  it('leaves those orders to the customer\'s admins: listed, decided and reminded', async () => {
    const { org, address } = await customer();
    const approver = await createUser(t.db, { organisation_id: org.id, permissions: ['approve_orders'], locale: 'en' });
    const admin = await createAdmin(t.db, { organisation_id: org.id, name: 'Aina Admin', locale: 'en' });
    const buyer = await createUser(t.db, { organisation_id: org.id, approval_mode: 'always', approver_id: approver.id });
    const number = await order(buyer, address, new Date('2026-11-16T09:00:00Z'));
    const request = await t.db('approval_requests as r').join('orders as o', 'o.id', 'r.order_id').where('o.number', number).first('r.id');
    const agent = await signIn(t.app, admin.email);
    expect((await agent.get('/approvals')).text).not.toContain(`/approvals/${request.id}`);
    await agent.get(`/approvals/${request.id}`).expect(404);

    await t.db('users').where({ id: approver.id }).update({ disabled_at: new Date() });
    expect((await agent.get('/approvals')).text).toContain(`/approvals/${request.id}`);
    // The buyer's order page says who decides now.
    const buyerPage = (await (await signIn(t.app, buyer.email)).get(`/orders/${number}?placed=1`).expect(200)).text;
    expect(buyerPage).toContain('Waiting for approval by the administrators because:');
    expect(buyerPage).toMatch(/<strong>The administrators<\/strong> <span class="muted">\(instead of [^,]+, who can no longer decide\)<\/span>/);
    await remindUndecided(ctxAt(new Date('2026-11-18T12:00:00Z')));
    await t.deliverMail();
    expect((await t.mail.waitFor((m) => m.to.includes(admin.email) && m.subject.startsWith('Reminder'))).text).toContain(`/approvals/${request.id}`);
    const page = await agent.get(`/approvals/${request.id}`).expect(200);
    const decided = await agent.post(`/approvals/${request.id}/decision`).type('form').send({ _csrf: csrfFrom(page.text), decision: 'approve', comment: '', confirm: '1' });
    expect(decided.status).toBe(302);
    expect((await t.db('orders').where({ number }).first('status')).status).toBe('processing');
  });

  it('a sub-customer\'s order named to a main customer\'s approver goes to the main customer\'s admins; the approver\'s stand-in no longer decides it', async () => {
    const { org: main } = await customer();
    const { org: sub, address } = await customer({ parent_id: main.id });
    const approver = await createUser(t.db, { organisation_id: main.id, permissions: ['approve_orders'], locale: 'en' });
    const standIn = await createUser(t.db, { organisation_id: main.id, permissions: ['approve_orders'], locale: 'en' });
    const mainAdmin = await createAdmin(t.db, { organisation_id: main.id, locale: 'en' });
    const buyer = await createUser(t.db, { organisation_id: sub.id, approval_mode: 'always', approver_id: approver.id });
    const number = await order(buyer, address, new Date());
    const request = await t.db('approval_requests as r').join('orders as o', 'o.id', 'r.order_id').where('o.number', number).first('r.id');
    await t.db('approval_stand_ins').insert({ approver_id: approver.id, stand_in_id: standIn.id, starts_on: '2020-01-01', ends_on: '2099-12-31' });
    const stig = await signIn(t.app, standIn.email);
    expect((await stig.get('/approvals')).text).toContain(`/approvals/${request.id}"`);
    const admin = await signIn(t.app, mainAdmin.email);
    await admin.get(`/approvals/${request.id}`).expect(404);

    await t.db('users').where({ id: approver.id }).update({ disabled_at: new Date() });
    expect((await stig.get('/approvals')).text).not.toContain(`/approvals/${request.id}"`);
    await stig.get(`/approvals/${request.id}`).expect(404);
    expect((await admin.get('/approvals')).text).toContain(`/approvals/${request.id}"`);
    const page = await admin.get(`/approvals/${request.id}`).expect(200);
    await admin.post(`/approvals/${request.id}/decision`).type('form').send({ _csrf: csrfFrom(page.text), decision: 'reject', comment: 'Not now', confirm: '1' }).expect(302);
    expect((await t.db('orders').where({ number }).first('status')).status).toBe('rejected');
  });

  it('a sub-customer with admins of its own decides itself: the main customer\'s admins neither see it nor are told', async () => {
    const { org: main } = await customer();
    const { org: sub, address } = await customer({ parent_id: main.id });
    const approver = await createUser(t.db, { organisation_id: main.id, permissions: ['approve_orders'], locale: 'en' });
    const mainAdmin = await createAdmin(t.db, { organisation_id: main.id, locale: 'en' });
    const subAdmin = await createAdmin(t.db, { organisation_id: sub.id, locale: 'en' });
    const buyer = await createUser(t.db, { organisation_id: sub.id, approval_mode: 'always', approver_id: approver.id });
    const number = await order(buyer, address, new Date('2026-11-16T09:00:00Z'));
    const request = await t.db('approval_requests as r').join('orders as o', 'o.id', 'r.order_id').where('o.number', number).first('r.id');
    await t.db('users').where({ id: approver.id }).update({ disabled_at: new Date() });
    const main1 = await signIn(t.app, mainAdmin.email);
    expect((await main1.get('/approvals')).text).not.toContain(`/approvals/${request.id}"`);
    await main1.get(`/approvals/${request.id}`).expect(404);
    const sub1 = await signIn(t.app, subAdmin.email);
    expect((await sub1.get('/approvals')).text).toContain(`/approvals/${request.id}"`);
    await remindUndecided(ctxAt(new Date('2026-11-18T12:00:00Z')));
    await t.deliverMail();
    await t.mail.waitFor((m) => m.to.includes(subAdmin.email) && m.subject.startsWith('Reminder') && m.subject.includes(String(number)));
    expect(t.mail.messages().filter((m) => m.to.includes(mainAdmin.email))).toEqual([]);
  });
});

describe('an order that names no approver, once its customer has no admins left', () => {
  it('goes to the main customer\'s admins: listed, decided and reminded', async () => {
    const { org: main } = await customer();
    const { org: sub, address } = await customer({ parent_id: main.id });
    const subAdmin = await createAdmin(t.db, { organisation_id: sub.id, locale: 'en' });
    const mainAdmin = await createAdmin(t.db, { organisation_id: main.id, name: 'Maja Main', locale: 'en' });
    const buyer = await createUser(t.db, { organisation_id: sub.id, approval_mode: 'always', approver_id: null });
    const number = await order(buyer, address, new Date('2026-11-16T09:00:00Z'));
    const [request] = await t.db('approval_requests as r').join('orders as o', 'o.id', 'r.order_id').where('o.number', number).select('r.id', 'r.organisation_id', 'r.approver_id');
    expect(request).toMatchObject({ organisation_id: sub.id, approver_id: null });
    const agent = await signIn(t.app, mainAdmin.email);
    expect((await agent.get('/approvals')).text).not.toContain(`/approvals/${request.id}"`);

    await t.db('users').where({ id: subAdmin.id }).update({ disabled_at: new Date() });
    expect((await agent.get('/approvals')).text).toContain(`/approvals/${request.id}"`);
    await remindUndecided(ctxAt(new Date('2026-11-18T12:00:00Z')));
    await t.deliverMail();
    await t.mail.waitFor((m) => m.to.includes(mainAdmin.email) && m.subject.startsWith('Reminder') && m.subject.includes(String(number)));
    const page = await agent.get(`/approvals/${request.id}`).expect(200);
    await agent.post(`/approvals/${request.id}/decision`).type('form').send({ _csrf: csrfFrom(page.text), decision: 'approve', comment: '', confirm: '1' }).expect(302);
    expect((await t.db('orders').where({ number }).first('status')).status).toBe('processing');
  });
});

describe('who gets order e-mails (C7)', () => {
  it('the buyer and the copy address; with "main customer only", a sub-customer\'s orders go to its main customer', async () => {
    const { org: main } = await customer({ email: 'main@parent.example', extra_order_copy_email: 'copies@parent.example' });
    const { org: sub, address } = await customer({ parent_id: main.id, extra_order_copy_email: 'copies@sub.example' });
    // The sub-customer's assortment is of another category: the chair is outside it.
    const [{ id: other }] = await t.db('categories').insert({ slug: `other-${sub.id}`, name: JSON.stringify({ en: 'Other' }) }).returning('id');
    await t.db('assortment_items').insert({ organisation_id: sub.id, category_id: other });
    const buyer = await createUser(t.db, { organisation_id: sub.id });
    const first = await order(buyer, address, new Date());
    await t.deliverMail();
    expect((await t.mail.waitFor((m) => m.to.includes(buyer.email) && m.subject.includes(String(first)))).text).toMatch(/Chair \(CHAIR\) .+kr — Utanför ert sortiment/);
    await t.mail.waitFor((m) => m.to.includes('copies@sub.example') && m.subject.includes(String(first)));

    await t.db('shop_settings').update({ order_mail_to_parent_only: true });
    const second = await order(buyer, address, new Date());
    await t.deliverMail();
    const toMain = await t.mail.waitFor((m) => m.to.includes('main@parent.example') && m.subject.includes(String(second)));
    await t.mail.waitFor((m) => m.to.includes('copies@parent.example') && m.subject.includes(String(second)));
    const toSub = t.mail.messages().filter((m) => m.subject.includes(String(second)) && (m.to.includes(buyer.email) || m.to.includes('copies@sub.example')));
    expect(toSub).toEqual([]);
    // The main customer learns who ordered, for which sub-customer, and where it goes.
    expect(toMain.text).toContain(`Beställare: ${buyer.name}\nKund: ${sub.name} (${sub.customer_number})\nLeveransadress: Office, Road 1, Floor 3, 1 Town, SE`);
    // The assortment is the sub-customer's, not the main customer's own.
    expect(toMain.text).toMatch(/Chair \(CHAIR\) .+kr — Utanför kundens sortiment/);
    await t.db('shop_settings').update({ order_mail_to_parent_only: false });
  });

  it('with "main customer only" and a main customer without e-mail addresses, its admins are told; the buyer is told who hears', async () => {
    const { org: main } = await customer();
    const mainAdmin = await createAdmin(t.db, { organisation_id: main.id, locale: 'en' });
    const { org: sub, address } = await customer({ parent_id: main.id });
    const buyer = await createUser(t.db, { organisation_id: sub.id, approval_mode: 'always', approver_id: null, locale: 'en' });
    await createAdmin(t.db, { organisation_id: sub.id, locale: 'en' });
    await t.db('shop_settings').update({ order_mail_to_parent_only: true });
    try {
      const number = await order(buyer, address, new Date());
      await t.deliverMail();
      expect((await t.mail.waitFor((m) => m.to.includes(mainAdmin.email) && m.subject === `Your order ${number}`)).text).toContain('It waits for approval');
      const page = await (await signIn(t.app, buyer.email)).get(`/orders/${number}?placed=1`);
      expect(page.text).toContain('your main customer gets the e-mail when it is decided');
    } finally {
      await t.db('shop_settings').update({ order_mail_to_parent_only: false });
    }
  });

  it('each mail is in the login\'s own language, else in its customer\'s country\'s', async () => {
    const { org: swedish, address } = await customer({ country: 'SE', extra_order_copy_email: 'copies@swedish.example' });
    const approver = await createUser(t.db, { organisation_id: swedish.id, name: 'Greta Genehmigt', permissions: ['approve_orders', 'view_prices'], locale: 'de' });
    const buyer = await createUser(t.db, { organisation_id: swedish.id, locale: null, approval_mode: 'always', approver_id: approver.id });
    const number = await order(buyer, address, new Date());
    const { org: norwegian, address: oslo } = await customer({ country: 'NO' });
    const nordmann = await createUser(t.db, { organisation_id: norwegian.id, locale: null });
    const other = await order(nordmann, oslo, new Date());
    await t.deliverMail();
    expect((await t.mail.waitFor((m) => m.to.includes(buyer.email) && m.subject.includes(String(number)))).subject).toBe(`Din beställning ${number}`);
    expect((await t.mail.waitFor((m) => m.to.includes('copies@swedish.example') && m.subject.includes(String(number)))).subject).toBe(`Din beställning ${number}`);
    expect((await t.mail.waitFor((m) => m.to.includes(approver.email))).subject).toBe(`Bestellung ${number} wartet auf Ihre Freigabe`);
    expect((await t.mail.waitFor((m) => m.to.includes(nordmann.email) && m.subject.includes(String(other)))).subject).toBe(`Din bestilling ${other}`);

    // An approver of the (German) main customer, with no language saved, reads German.
    const { org: parent } = await customer({ country: 'DE' });
    const { org: child, address: depot } = await customer({ country: 'SE', parent_id: parent.id });
    const chief = await createUser(t.db, { organisation_id: parent.id, permissions: ['approve_orders', 'view_prices'], locale: null });
    const asking = await createUser(t.db, { organisation_id: child.id, locale: null, approval_mode: 'always', approver_id: chief.id });
    const third = await order(asking, depot, new Date());
    await t.deliverMail();
    expect((await t.mail.waitFor((m) => m.to.includes(chief.email))).subject).toBe(`Bestellung ${third} wartet auf Ihre Freigabe`);
    expect((await t.mail.waitFor((m) => m.to.includes(asking.email))).subject).toBe(`Din beställning ${third}`);
  });

  it('a buyer without "see prices" gets the order without prices', async () => {
    const { org, address } = await customer();
    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders'] });
    const number = await order(buyer, address, new Date());
    await t.deliverMail();
    const mail = await t.mail.waitFor((m) => m.to.includes(buyer.email) && m.subject.includes(String(number)));
    expect(mail.text).not.toMatch(/SEK|1[\s,.\u00a0]?250/);
    expect(mail.html).not.toMatch(/SEK|1[\s,.\u00a0]?250/);
  });
});

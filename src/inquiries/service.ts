// Account requests (A1): a company without an account asks; staff turn the request into a
// customer account with its first admin in one step, or close it.
import { createCompanyUser, createCustomer, isEmailTaken, ROLE_PRESETS } from '../accounts/index.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import type { Locale } from '../web/i18n.ts';
import * as q from './queries.ts';

export type AccountRequest = {
  company_name: string; organisation_number: string; contact_name: string; email: string;
  phone: string | null; country: string; message: string | null;
};

export function requestAccount(ctx: Ctx, input: AccountRequest, locale: Locale) {
  return q.insertInquiry(ctx.db, { kind: 'account_request', locale, ...input });
}

export function openAccountRequestCount(ctx: Ctx) {
  return q.openInquiryCount(ctx.db);
}

// B3: a signed-in buyer asks for a product the catalogue does not show.
export async function requestProduct(ctx: Ctx, buyer: { id: number; name: string; email: string; organisation_id: number }, message: string, search: string, locale: Locale) {
  return q.insertInquiry(ctx.db, {
    kind: 'product_request', locale, organisation_id: buyer.organisation_id, user_id: buyer.id,
    contact_name: buyer.name, email: buyer.email, message: search ? `${search}\n\n${message}` : message,
    company_name: null, organisation_number: null, phone: null, country: null,
  });
}

export function openAccountRequests(ctx: Ctx) {
  return q.openInquiries(ctx.db);
}

export async function accountRequest(ctx: Ctx, id: number) {
  const found = await q.inquiryById(ctx.db, id);
  if (!found) throw NotFound();
  return found;
}

type Conversion = { name: string; country: string; organisation_number: string | null; admin_name: string; admin_email: string };

// All or nothing: the customer, its admin login (with a "set your password" e-mail) and the
// request's new status commit together; a taken e-mail leaves no customer behind.
export async function convertAccountRequest(ctx: Ctx, id: number, input: Conversion) {
  return inTransaction(ctx.db, async (trx) => {
    const inner = { ...ctx, db: trx };
    const inquiry = await q.inquiryById(trx, id, true);
    if (!inquiry) throw NotFound();
    if (inquiry.status !== 'open') throw Conflict('inquiries.already_handled');
    if (await isEmailTaken(inner, input.admin_email)) return { ok: false as const, errors: { admin_email: 'validation.email_taken' } };
    const created = await createCustomer(inner, {
      customer_number: null, name: input.name, kind: 'company', country: input.country,
      organisation_number: input.organisation_number, phone: inquiry.phone, email: inquiry.email,
      invoice_customer: false, allow_child_delivery_address: false, restricted_catalogue: false, extra_order_copy_email: null,
    });
    if (!created.ok) return created;
    const admin = await createCompanyUser(inner, created.value, {
      name: input.admin_name, email: input.admin_email, phone: inquiry.phone,
      locale: inquiry.locale as Locale, permissions: [...ROLE_PRESETS.admin],
    });
    // Only a login made for the same address a moment ago gets here; undo the customer too.
    if (!admin.ok) throw Conflict();
    await q.markConverted(trx, id, created.value, ctx.now);
    return { ok: true as const, value: created.value };
  });
}

export async function closeAccountRequest(ctx: Ctx, id: number) {
  await inTransaction(ctx.db, async (trx) => {
    const inquiry = await q.inquiryById(trx, id, true);
    if (!inquiry) throw NotFound();
    if (inquiry.status !== 'open') throw Conflict('inquiries.already_handled');
    await q.markClosed(trx, id, ctx.now);
  });
}

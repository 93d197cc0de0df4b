// What an order would be, computed afresh from the database: the cart's lines priced for the
// customer, the addresses, the buyer's budget and what the approval evaluation says. The review
// shows it; placeOrder (service.ts) writes it, inside its transaction.
import { createHash } from 'node:crypto';
import { orderAddresses } from '../accounts/index.ts';
import { evaluate, type Evaluation, type Facts } from '../approval/evaluate.ts';
import { budgetStateFrom, type BudgetState } from '../budgets/index.ts';
import { assortmentOf, categoryList, currencyOf, inAssortment, pricesAt, withDescendants } from '../catalog/index.ts';
import type { Trx } from '../db/knex.ts';
import { activeEmployees } from '../employees/index.ts';
import type { Ctx } from '../lib/context.ts';
import { dayOf } from '../lib/days.ts';
import { Forbidden, NotFound } from '../lib/errors.ts';
import type { Outcome } from '../lib/outcome.ts';
import * as q from './queries.ts';

export type OrderDraft = {
  buyerId: number;
  // The customer the order is for: the buyer's own, or a sub-customer it acts for (A7).
  organisationId: number;
  deliveryAddressId: number;
  reference: string | null;
  comment: string | null;
  idempotencyKey: string;
  channel: 'web';
  // The cart as the buyer reviewed it: placing refuses a cart that changed since (another tab).
  reviewedCart?: string;
  // Lines given directly (onboarding, standing and phone orders): the cart is neither read nor emptied.
  lines?: { productId: number; qty: number; employeeId?: number | null }[];
};

// What the cart held, as a short fingerprint: products and quantities in a fixed order.
function cartFingerprint(items: { product_id: number; qty: number; employee_id?: number | null }[]): string {
  const text = [...items].sort((a, b) => a.product_id - b.product_id).map((i) => `${i.product_id}:${i.qty}:${i.employee_id ?? ''}`).join(',');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export type PricedLine = {
  line_no: number;
  product_id: number;
  sku: string;
  name: Record<string, string>;
  attributes: Record<string, unknown>;
  category_id: number | null;
  qty: number;
  unit_price: number;
  vat_rate_bp: number;
  line_total: number;
  line_vat: number;
  in_assortment: boolean;
  employee_id: number | null;
};

export type Prepared = {
  buyer: q.Buyer;
  organisation: q.OrderingOrganisation;
  lines: PricedLine[];
  currency: string;
  subtotal: number;
  vatTotal: number;
  total: number;
  delivery: Record<string, unknown>;
  billing: Record<string, unknown> | null;
  evaluation: Evaluation;
  people: Awaited<ReturnType<typeof q.people>>;
  cartId: number | null;
  // The names of the employees lines are marked for.
  employees: Map<number, string>;
  fingerprint: string;
  // The buyer's budget for the order's period, before this order; null without one.
  budget: BudgetState | null;
  // Why the order may not be placed at all (a budget with policy "block"), or null.
  blocked: string | null;
  settings: Inputs['settings'];
};

const addressSnapshot = (a: { name: string; line1: string; line2: string | null; postal_code: string; city: string; country: string }) =>
  ({ name: a.name, line1: a.line1, line2: a.line2, postal_code: a.postal_code, city: a.city, country: a.country });

export type Inputs = Awaited<ReturnType<typeof q.orderInputs>>;

// Everything placing the order needs, from the database as it is now. With ctx.db a
// transaction, what is read is what gets written.
export async function prepare(ctx: Ctx, draft: OrderDraft, organisation: q.OrderingOrganisation, inputs: Inputs): Promise<Outcome<Prepared>> {
  const { buyer, items, cartId } = inputs;
  // A login disabled or removed meanwhile places nothing.
  if (!buyer || buyer.disabled_at) throw Forbidden();
  if (items.length === 0) return { ok: false, errors: { _form: 'checkout.cart_empty' } };
  const fingerprint = cartFingerprint(items);
  if (draft.reviewedCart !== undefined && draft.reviewedCart !== fingerprint) return { ok: false, errors: { _form: 'checkout.changed_since_review' } };
  // Whom lines are for: active employees of this customer only (one deactivated meanwhile sends the buyer back to the cart).
  const marked = [...new Set(items.flatMap((i) => (i.employee_id === null ? [] : [i.employee_id])))];
  const employees = await activeEmployees(ctx, organisation.id, marked);
  if (employees.size !== marked.length) return { ok: false, errors: { _form: 'checkout.employee_gone' } };
  const products = new Map(items.map((i) => [i.product_id, i.product]));
  const { assortment, restricted } = await assortmentOf(ctx, organisation.id);
  const prices = await pricesAt(ctx, organisation.id, new Map(items.map((i) => [i.product_id, i.qty])));
  const lines: PricedLine[] = [];
  for (const [index, item] of items.entries()) {
    const product = products.get(item.product_id);
    const price = prices.get(item.product_id);
    const orderable = product && product.active && price && (!restricted || inAssortment(assortment, product));
    // The cart changed under the buyer (a product withdrawn, a price removed): back to the cart.
    if (!orderable) return { ok: false, errors: { _form: 'checkout.cart_changed' } };
    const lineTotal = price.unitPrice * item.qty;
    lines.push({
      line_no: index + 1, product_id: product.id, sku: product.sku, name: product.name, attributes: product.attributes, category_id: product.category_id,
      qty: item.qty, unit_price: price.unitPrice, vat_rate_bp: product.vat_rate_bp, line_total: lineTotal,
      line_vat: Math.round((lineTotal * product.vat_rate_bp) / 10000), in_assortment: inAssortment(assortment, product), employee_id: item.employee_id,
    });
  }
  const currency = prices.get(lines[0].product_id)!.currency;
  const subtotal = lines.reduce((sum, l) => sum + l.line_total, 0);
  const vatTotal = lines.reduce((sum, l) => sum + l.line_vat, 0);
  const { delivery: address, billing } = orderAddresses(inputs.addresses, organisation);
  if (!address) return { ok: false, errors: { delivery_address_id: 'checkout.address_invalid' } };

  const total = subtotal + vatTotal;
  // When placing, the budgets are the rows lockForPlacing locked.
  const budget = await budgetStateFrom(ctx.db, inputs.budgets, dayOf(ctx.now));
  // A budget kept in another currency is never converted: such an order is not placed.
  const budgetFits = !budget || budget.budget.currency === currency;
  // With nothing left, taking something out of the cart does not help: only the admin can.
  const overBlocked = budget !== null && budget.remaining <= 0 ? 'checkout.budget_used_up_blocked' : 'checkout.over_budget_blocked';
  const blocked = !budgetFits ? 'checkout.budget_currency' : budget?.budget.policy === 'block' && total > budget.remaining ? overBlocked : null;

  // A main customer's rules cover its sub-customers' orders too (A10); an amount counts in the
  // main customer's currency and is never converted, so it does not apply to an order in another.
  const mainAmounts = inputs.rules.some((r) => r.organisation_id !== organisation.id && r.kind === 'total_at_least');
  const mainCurrency = mainAmounts && organisation.parent_id ? await currencyOf(ctx, organisation.parent_id) : null;
  const ruleRows = inputs.rules.filter((r) => r.organisation_id === organisation.id || r.kind !== 'total_at_least' || mainCurrency === currency);
  // Who could decide matters only when something calls for a decision: a buyer without an
  // approval mode or limit, in a customer without rules or a budget to approve overspend, skips
  // reading them.
  const mayWait = buyer.approval_mode !== 'none' || buyer.order_limit !== null || ruleRows.length > 0 || (budget !== null && budget.budget.policy === 'approve');
  // A sub-customer's orders may be decided at its main customer (D1).
  const people = mayWait ? await q.people(ctx.db, organisation.parent_id ? [organisation.id, organisation.parent_id] : [organisation.id]) : [];
  const standIns = mayWait ? await q.standInsOn(ctx.db, people.map((p) => p.id), dayOf(ctx.now)) : [];
  const facts: Facts = {
    organisationId: organisation.id,
    parentId: organisation.parent_id,
    buyer: { id: buyer.id, mode: buyer.approval_mode, approverId: buyer.approver_id, orderLimit: buyer.order_limit },
    people: people.map((p) => ({ id: p.id, approves: p.permissions.includes('approve_orders'), admin: p.permissions.includes('manage_users'), organisationId: p.organisation_id })),
    rules: await withSubCategories(ctx, ruleRows.map((r) => ({ id: r.id, kind: r.kind, amount: r.amount === null ? null : Number(r.amount), categoryId: r.category_id, approverId: r.approver_id, organisationId: r.organisation_id }))),
    standIns: standIns.map((s) => ({ approverId: s.approver_id, standInId: s.stand_in_id })),
    budget: budget && budgetFits ? { remaining: budget.remaining, policy: budget.budget.policy, ownerId: budget.budget.owner_id } : null,
  };
  const evaluation = evaluate({ total, currency, lines: lines.map((l) => ({ key: l.line_no, categoryId: l.category_id, inAssortment: l.in_assortment, lineTotal: l.line_total })) }, facts);
  // A category rule's reason carries the category's names, for the words in every language.
  const byCategory = evaluation.requests.flatMap((r) => r.reasons).filter((r) => r.code === 'rule_category');
  if (byCategory.length > 0) {
    const names = new Map((await categoryList(ctx)).map((c) => [c.id, c.name]));
    for (const reason of byCategory) reason.params.category_names = JSON.stringify(names.get(reason.params.category as number) ?? {});
  }
  return {
    ok: true,
    value: { buyer, organisation, lines, currency, subtotal, vatTotal, total, delivery: addressSnapshot(address), billing: billing && addressSnapshot(billing), evaluation, people, cartId, employees, fingerprint, budget, blocked, settings: inputs.settings },
  };
}

// A category rule names a category; it covers that category's sub-categories as well.
async function withSubCategories(ctx: Ctx, rules: Facts['rules']): Promise<Facts['rules']> {
  if (!rules.some((r) => r.kind === 'category')) return rules;
  const tree = await categoryList(ctx);
  return rules.map((r) => (r.kind === 'category' && r.categoryId !== null ? { ...r, categoryIds: withDescendants(tree, r.categoryId) } : r));
}

// The review step: what placing the order would do, computed by the same code, nothing written.
export async function reviewOrder(ctx: Ctx, draft: OrderDraft): Promise<Outcome<Prepared>> {
  const inputs = await q.orderInputs(ctx.db, { key: null, buyerId: draft.buyerId, organisationId: draft.organisationId, deliveryAddressId: draft.deliveryAddressId });
  if (!inputs.organisation) throw NotFound();
  return prepare(ctx, draft, inputs.organisation, inputs);
}

// The approval evaluation: given an order as drafted and the facts around it, every reason it
// must wait and who decides each. Pure, so every combination is a line in a table test; the
// checkout gathers the facts, locks them, and writes what this returns.
//
// Who decides a reason: its named approver (the rule's, or the buyer's own; for a budget, the
// buyer's approver or else the budget's owner) when that person may approve and is not the
// buyer; while that person has a stand-in, the stand-in; otherwise the organisation's admins,
// any one of them but the buyer (for a main customer's rule on a sub-customer's order, the main
// customer's admins first). When nobody but the buyer could decide, the reason needs no
// approval, and says so (the audit trail keeps it).

export type ApprovalMode = 'none' | 'always' | 'outside_assortment';

export type DraftLine = { key: number; categoryId: number | null; inAssortment: boolean; lineTotal: number };
// total: what the order costs, VAT included, in the organisation's currency (minor units).
export type Draft = { total: number; currency: string; lines: DraftLine[] };

// organisationId: the ordering customer's, or its main customer's (whose people may decide a
// sub-customer's orders, D1).
export type Person = { id: number; approves: boolean; admin: boolean; organisationId?: number };

export type Facts = {
  // The ordering customer and its main customer, when it is a sub-customer.
  organisationId?: number;
  parentId?: number | null;
  buyer: { id: number; mode: ApprovalMode; approverId: number | null; orderLimit: number | null };
  // The organisation's logins that can act (not disabled, able to sign in).
  people: Person[];
  // The customer's rules, and a sub-customer's main customer's (organisationId: whose rule).
  // A category rule covers its sub-categories too: categoryIds lists them all (else just categoryId).
  rules: { id: number; kind: 'total_at_least' | 'category'; amount: number | null; categoryId: number | null; categoryIds?: number[]; approverId: number | null; organisationId?: number }[];
  // Stand-ins in force on the order's date.
  standIns: { approverId: number; standInId: number }[];
  // The buyer's budget for the order's period (the budgets issue fills it): what remains before
  // this order, and whether overspending needs approval.
  budget: { remaining: number; policy: 'allow' | 'approve' | 'block'; ownerId: number | null } | null;
};

export type ReasonCode = 'always' | 'outside_assortment' | 'order_limit' | 'rule_total' | 'rule_category' | 'over_budget';
export type Reason = { code: ReasonCode; params: Record<string, string | number>; lines: number[] | null };
// adminsOf: whose admins take over should the approver no longer act, or the order wait too
// long, when not the ordering customer's (a main customer's rule: the main customer's).
export type Decider = { kind: 'user'; userId: number; standInFor: number | null; adminsOf?: number } | { kind: 'admins'; organisationId: number | null };
export type ApprovalRequestDraft = { decider: Decider; reasons: Reason[]; lines: number[] | null };
export type Evaluation = { requests: ApprovalRequestDraft[]; unrouted: Reason[] };

// `admins`: whose admins decide when nobody named can (a main customer's rule: the main customer's).
type Found = { reason: Reason; named: number | null; admins?: number };

function reasonsOf(draft: Draft, facts: Facts): Found[] {
  const { buyer } = facts;
  const found: Found[] = [];
  if (buyer.mode === 'always') found.push({ reason: { code: 'always', params: {}, lines: null }, named: buyer.approverId });
  if (buyer.mode === 'outside_assortment') {
    const outside = draft.lines.filter((l) => !l.inAssortment).map((l) => l.key);
    if (outside.length > 0) found.push({ reason: { code: 'outside_assortment', params: { count: outside.length }, lines: outside }, named: buyer.approverId });
  }
  if (buyer.orderLimit !== null && draft.total > buyer.orderLimit) {
    found.push({ reason: { code: 'order_limit', params: { limit: buyer.orderLimit }, lines: null }, named: buyer.approverId });
  }
  for (const rule of facts.rules) {
    if (rule.kind === 'total_at_least' && rule.amount !== null && draft.total >= rule.amount) {
      found.push({ reason: { code: 'rule_total', params: { rule: rule.id, amount: rule.amount }, lines: null }, named: rule.approverId, admins: rule.organisationId });
    }
    const covered = rule.categoryIds ?? [rule.categoryId];
    if (rule.kind === 'category' && draft.lines.some((l) => l.categoryId !== null && covered.includes(l.categoryId))) {
      found.push({ reason: { code: 'rule_category', params: { rule: rule.id, category: rule.categoryId! }, lines: null }, named: rule.approverId, admins: rule.organisationId });
    }
  }
  const budget = facts.budget;
  if (budget && budget.policy === 'approve' && draft.total > budget.remaining) {
    found.push({ reason: { code: 'over_budget', params: { remaining: budget.remaining }, lines: null }, named: buyer.approverId ?? budget.ownerId });
  }
  return found;
}

function deciderFor(named: number | null, facts: Facts, admins?: number): Decider | null {
  const buyerId = facts.buyer.id;
  const person = named === null ? undefined : facts.people.find((p) => p.id === named);
  if (person && person.approves && person.id !== buyerId) {
    const fallback = admins !== undefined && admins === facts.parentId ? { adminsOf: admins } : {};
    const standIn = facts.standIns.find((s) => s.approverId === person.id);
    const standInPerson = standIn && facts.people.find((p) => p.id === standIn.standInId);
    if (standInPerson && standInPerson.approves && standInPerson.id !== buyerId) return { kind: 'user', userId: standInPerson.id, standInFor: person.id, ...fallback };
    return { kind: 'user', userId: person.id, standInFor: null, ...fallback };
  }
  // The customer's own admins first (but for a main customer's rule); a sub-customer without
  // one goes to its main customer's.
  const adminsOf = (organisationId: number | null | undefined) =>
    facts.people.some((p) => p.admin && p.id !== buyerId && (p.organisationId ?? facts.organisationId) === organisationId);
  if (admins !== undefined && admins === facts.parentId && adminsOf(admins)) return { kind: 'admins', organisationId: admins };
  if (adminsOf(facts.organisationId)) return { kind: 'admins', organisationId: facts.organisationId ?? null };
  if (facts.parentId && adminsOf(facts.parentId)) return { kind: 'admins', organisationId: facts.parentId };
  return null;
}

const deciderKey = (d: Decider) => (d.kind === 'admins' ? `admins:${d.organisationId}` : `user:${d.userId}:${d.adminsOf ?? ''}`);
// Two rules alike (the same amount or category) give one reason: which rule it was adds nothing.
const reasonKey = (r: Reason) => JSON.stringify([r.code, { ...r.params, rule: undefined }, r.lines]);

export function evaluate(draft: Draft, facts: Facts): Evaluation {
  const requests = new Map<string, ApprovalRequestDraft>();
  const unrouted: Reason[] = [];
  for (const { reason, named, admins } of reasonsOf(draft, facts)) {
    const decider = deciderFor(named, facts, admins);
    if (!decider) {
      unrouted.push(reason);
      continue;
    }
    const key = deciderKey(decider);
    const request = requests.get(key);
    if (!request) {
      requests.set(key, { decider, reasons: [reason], lines: reason.lines });
      continue;
    }
    if (request.reasons.some((r) => reasonKey(r) === reasonKey(reason))) continue;
    request.reasons.push(reason);
    // One reason about the whole order makes the whole order wait on this approver.
    request.lines = request.lines === null || reason.lines === null ? null : [...new Set([...request.lines, ...reason.lines])].sort((a, b) => a - b);
  }
  return { requests: [...requests.values()], unrouted };
}

// The lines that wait for a decision: every line when any request is about the whole order.
export function waitingLines(evaluation: Evaluation, lineKeys: number[]): Set<number> {
  if (evaluation.requests.some((r) => r.lines === null)) return new Set(lineKeys);
  return new Set(evaluation.requests.flatMap((r) => r.lines ?? []));
}

import { describe, expect, it } from 'vitest';
import { evaluate, waitingLines, type Draft, type Facts } from '../../src/approval/evaluate.ts';

// People of one organisation: 1 the buyer, 2 an approver, 3 an admin, 4 a colleague without rights,
// 5 a second approver (stand-in).
const BUYER = 1, APPROVER = 2, ADMIN = 3, PLAIN = 4, OTHER_APPROVER = 5;
const people = [
  { id: BUYER, approves: false, admin: false },
  { id: APPROVER, approves: true, admin: false },
  { id: ADMIN, approves: true, admin: true },
  { id: PLAIN, approves: false, admin: false },
  { id: OTHER_APPROVER, approves: true, admin: false },
];

const draft = (total: number, lines: Partial<Draft['lines'][number]>[] = [{}]): Draft => ({
  total, currency: 'SEK', lines: lines.map((l, i) => ({ key: i + 1, categoryId: 10, inAssortment: true, lineTotal: total, ...l })),
});
const facts = (overrides: Partial<Omit<Facts, 'buyer'>> & { buyer?: Partial<Facts['buyer']> } = {}): Facts => ({
  people, rules: [], standIns: [], budget: null, organisationId: undefined, ...overrides,
  buyer: { id: BUYER, mode: 'none', approverId: APPROVER, orderLimit: null, ...overrides.buyer },
});

const summary = (d: Draft, f: Facts) => {
  const e = evaluate(d, f);
  return {
    requests: e.requests.map((r) => ({ to: r.decider.kind === 'admins' ? (r.decider.organisationId ? `admins of ${r.decider.organisationId}` : 'admins') : r.decider.standInFor ? `${r.decider.userId} for ${r.decider.standInFor}` : r.decider.userId, why: r.reasons.map((x) => x.code), lines: r.lines })),
    unrouted: e.unrouted.map((r) => r.code),
  };
};

const cases: [string, Draft, Facts, ReturnType<typeof summary>][] = [
  ['mode none, nothing else: straight to the shop', draft(50000), facts(), { requests: [], unrouted: [] }],
  ['mode always: the named approver', draft(50000), facts({ buyer: { mode: 'always' } }), { requests: [{ to: APPROVER, why: ['always'], lines: null }], unrouted: [] }],
  ['mode always, an order brought to zero still waits', draft(0), facts({ buyer: { mode: 'always' } }), { requests: [{ to: APPROVER, why: ['always'], lines: null }], unrouted: [] }],
  ['mode always, no named approver: the admins', draft(100), facts({ buyer: { mode: 'always', approverId: null } }), { requests: [{ to: 'admins', why: ['always'], lines: null }], unrouted: [] }],
  ['the named approver may no longer approve: the admins', draft(100), facts({ buyer: { mode: 'always', approverId: PLAIN } }), { requests: [{ to: 'admins', why: ['always'], lines: null }], unrouted: [] }],
  ['the named approver left the organisation: the admins', draft(100), facts({ buyer: { mode: 'always', approverId: 99 } }), { requests: [{ to: 'admins', why: ['always'], lines: null }], unrouted: [] }],
  ['a buyer who approves is never their own approver', draft(100), facts({ buyer: { mode: 'always', approverId: BUYER }, people: people.map((p) => (p.id === BUYER ? { ...p, approves: true } : p)) }), { requests: [{ to: 'admins', why: ['always'], lines: null }], unrouted: [] }],
  ['the buyer is the only admin and has no approver: no approval, and it says why', draft(100), facts({ buyer: { mode: 'always', approverId: null }, people: [{ id: BUYER, approves: true, admin: true }] }), { requests: [], unrouted: ['always'] }],
  ['an admin buyer with another admin: that admin', draft(100), facts({ buyer: { mode: 'always', approverId: null }, people: [{ id: BUYER, approves: true, admin: true }, { id: ADMIN, approves: true, admin: true }] }), { requests: [{ to: 'admins', why: ['always'], lines: null }], unrouted: [] }],
  ['outside assortment, every line inside: straight through', draft(100, [{}, {}]), facts({ buyer: { mode: 'outside_assortment' } }), { requests: [], unrouted: [] }],
  ['outside assortment: only the lines outside wait', draft(100, [{}, { inAssortment: false }, { inAssortment: false }]), facts({ buyer: { mode: 'outside_assortment' } }), { requests: [{ to: APPROVER, why: ['outside_assortment'], lines: [2, 3] }], unrouted: [] }],
  ['outside assortment and over the order limit, same approver: the whole order waits', draft(2000, [{}, { inAssortment: false }]), facts({ buyer: { mode: 'outside_assortment', orderLimit: 1000 } }), { requests: [{ to: APPROVER, why: ['outside_assortment', 'order_limit'], lines: null }], unrouted: [] }],
  ['exactly at the order limit: no approval', draft(1000), facts({ buyer: { orderLimit: 1000 } }), { requests: [], unrouted: [] }],
  ['above the order limit: the named approver', draft(1001), facts({ buyer: { orderLimit: 1000 } }), { requests: [{ to: APPROVER, why: ['order_limit'], lines: null }], unrouted: [] }],
  ['a total rule at its amount: the rule\'s approver', draft(5000), facts({ rules: [{ id: 7, kind: 'total_at_least', amount: 5000, categoryId: null, approverId: OTHER_APPROVER }] }), { requests: [{ to: OTHER_APPROVER, why: ['rule_total'], lines: null }], unrouted: [] }],
  ['a total rule below its amount: nothing', draft(4999), facts({ rules: [{ id: 7, kind: 'total_at_least', amount: 5000, categoryId: null, approverId: OTHER_APPROVER }] }), { requests: [], unrouted: [] }],
  ['a category rule whose approver is the buyer: the admins', draft(10), facts({ rules: [{ id: 8, kind: 'category', amount: null, categoryId: 10, approverId: BUYER }] }), { requests: [{ to: 'admins', why: ['rule_category'], lines: null }], unrouted: [] }],
  ['a category rule, no line of that category: nothing', draft(10, [{ categoryId: 11 }]), facts({ rules: [{ id: 8, kind: 'category', amount: null, categoryId: 10, approverId: OTHER_APPROVER }] }), { requests: [], unrouted: [] }],
  ['always plus a rule for another approver: two requests', draft(9000), facts({ buyer: { mode: 'always' }, rules: [{ id: 7, kind: 'total_at_least', amount: 5000, categoryId: null, approverId: OTHER_APPROVER }] }), { requests: [{ to: APPROVER, why: ['always'], lines: null }, { to: OTHER_APPROVER, why: ['rule_total'], lines: null }], unrouted: [] }],
  ['an approver away: the stand-in decides', draft(100), facts({ buyer: { mode: 'always' }, standIns: [{ approverId: APPROVER, standInId: OTHER_APPROVER }] }), { requests: [{ to: `${OTHER_APPROVER} for ${APPROVER}`, why: ['always'], lines: null }], unrouted: [] }],
  ['the stand-in would be the buyer: the approver keeps it', draft(100), facts({ buyer: { mode: 'always' }, standIns: [{ approverId: APPROVER, standInId: BUYER }] }), { requests: [{ to: APPROVER, why: ['always'], lines: null }], unrouted: [] }],
  ['a stand-in who may not approve: the approver keeps it', draft(100), facts({ buyer: { mode: 'always' }, standIns: [{ approverId: APPROVER, standInId: PLAIN }] }), { requests: [{ to: APPROVER, why: ['always'], lines: null }], unrouted: [] }],
  ['two rules alike for the same approver: one reason', draft(9000), facts({ rules: [{ id: 7, kind: 'total_at_least', amount: 5000, categoryId: null, approverId: null }, { id: 8, kind: 'total_at_least', amount: 5000, categoryId: null, approverId: null }] }), { requests: [{ to: 'admins', why: ['rule_total'], lines: null }], unrouted: [] }],
  ['two rules alike for different approvers: each waits', draft(9000), facts({ rules: [{ id: 7, kind: 'total_at_least', amount: 5000, categoryId: null, approverId: OTHER_APPROVER }, { id: 8, kind: 'total_at_least', amount: 5000, categoryId: null, approverId: null }] }), { requests: [{ to: OTHER_APPROVER, why: ['rule_total'], lines: null }, { to: 'admins', why: ['rule_total'], lines: null }], unrouted: [] }],
  ['a category rule covers the sub-categories it lists', draft(10, [{ categoryId: 12 }]), facts({ rules: [{ id: 9, kind: 'category', amount: null, categoryId: 10, categoryIds: [10, 12], approverId: OTHER_APPROVER }] }), { requests: [{ to: OTHER_APPROVER, why: ['rule_category'], lines: null }], unrouted: [] }],
  ['over budget with policy approve: the named approver', draft(1200), facts({ budget: { remaining: 1000, policy: 'approve', ownerId: ADMIN } }), { requests: [{ to: APPROVER, why: ['over_budget'], lines: null }], unrouted: [] }],
  ['over budget without a named approver: the budget\'s owner', draft(1200), facts({ buyer: { approverId: null }, budget: { remaining: 1000, policy: 'approve', ownerId: OTHER_APPROVER } }), { requests: [{ to: OTHER_APPROVER, why: ['over_budget'], lines: null }], unrouted: [] }],
  ['over budget with policy allow: no approval', draft(1200), facts({ budget: { remaining: 1000, policy: 'allow', ownerId: ADMIN } }), { requests: [], unrouted: [] }],
  ['a sub-customer without admins of its own: its main customer\'s admins', draft(100), facts({ organisationId: 20, parentId: 10, buyer: { mode: 'always', approverId: null }, people: [{ id: BUYER, approves: false, admin: false, organisationId: 20 }, { id: ADMIN, approves: true, admin: true, organisationId: 10 }] }), { requests: [{ to: 'admins of 10', why: ['always'], lines: null }], unrouted: [] }],
  ['a sub-customer buyer whose approver is at the main customer', draft(100), facts({ organisationId: 20, parentId: 10, buyer: { mode: 'always', approverId: APPROVER }, people: [{ id: BUYER, approves: false, admin: false, organisationId: 20 }, { id: APPROVER, approves: true, admin: false, organisationId: 10 }] }), { requests: [{ to: APPROVER, why: ['always'], lines: null }], unrouted: [] }],
  ['a main customer\'s rule naming nobody, on a sub-customer\'s order: the main customer\'s admins, though the sub-customer has its own', draft(9000), facts({ organisationId: 20, parentId: 10, rules: [{ id: 11, kind: 'total_at_least', amount: 5000, categoryId: null, approverId: null, organisationId: 10 }], people: [{ id: BUYER, approves: false, admin: false, organisationId: 20 }, { id: PLAIN, approves: true, admin: true, organisationId: 20 }, { id: ADMIN, approves: true, admin: true, organisationId: 10 }] }), { requests: [{ to: 'admins of 10', why: ['rule_total'], lines: null }], unrouted: [] }],
  ['a sub-customer\'s own rule naming nobody: its own admins', draft(9000), facts({ organisationId: 20, parentId: 10, rules: [{ id: 12, kind: 'total_at_least', amount: 5000, categoryId: null, approverId: null, organisationId: 20 }], people: [{ id: BUYER, approves: false, admin: false, organisationId: 20 }, { id: PLAIN, approves: true, admin: true, organisationId: 20 }, { id: ADMIN, approves: true, admin: true, organisationId: 10 }] }), { requests: [{ to: 'admins of 20', why: ['rule_total'], lines: null }], unrouted: [] }],
  ['a main customer\'s rule naming its approver, on a sub-customer\'s order: that approver', draft(10), facts({ organisationId: 20, parentId: 10, rules: [{ id: 13, kind: 'category', amount: null, categoryId: 10, approverId: APPROVER, organisationId: 10 }], people: [{ id: BUYER, approves: false, admin: false, organisationId: 20 }, { id: APPROVER, approves: true, admin: false, organisationId: 10 }] }), { requests: [{ to: APPROVER, why: ['rule_category'], lines: null }], unrouted: [] }],
  ['within budget: no approval', draft(1000), facts({ budget: { remaining: 1000, policy: 'approve', ownerId: ADMIN } }), { requests: [], unrouted: [] }],
];

describe('the approval evaluation', () => {
  it.each(cases)('%s', (_name, d, f, expected) => {
    expect(summary(d, f)).toEqual(expected);
  });

  it('a main customer\'s rule naming its approver leaves the request to the main customer\'s admins should the approver not act; the buyer\'s own approver to the buyer\'s', () => {
    const f = facts({ organisationId: 20, parentId: 10, buyer: { mode: 'always', approverId: APPROVER }, rules: [{ id: 14, kind: 'total_at_least', amount: 1, categoryId: null, approverId: APPROVER, organisationId: 10 }], people: [{ id: BUYER, approves: false, admin: false, organisationId: 20 }, { id: APPROVER, approves: true, admin: false, organisationId: 10 }] });
    expect(evaluate(draft(100), f).requests.map((r) => r.decider)).toEqual([
      { kind: 'user', userId: APPROVER, standInFor: null },
      { kind: 'user', userId: APPROVER, standInFor: null, adminsOf: 10 },
    ]);
  });

  it('names the waiting lines: all of them when any request is about the whole order', () => {
    const lineLevel = evaluate(draft(100, [{}, { inAssortment: false }]), facts({ buyer: { mode: 'outside_assortment' } }));
    expect([...waitingLines(lineLevel, [1, 2])]).toEqual([2]);
    const whole = evaluate(draft(100, [{}, { inAssortment: false }]), facts({ buyer: { mode: 'always' } }));
    expect([...waitingLines(whole, [1, 2])]).toEqual([1, 2]);
  });
});

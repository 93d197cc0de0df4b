// The cron task's work: an approver reminded of what waited two working days, the admins told
// after five.
import { orderMails } from '../checkout/mails.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { addDays, DAY_MS, dayOf, isWeekend } from '../lib/days.ts';
import * as q from './queries.ts';

// Monday to Friday between two moments, in whole days of the shop's calendar.
export function workingDaysBetween(from: Date, to: Date): number {
  let days = 0;
  for (let day = dayOf(from), end = dayOf(to); day < end;) {
    day = addDays(day, 1);
    if (!isWeekend(day)) days++;
  }
  return days;
}

export const REMIND_AFTER_WORKING_DAYS = 2;
export const ESCALATE_AFTER_WORKING_DAYS = 5;

// The cron task: a reminder after two working days undecided, the admins after five. Each
// request is reminded once and escalated once.
export async function remindUndecided(ctx: Ctx): Promise<{ reminded: number; escalated: number }> {
  let reminded = 0;
  let escalated = 0;
  // Two working days can pass in little more than one (Monday 23:59 to Wednesday 00:00).
  const candidates = await q.undecidedSince(ctx.db, new Date(ctx.now.getTime() - DAY_MS));
  for (const request of candidates) {
    const days = workingDaysBetween(new Date(request.created_at), ctx.now);
    await inTransaction(ctx.db, async (trx) => {
      const tctx = { ...ctx, db: trx };
      if (days >= REMIND_AFTER_WORKING_DAYS && !request.reminded_at && (await q.markReminded(trx, request.id, 'reminded_at', ctx.now))) {
        await orderMails.reminder(tctx, trx, { requestId: request.id, escalate: false });
        reminded++;
      }
      if (days >= ESCALATE_AFTER_WORKING_DAYS && !request.escalated_at && (await q.markReminded(trx, request.id, 'escalated_at', ctx.now))) {
        await orderMails.reminder(tctx, trx, { requestId: request.id, escalate: true });
        escalated++;
      }
    });
  }
  return { reminded, escalated };
}

// E-mail: rendered in the recipient's language when queued (so what is sent is what the
// change said), handed to the job queue by the relay (relay.ts), sent by a job, once. It does
// not decide who gets which mail.
import nodemailer, { type Transporter } from 'nodemailer';
import { inTransaction } from '../db/transaction.ts';
import type { Db, Trx } from '../db/knex.ts';
import { formattersFor, translatorFor, type Locale } from '../web/i18n.ts';
import { renderTemplate } from '../web/views.ts';
import * as q from './queries.ts';

export const SEND_EMAIL_TASK = 'send_email';

export type EmailRequest = { to: string; locale: Locale; template: string; data: Record<string, unknown> };

export async function renderEmail(request: EmailRequest) {
  const t = translatorFor(request.locale);
  const locals = { ...request.data, t, fmt: formattersFor(request.locale), locale: request.locale };
  const subject = t(`mail.${request.template}.subject`, request.data);
  const content = await renderTemplate(`mail/${request.template}.html.ejs`, locals);
  const html = await renderTemplate('mail/layout.html.ejs', { ...locals, subject, content });
  const text = await renderTemplate(`mail/${request.template}.text.ejs`, locals);
  return { subject, html, text };
}

export async function queueEmail(trx: Trx, request: EmailRequest): Promise<number> {
  const rendered = await renderEmail(request);
  return q.insertOutboxEmail(trx, { to_address: request.to, locale: request.locale, template: request.template, ...rendered });
}

export function createMailer(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

// The job: send one outbox row. The row stays locked while SMTP talks, and is marked sent in
// the same transaction; a failure is recorded and rethrown so the worker retries with backoff.
export async function deliverEmail(deps: { db: Db; mailer: Transporter; from: string }, id: number): Promise<void> {
  try {
    await inTransaction(deps.db, async (trx) => {
      const email = await q.lockUnsentEmail(trx, id);
      if (!email) return;
      await deps.mailer.sendMail({ from: deps.from, to: email.to_address, subject: email.subject, html: email.html, text: email.text });
      await q.markSent(trx, id, new Date());
    });
  } catch (err) {
    await q.recordFailure(deps.db, id, err instanceof Error ? err.message : String(err));
    throw err;
  }
}

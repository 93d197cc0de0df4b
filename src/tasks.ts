// The background tasks each capability contributes, wired to their dependencies: used by the
// server's worker and by tests that run due jobs.
import type { Transporter } from 'nodemailer';
import type { Db } from './db/knex.ts';
import { pruneExpired } from './db/maintenance.ts';
import type { TaskList } from './jobs/index.ts';
import { deliverEmail, SEND_EMAIL_TASK } from './mail/index.ts';
import { IMPORT_TASK, runImport } from './catalog/index.ts';
import { remindUndecided } from './approval/index.ts';

export const CRONTAB = ['0 * * * * prune_expired', '30 * * * * approval_reminders'].join('\n');

export function buildTaskList(deps: { db: Db; mailer: Transporter; mailFrom: string; baseUrl: string }): TaskList {
  return {
    [SEND_EMAIL_TASK]: (payload) => deliverEmail({ db: deps.db, mailer: deps.mailer, from: deps.mailFrom }, (payload as { id: number }).id),
    [IMPORT_TASK]: (payload) => runImport(deps.db, (payload as { id: number }).id),
    approval_reminders: () => remindUndecided({ db: deps.db, actor: null, now: new Date(), baseUrl: deps.baseUrl }).then(() => undefined),
    prune_expired: () => pruneExpired(deps.db, new Date()),
  };
}

// The real app on a test file's own database, with mail going to a real SMTP catcher.
// `deliverMail()` runs the due jobs once, as the worker would.
import type { Transporter } from 'nodemailer';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { runDueJobs } from '../../src/jobs/index.ts';
import { createMailer, relayOutbox, startMailCatcher, type MailCatcher } from '../../src/mail/index.ts';
import { buildTaskList } from '../../src/tasks.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const TEST_BASE_URL = 'http://shop.test';
const silent = pino({ level: 'silent' });

export type TestApp = TestDatabase & {
  app: ReturnType<typeof buildApp>;
  mail: MailCatcher;
  mailer: Transporter;
  deliverMail: () => Promise<void>;
  // The same, for jobs other than mail (imports).
  runJobs: () => Promise<void>;
  rebuildApp: () => ReturnType<typeof buildApp>;
  close: () => Promise<void>;
};

export function appFor(database: TestDatabase, options: { mailCatcher?: MailCatcher } = {}) {
  return buildApp({
    db: database.db,
    logger: silent,
    baseUrl: TEST_BASE_URL,
    sessionSecret: 'test-session-secret-that-is-long-enough',
    production: false,
    trustProxy: false,
    mailCatcher: options.mailCatcher,
  });
}

export async function startTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const mail = await startMailCatcher();
  const mailer = createMailer(mail.url);
  return {
    ...database,
    app: appFor(database),
    mail,
    mailer,
    deliverMail: () => runJobs(database, mailer),
    runJobs: () => runJobs(database, mailer),
    rebuildApp: () => appFor(database),
    close: async () => {
      mailer.close();
      await mail.close();
      await database.drop();
    },
  };
}

// What the server's relay and worker do: waiting mails get their jobs, then due jobs run.
export async function runJobs(database: TestDatabase, mailer: Transporter): Promise<void> {
  await relayOutbox(database.db);
  return runDueJobs({
    connectionString: database.url,
    taskList: buildTaskList({ db: database.db, mailer, mailFrom: 'Shop <shop@example.com>', baseUrl: TEST_BASE_URL }),
    logger: silent,
  });
}

// The usual setup of a test file: one app on its own database, closed after the last test.
// The returned object is filled in before the first test runs.
export function useTestApp(): TestApp {
  const app = {} as TestApp;
  beforeAll(async () => {
    Object.assign(app, await startTestApp());
  });
  afterAll(() => app.close());
  return app;
}

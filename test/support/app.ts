// The real app on a test file's own database, with mail going to a real SMTP catcher.
// `deliverMail()` runs the due jobs once, as the worker would.
import type { Transporter } from 'nodemailer';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createSessionCache, type SessionCache } from '../../src/accounts/index.ts';
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
  // Set when the app keeps sessions in memory, as the server does.
  sessionCache?: SessionCache;
  deliverMail: () => Promise<void>;
  // The same, for jobs other than mail (imports).
  runJobs: () => Promise<void>;
  rebuildApp: () => ReturnType<typeof buildApp>;
  close: () => Promise<void>;
};

export function appFor(database: TestDatabase, options: { mailCatcher?: MailCatcher; sessionCache?: SessionCache } = {}) {
  return buildApp({
    db: database.db,
    logger: silent,
    baseUrl: TEST_BASE_URL,
    sessionSecret: 'test-session-secret-that-is-long-enough',
    production: false,
    trustProxy: false,
    mailCatcher: options.mailCatcher,
    sessionCache: options.sessionCache,
  });
}

// Without the session cache by default: a test that changes a session or a login behind the
// app's back and asks at once races the change's announcement, and may be answered as if it
// had asked a moment before the change (test/accounts/session-cache.test.ts waits for it).
export async function startTestApp(options: { sessionCache?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const mail = await startMailCatcher();
  const mailer = createMailer(mail.url);
  const sessionCache = options.sessionCache ? createSessionCache(database.db, database.url, silent) : undefined;
  return {
    ...database,
    app: appFor(database, { sessionCache }),
    sessionCache,
    mail,
    mailer,
    deliverMail: () => runJobs(database, mailer),
    runJobs: () => runJobs(database, mailer),
    rebuildApp: () => appFor(database, { sessionCache }),
    close: async () => {
      await sessionCache?.close();
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
export function useTestApp(options: { sessionCache?: boolean } = {}): TestApp {
  const app = {} as TestApp;
  beforeAll(async () => {
    Object.assign(app, await startTestApp(options));
  });
  afterAll(() => app.close());
  return app;
}

// Boot: config → database (embedded or DATABASE_URL) → migrate → demo data on an empty
// database → mail → app → listen → worker. SIGTERM/SIGINT stop it in the reverse order,
// letting requests in flight finish.
import type { Server } from 'node:http';
import pino from 'pino';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { startWorker } from './jobs/index.ts';
import { createMailer, startMailCatcher } from './mail/index.ts';
import { buildTaskList, CRONTAB } from './tasks.ts';
import { isEmpty, seedDemo } from '../seeds/demo.ts';

const config = loadConfig();
const logger = pino({ level: config.logLevel });

const database = await openDatabase(config, logger);
if (config.seedDemo && (await isEmpty(database.db))) {
  await seedDemo(database.db, config.baseUrl);
  logger.info('demo data loaded (logins in the README)');
}

const mailCatcher = config.smtpUrl ? undefined : await startMailCatcher();
const mailer = createMailer(config.smtpUrl ?? mailCatcher!.url);
// The mailbox is public (people who forgot their password are not signed in), so it would
// hand out everyone's password links: never in production.
const showMailbox = mailCatcher && config.env !== 'production';
if (mailCatcher && !showMailbox) logger.warn('SMTP_URL is not set: e-mail is caught in memory and not delivered');

const app = buildApp({
  db: database.db,
  logger,
  baseUrl: config.baseUrl,
  sessionSecret: config.sessionSecret,
  production: config.env === 'production',
  trustProxy: config.trustProxy,
  mailCatcher: showMailbox ? mailCatcher : undefined,
});

// Express 5 passes a listen error (port in use) to the callback: stop with it, say nothing of listening.
const server = await new Promise<Server>((resolve, reject) => {
  const s = app.listen(config.port, (err?: Error) => (err ? reject(err) : resolve(s)));
}).catch(async (err: NodeJS.ErrnoException) => {
  logger.fatal({ port: config.port }, err.code === 'EADDRINUSE' ? `port ${config.port} is already in use` : err.message);
  await mailCatcher?.close();
  await database.close();
  return process.exit(1);
});
logger.info({ url: config.baseUrl, mailbox: showMailbox ? `${config.baseUrl}/dev/mailbox` : undefined }, 'shop listening');

// WORKER_CONCURRENCY=0 makes a web-only process; another process (or several) runs the jobs.
const worker = config.workerConcurrency === 0 ? undefined : await startWorker({
  connectionString: database.connectionString,
  concurrency: config.workerConcurrency,
  logger,
  crontab: CRONTAB,
  taskList: buildTaskList({ db: database.db, mailer, mailFrom: config.mailFrom, baseUrl: config.baseUrl }),
});

const STOP_GRACE_MS = 5000;
let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  // Requests in flight get a few seconds to finish; a connection that stays open beyond that
  // (browsers keep speculative ones that never send a request) is closed, so stopping ends.
  const deadline = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
  await closed;
  clearTimeout(deadline);
  await worker?.stop();
  await mailCatcher?.close();
  mailer.close();
  await database.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

// Boot: config → database (embedded or DATABASE_URL) → migrate → demo data on an empty
// database → mail → app → listen → outbox relay → worker. SIGTERM/SIGINT stop it in the reverse order,
// letting requests in flight finish.
//
// With WEB_PROCESSES above 1 this process keeps the database, the mail, the outbox relay and
// the job worker, and forks that many web processes that share its port (node:cluster): one
// Node process uses one core, so a machine with more cores serves more requests with more
// processes.
import cluster, { type Worker } from 'node:cluster';
import type { Server } from 'node:http';
import pino from 'pino';
import { createSessionCache, type SessionCache } from './accounts/index.ts';
import { buildApp, type AppDeps } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { createDb } from './db/knex.ts';
import { startWorker } from './jobs/index.ts';
import { createMailer, startMailCatcher, startOutboxRelay } from './mail/index.ts';
import { buildTaskList, CRONTAB } from './tasks.ts';
import { isEmpty, seedDemo } from '../seeds/demo.ts';

const config = loadConfig();
const logger = pino({ level: config.logLevel });
const STOP_GRACE_MS = 5000;

function appDeps(db: AppDeps['db'], mailCatcher: AppDeps['mailCatcher'], sessionCache: SessionCache | undefined): AppDeps {
  return { db, logger, baseUrl: config.baseUrl, sessionSecret: config.sessionSecret, production: config.env === 'production', trustProxy: config.trustProxy, mailCatcher, sessionCache };
}

// Each process that serves pages keeps its own sessions in memory, on its own connection.
function sessionCacheOn(db: AppDeps['db'], connectionString: string): SessionCache | undefined {
  return config.sessionCache ? createSessionCache(db, connectionString, logger) : undefined;
}

// Express 5 passes a listen error (port in use) to the callback.
function listen(deps: AppDeps): Promise<Server> {
  const app = buildApp(deps);
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
}

// Requests in flight get a few seconds to finish; a connection that stays open beyond that
// (browsers keep speculative ones that never send a request) is closed, so stopping ends.
async function closeServer(server: Server): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const deadline = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
  await closed;
  clearTimeout(deadline);
}

function onStopSignal(stop: (signal: string) => Promise<void>) {
  let stopping = false;
  const once = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void stop(signal);
  };
  process.on('SIGTERM', () => once('SIGTERM'));
  process.on('SIGINT', () => once('SIGINT'));
}

function listenFailed(err: NodeJS.ErrnoException, port: number): string {
  return err.code === 'EADDRINUSE' ? `port ${port} is already in use` : err.message;
}

// A forked web process: the app on the primary's database, nothing else.
async function runWebProcess(): Promise<void> {
  const db = createDb(config.databaseUrl!, config.dbPoolMax, config.dbPrepare);
  const sessionCache = sessionCacheOn(db, config.databaseUrl!);
  const server = await listen(appDeps(db, undefined, sessionCache)).catch(async (err: NodeJS.ErrnoException) => {
    logger.fatal({ port: config.port }, listenFailed(err, config.port));
    await sessionCache?.close();
    await db.destroy();
    return process.exit(1);
  });
  onStopSignal(async () => {
    await closeServer(server);
    await sessionCache?.close();
    await db.destroy();
    process.exit(0);
  });
}

const webProcesses = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

// Forks the web processes and resolves once every one listens; one that dies later is replaced.
async function forkWebProcesses(count: number, connectionString: string, isStopping: () => boolean): Promise<void> {
  const env = { DATABASE_URL: connectionString };
  const fork = () => {
    const worker = cluster.fork(env);
    worker.once('exit', (code, signal) => {
      if (isStopping()) return;
      logger.error({ webProcess: worker.process.pid, code, signal }, 'a web process ended; starting another');
      setTimeout(() => !isStopping() && fork(), 1000);
    });
    return worker;
  };
  await Promise.all(
    Array.from({ length: count }, () => {
      const worker = fork();
      return new Promise<Worker>((resolve, reject) => {
        worker.once('listening', () => resolve(worker));
        worker.once('exit', (code) => reject(new Error(`a web process could not start (exit code ${code})`)));
      });
    }),
  );
}

// Each gets the grace a single process gives its requests, and a little more; then it is killed.
async function stopWebProcesses(): Promise<void> {
  await Promise.all(
    webProcesses().map((worker) => {
      if (worker.isDead()) return undefined;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.process.kill('SIGTERM');
      const kill = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS + 5000);
      return exited.finally(() => clearTimeout(kill));
    }),
  );
}

async function runPrimary(config: Config): Promise<void> {
  const database = await openDatabase(config, logger);
  if (config.seedDemo && (await isEmpty(database.db))) {
    await seedDemo(database.db, config.baseUrl);
    logger.info('demo data loaded (logins in the README)');
  }

  const mailCatcher = config.smtpUrl ? undefined : await startMailCatcher();
  const mailer = createMailer(config.smtpUrl ?? mailCatcher!.url);
  // The mailbox is public (people who forgot their password are not signed in), so it would
  // hand out everyone's password links: never in production. It lives in this process.
  const showMailbox = mailCatcher && config.env !== 'production' && config.webProcesses === 1;
  if (mailCatcher && !showMailbox) {
    logger.warn(config.env === 'production' ? 'SMTP_URL is not set: e-mail is caught in memory and not delivered' : 'SMTP_URL is not set and /dev/mailbox needs WEB_PROCESSES=1: e-mail is caught in memory and not shown');
  }

  let stopping = false;
  let server: Server | undefined;
  let sessionCache: SessionCache | undefined;
  const failed = async (err: NodeJS.ErrnoException) => {
    logger.fatal({ port: config.port }, listenFailed(err, config.port));
    stopping = true;
    await stopWebProcesses();
    await sessionCache?.close();
    await mailCatcher?.close();
    await database.close();
    return process.exit(1);
  };
  if (config.webProcesses > 1) {
    const needed = (config.webProcesses + 1) * config.dbPoolMax + (config.sessionCache ? config.webProcesses : 0) + config.workerConcurrency + 2;
    const allowed = Number((await database.db.raw('SHOW max_connections')).rows[0].max_connections);
    if (needed > allowed) logger.warn({ needed, allowed }, 'WEB_PROCESSES × DB_POOL_MAX may open more connections than PostgreSQL allows (max_connections)');
    await forkWebProcesses(config.webProcesses, database.connectionString, () => stopping).catch(failed);
  } else {
    sessionCache = sessionCacheOn(database.db, database.connectionString);
    server = await listen(appDeps(database.db, showMailbox ? mailCatcher : undefined, sessionCache)).catch(failed);
  }
  logger.info({ url: config.baseUrl, webProcesses: config.webProcesses, mailbox: showMailbox ? `${config.baseUrl}/dev/mailbox` : undefined }, 'shop listening');

  // Mails written by orders and sign-ups reach the job queue through the relay, whatever
  // WORKER_CONCURRENCY says: a web-only instance's mails are sent by an instance that runs jobs.
  const relay = startOutboxRelay(database.db, logger);
  // WORKER_CONCURRENCY=0 makes a web-only process; another process (or several) runs the jobs.
  const worker = config.workerConcurrency === 0 ? undefined : await startWorker({
    connectionString: database.connectionString,
    concurrency: config.workerConcurrency,
    logger,
    crontab: CRONTAB,
    taskList: buildTaskList({ db: database.db, mailer, mailFrom: config.mailFrom, baseUrl: config.baseUrl }),
  });

  onStopSignal(async (signal) => {
    stopping = true;
    logger.info({ signal }, 'stopping');
    if (server) await closeServer(server);
    await stopWebProcesses();
    await sessionCache?.close();
    await relay.stop();
    await worker?.stop();
    await mailCatcher?.close();
    mailer.close();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  });
}

if (cluster.isPrimary) await runPrimary(config);
else await runWebProcess();

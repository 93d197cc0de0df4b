// `npm run bench`: starts the real server (production mode, embedded PostgreSQL in a fresh temp
// folder) and a bare Express baseline (test/bench/baseline-server.ts), then measures with
// autocannon: restart time to the first healthy answer, the signed-in start page against the
// same template rendered without session or database, its p99, how often the session row is
// written under load, and the server's memory. Targets are reported, not enforced; the exit
// code is non-zero only on errors (a server that does not start, non-2xx answers).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort } from '../support/ports.ts';
import { DURATION_S, getPage, h1Of, measure, rssMbOf, signIn, startChild, stopChild, verdict, waitForOk, WARMUP_S, type Child } from './support.ts';

const CONNECTIONS = 20;
const FIRST_START_TIMEOUT_MS = 120_000;
const RESTART_TIMEOUT_MS = 30_000;
const DEMO_BUYER = { email: 'buyer@nordic-office.example', password: 'demo-password', name: 'Bo Berg' };
// What a Swedish buyer's browser sends: the real page then speaks Swedish like the baseline, also
// when the demo login has no saved language.
const BROWSER_HEADERS = { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.8' };
const TARGET = { restartMs: 2000, ratioPct: 60, p99Ms: 20, rssMb: 200, sessionWrites: 5 };
// A backend that flushed statistics less than a second ago holds new counts until it has been
// idle for 10 s (PostgreSQL's PGSTAT_IDLE_INTERVAL); read pg_stat_* only after that.
const PG_STATS_SETTLE_MS = 11_000;

type DbCounters = { sessionUpdates: number; transactions: number; expire: Date | null };








// The cookie holds "s:<sid>.<signature>", URL-encoded.
function sidOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  return value.slice(2, value.lastIndexOf('.'));
}


async function dbCounters(client: pg.Client, sid: string): Promise<DbCounters> {
  const stats = await client.query<{ n_tup_upd: string }>(
    "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'sessions'",
  );
  const db = await client.query<{ xact_commit: string }>('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()');
  const row = await client.query<{ expire: Date }>('SELECT expire FROM sessions WHERE sid = $1', [sid]);
  return {
    sessionUpdates: Number(stats.rows[0]?.n_tup_upd ?? 0),
    transactions: Number(db.rows[0]?.xact_commit ?? 0),
    expire: row.rows[0]?.expire ?? null,
  };
}



const children: Child[] = [];
let dataDir: string | undefined;
let pgClient: pg.Client | undefined;

async function cleanUp(): Promise<void> {
  await pgClient?.end().catch(() => {});
  await Promise.all(children.map(stopChild));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

async function main(): Promise<boolean> {
  dataDir = mkdtempSync(path.join(tmpdir(), 'shop-bench-'));
  // The embedded PostgreSQL runs as the "postgres" system user, which must be able to enter it.
  chmodSync(dataDir, 0o755);
  const [port, pgPort, baselinePort] = [await freePort(), await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  const baselineBase = `http://127.0.0.1:${baselinePort}`;
  const shared: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  delete shared.DATABASE_URL;
  delete shared.SMTP_URL;
  delete shared.BASE_URL;
  const serverEnv = {
    ...shared,
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghijklmnop',
    // Production skips the demo data unless asked; the benchmark signs in as its buyer.
    SEED_DEMO: 'auto',
  };
  const startServer = () => {
    const child = startChild('shop server', 'src/server.ts', serverEnv);
    children.push(child);
    return child;
  };

  console.log(`Data folder ${dataDir}; shop on ${base}, embedded PostgreSQL on ${pgPort}, baseline on ${baselineBase}`);
  let started = performance.now();
  let server = startServer();
  await waitForOk(server, `${base}/healthz`, FIRST_START_TIMEOUT_MS);
  console.log(`First start (initdb, migrations, demo seed): ${(performance.now() - started).toFixed(0)} ms`);

  const stopping = performance.now();
  await stopChild(server);
  children.splice(children.indexOf(server), 1);
  console.log(`Stop on SIGTERM: ${(performance.now() - stopping).toFixed(0)} ms`);
  started = performance.now();
  server = startServer();
  await waitForOk(server, `${base}/healthz`, RESTART_TIMEOUT_MS);
  const restartMs = performance.now() - started;
  console.log(`Restart on the existing data folder to first 200 from /healthz: ${restartMs.toFixed(0)} ms`);

  const cookie = await signIn(base, DEMO_BUYER, BROWSER_HEADERS);
  const realHeaders = { ...BROWSER_HEADERS, cookie };
  const realHtml = await getPage(`${base}/`, realHeaders);
  if (!realHtml.includes(DEMO_BUYER.name)) throw new Error(`the signed-in start page does not mention ${DEMO_BUYER.name}`);

  const baseline = startChild('baseline server', 'test/bench/baseline-server.ts', { ...shared, PORT: String(baselinePort) });
  children.push(baseline);
  await waitForOk(baseline, `${baselineBase}/hello`, RESTART_TIMEOUT_MS);
  const [realH1, baselineH1] = [h1Of(realHtml), h1Of(await getPage(`${baselineBase}/`))];
  if (realH1 !== baselineH1) throw new Error(`baseline <h1> "${baselineH1}" differs from the real page's "${realH1}"`);
  console.log(`Signed in as ${DEMO_BUYER.email}; both start pages show <h1>${realH1}</h1>`);

  console.log(`autocannon: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s measured each`);
  const hello = await measure('baseline /hello', `${baselineBase}/hello`, {}, CONNECTIONS);
  const basePage = await measure('baseline /', `${baselineBase}/`, {}, CONNECTIONS);

  pgClient = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/shop` });
  await pgClient.connect();
  // Sign-in was more than PG_STATS_SETTLE_MS ago (two autocannon runs), so its writes are counted already.
  const sid = sidOf(cookie);
  const before = await dbCounters(pgClient, sid);
  const real = await measure('real /', `${base}/`, realHeaders, CONNECTIONS);
  const rssMb = rssMbOf(server.proc.pid!);
  await sleep(PG_STATS_SETTLE_MS);
  const after = await dbCounters(pgClient, sid);

  const ratioPct = (real.rps / basePage.rps) * 100;
  const sessionWrites = after.sessionUpdates - before.sessionUpdates;
  const txPerRequest = (after.transactions - before.transactions) / real.total;
  const expireMoved = before.expire?.getTime() !== after.expire?.getTime();

  const pad = (s: string | number, n: number) => String(s).padStart(n);
  console.log('\nSummary');
  console.log(`  ${'run'.padEnd(18)}${pad('req/s', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('non-2xx', 9)}${pad('errors', 8)}`);
  for (const m of [hello, basePage, real]) {
    console.log(`  ${m.label.padEnd(18)}${pad(m.rps.toFixed(0), 8)}${pad(m.p50, 8)}${pad(m.p99, 8)}${pad(m.non2xx, 9)}${pad(m.errors, 8)}`);
  }
  console.log(`  restart to first 200         ${restartMs.toFixed(0)} ms   (target ≤ ${TARGET.restartMs} ms)`);
  console.log(`  real / ÷ baseline /          ${ratioPct.toFixed(1)} %   (target ≥ ${TARGET.ratioPct} %)`);
  console.log(`  real / p99                   ${real.p99} ms   (target ≤ ${TARGET.p99Ms} ms)`);
  console.log(`  session row updates          ${sessionWrites} in ${real.total} requests, expire ${expireMoved ? 'changed' : 'unchanged'}   (target ≤ ${TARGET.sessionWrites})`);
  console.log(`  DB transactions per request  ${txPerRequest.toFixed(2)}   (≈ queries; includes the worker's polling)`);
  console.log(`  server RSS after run         ${rssMb.toFixed(0)} MB   (target ≤ ${TARGET.rssMb} MB; embedded PostgreSQL not included)`);
  console.log(
    [
      `restart ${verdict(restartMs <= TARGET.restartMs)}`,
      `ratio ${verdict(ratioPct >= TARGET.ratioPct)}`,
      `p99 ${verdict(real.p99 <= TARGET.p99Ms)}`,
      `session-writes ${verdict(sessionWrites <= TARGET.sessionWrites)}`,
      `rss ${verdict(rssMb <= TARGET.rssMb)}`,
    ].join(' | '),
  );

  const failed = [hello, basePage, real].filter((m) => m.non2xx > 0 || m.errors > 0);
  for (const m of failed) console.error(`ERROR: ${m.label} had ${m.non2xx} non-2xx answers and ${m.errors} connection errors`);
  return failed.length === 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  if (!(await main())) process.exitCode = 1;
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await cleanUp();
}

// `npm run bench:catalogue`: the catalogue at scale. Generates the large data set (100,000
// products, 1.1M prices in 50 lists, 2,000 customers) into a fresh embedded PostgreSQL, starts
// the real server in production mode, signs in as a buyer whose prices come through three
// price lists, and measures with autocannon at 32 connections: the catalogue page, a category,
// and a search, against the bare Express + EJS page of the baseline server in the same run.
// Targets are reported, not enforced; errors (non-2xx, a server that does not start) fail.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LARGE_BUYER } from '../../seeds/large.ts';
import { freePort } from '../support/ports.ts';
import { getPage, measure, ROOT, signIn, startChild, stopChild, verdict, waitForOk, type Child } from './support.ts';

const CONNECTIONS = 32;
const TARGET = { ratioPct: 40, catalogueP99Ms: 30, searchP99Ms: 50 };

const children: Child[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), 'shop-bench-catalogue-'));

async function main(): Promise<boolean> {
  // The embedded PostgreSQL runs as the "postgres" system user, which must be able to enter it.
  chmodSync(dataDir, 0o755);
  const [port, pgPort, baselinePort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort),
    SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghijklmnop', SEED_DEMO: 'never',
  };
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  delete env.BASE_URL;

  const started = Date.now();
  const generated = spawnSync(process.execPath, ['src/db/cli.ts', 'seed-large'], { cwd: ROOT, env, stdio: 'inherit' });
  if (generated.status !== 0) throw new Error('generating the large data set failed');
  console.log(`Large data set generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const base = `http://127.0.0.1:${port}`;
  const server = startChild('shop server', 'src/server.ts', { ...env, PORT: String(port) });
  const baseline = startChild('baseline server', 'test/bench/baseline-server.ts', { ...env, PORT: String(baselinePort) });
  children.push(server, baseline);
  await Promise.all([waitForOk(server, `${base}/healthz`, 60_000), waitForOk(baseline, `http://127.0.0.1:${baselinePort}/hello`, 30_000)]);

  const cookie = await signIn(base, { email: LARGE_BUYER, password: 'demo-password' }, { 'accept-language': 'en' });
  const headers = { cookie, 'accept-language': 'en' };
  // Each page once first: a page that does not answer 200 stops the run with its status.
  for (const page of ['/catalog', '/catalog?category=large-3-4', '/catalog?q=stapler']) await getPage(`${base}${page}`, headers);
  console.log(`autocannon: ${CONNECTIONS} connections`);
  const bare = await measure('bare Express + EJS page', `http://127.0.0.1:${baselinePort}/`, {}, CONNECTIONS);
  const catalogue = await measure('catalogue page', `${base}/catalog`, headers, CONNECTIONS);
  const category = await measure('category page', `${base}/catalog?category=large-3-4`, headers, CONNECTIONS);
  const search = await measure('search "stapler"', `${base}/catalog?q=stapler`, headers, CONNECTIONS);

  const ratio = (catalogue.rps / bare.rps) * 100;
  console.log('\nSummary');
  for (const m of [bare, catalogue, category, search]) {
    console.log(`  ${m.label.padEnd(24)} ${m.rps.toFixed(0).padStart(7)} req/s  p50 ${String(m.p50).padStart(4)} ms  p99 ${String(m.p99).padStart(4)} ms  non-2xx ${m.non2xx}`);
  }
  console.log(`  catalogue ÷ bare page      ${ratio.toFixed(1)} %   (target ≥ ${TARGET.ratioPct} %)`);
  console.log(
    `ratio ${verdict(ratio >= TARGET.ratioPct)} | catalogue p99 ${verdict(catalogue.p99 <= TARGET.catalogueP99Ms)} | search p99 ${verdict(search.p99 <= TARGET.searchP99Ms)}`,
  );
  return [bare, catalogue, category, search].every((m) => m.non2xx === 0 && m.errors === 0);
}

try {
  process.exitCode = (await main()) ? 0 : 1;
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await Promise.all(children.map(stopChild));
  rmSync(dataDir, { recursive: true, force: true });
}

// Helpers the benchmarks share: child servers, signing in over HTTP, and autocannon runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/ports.ts';
import autocannon from 'autocannon';
import { createDb, type Db } from '../../src/db/knex.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WARMUP_S = 2;
export const DURATION_S = 10;

export type Child = { name: string; proc: ChildProcess; exited: Promise<string>; output: () => string };
export type Measured = { label: string; rps: number; p50: number; p99: number; non2xx: number; errors: number; total: number };

export function startChild(name: string, script: string, env: NodeJS.ProcessEnv): Child {
  const proc = spawn(process.execPath, [script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Output is only shown when something fails, so keep just the tail.
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    proc.once('error', (err) => resolve(`spawn error: ${err.message}`));
    proc.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
  });
  return { name, proc, exited, output: () => tail };
}

export async function stopChild(child: Child): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  // Unref'd: a pending timer must not keep the benchmark alive once the child has gone.
  const gone = await Promise.race([child.exited.then(() => true), sleep(30_000, false, { ref: false })]);
  if (!gone) {
    console.error(`${child.name} did not stop on SIGTERM; killing it`);
    child.proc.kill('SIGKILL');
    await child.exited;
  }
}

export async function waitForOk(child: Child, url: string, timeoutMs: number): Promise<void> {
  let exit: string | undefined;
  void child.exited.then((how) => (exit = how));
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (exit) throw new Error(`${child.name} exited (${exit}) before ${url} answered 200:\n${child.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(20);
  }
  throw new Error(`${child.name}: ${url} did not answer 200 within ${timeoutMs} ms:\n${child.output()}`);
}

export function sessionCookieOf(res: Response): string {
  const found = res.headers.getSetCookie().find((c) => c.startsWith('shop.sid='));
  if (!found) throw new Error(`no shop.sid cookie in the answer to ${res.url || 'the request'} (${res.status})`);
  return found.split(';')[0];
}

// A page's CSRF token.
export function csrfOf(html: string): string {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error('the page has no _csrf input');
  return csrf;
}

export async function signIn(base: string, login: { email: string; password: string }, headers: Record<string, string> = {}): Promise<string> {
  const form = await fetch(`${base}/login`, { headers });
  const html = await form.text();
  if (form.status !== 200) throw new Error(`GET /login answered ${form.status}`);
  const csrf = csrfOf(html);
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: sessionCookieOf(form) },
    body: new URLSearchParams({ _csrf: csrf, email: login.email, password: login.password }).toString(),
  });
  await res.arrayBuffer();
  if (res.status !== 302) throw new Error(`POST /login answered ${res.status}, expected 302`);
  return sessionCookieOf(res);
}

export async function getPage(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, { headers, redirect: 'manual' });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return html;
}

export function h1Of(html: string): string {
  const match = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  if (!match) throw new Error('page has no <h1>');
  return match[1].trim();
}

export async function measure(label: string, url: string, headers: Record<string, string> = {}, connections = 20): Promise<Measured> {
  const options = { url, connections, headers };
  const warm = await autocannon({ ...options, duration: WARMUP_S });
  const r = await autocannon({ ...options, duration: DURATION_S });
  const measured = {
    label,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    total: warm.requests.total + r.requests.total,
  };
  console.log(`  ${label.padEnd(15)}: ${measured.rps.toFixed(0)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, non-2xx ${measured.non2xx}`);
  return measured;
}

export function rssMbOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

// CPU time in ms (user + system) used so far by the shop's processes (the one started and any
// web processes it forked) and by its embedded PostgreSQL (server and backends), from /proc:
// Linux only.
export function cpuMsOf(shopPid: number): { shop: number; postgres: number } {
  const TICK_MS = 10; // USER_HZ is 100 on Linux.
  const procs = new Map<number, { parent: number; postgres: boolean; ms: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // Gone meanwhile.
    }
    // "pid (command) state ppid …", utime and stime the 14th and 15th fields.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    procs.set(Number(entry), { parent: Number(fields[1]), postgres: stat.slice(stat.indexOf('(') + 1, close) === 'postgres', ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
  }
  const used = { shop: procs.get(shopPid)?.ms ?? 0, postgres: 0 };
  for (const [pid, proc] of procs) {
    let p = proc.parent;
    while (p > 1 && p !== shopPid) p = procs.get(p)?.parent ?? 0;
    if (p === shopPid && pid !== shopPid) used[proc.postgres ? 'postgres' : 'shop'] += proc.ms;
  }
  return used;
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}

// The p-th percentile of some timings (0 for none).
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// Runs a benchmark against the shop in production mode on a fresh data folder and embedded
// PostgreSQL (no demo data, no job worker), with a connection of its own to that database.
// `webProcesses` is the shop's WEB_PROCESSES (1: the app in the one process).
// Afterwards everything is stopped and removed; on failure the server's output is shown and
// the exit code is 1.
export async function withShopServer(name: string, poolMax: number, run: (shop: { base: string; db: Db; pid: number }) => Promise<void>, webProcesses = 1): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `shop-bench-${name}-`));
  let server: Child | undefined;
  let db: Db | undefined;
  try {
    chmodSync(dataDir, 0o755);
    const [port, pgPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(port),
      SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghijklmnop', SEED_DEMO: 'never', WORKER_CONCURRENCY: '0',
      WEB_PROCESSES: String(webProcesses),
    };
    delete env.DATABASE_URL;
    delete env.SMTP_URL;
    delete env.BASE_URL;
    const base = `http://127.0.0.1:${port}`;
    server = startChild('shop server', 'src/server.ts', env);
    await waitForOk(server, `${base}/healthz`, 60_000);
    db = createDb(`postgres://postgres:postgres@127.0.0.1:${pgPort}/shop`, poolMax);
    await run({ base, db, pid: server.proc.pid! });
  } catch (err) {
    console.error(err);
    if (server) console.error(`--- ${server.name} output:\n${server.output()}`);
    process.exitCode = 1;
  } finally {
    await db?.destroy();
    if (server) await stopChild(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Starts the real shop (`node src/server.ts`) on a fresh data folder with the embedded
// PostgreSQL and demo data, and a headless Chromium to drive it.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { freePort } from '../support/ports.ts';

export type RunningShop = {
  url: string;
  // The process started (with WEB_PROCESSES above 1, the one that forks the web processes).
  pid: () => number;
  // Stops the process with SIGTERM and starts it again on the same data; resolves to the exit code.
  restart: () => Promise<number | null>;
  stop: () => Promise<number | null>;
};

export async function startShop(extraEnv: Record<string, string> = {}): Promise<RunningShop> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shop-e2e-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  // A clean environment: the test runner's own variables (BASE_URL among them) are not the shop's.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn', ...extraEnv };
  const url = `http://127.0.0.1:${port}`;

  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, ['src/server.ts'], { cwd: path.resolve(import.meta.dirname, '../..'), env, stdio: ['ignore', 'inherit', 'inherit'] });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the shop exited with ${child.exitCode}`);
      if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return child;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the shop did not start within a minute');
  };
  // SIGTERM, and SIGKILL if the shop has not stopped within 20 s: the test then fails on the
  // exit code (null) instead of hanging.
  const terminate = (child: ChildProcess): Promise<number | null> => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    return exited.finally(() => clearTimeout(kill));
  };

  let child = await launch();
  return {
    url,
    pid: () => child.pid!,
    restart: async () => {
      const code = await terminate(child);
      child = await launch();
      return code;
    },
    stop: async () => {
      const code = await terminate(child);
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// One shop and one browser for a test file; the shop must stop cleanly (exit 0) at the end.
export function useShopAndBrowser(): { shop: () => RunningShop; browser: () => Browser } {
  let shop: RunningShop;
  let browser: Browser;
  beforeAll(async () => {
    [shop, browser] = await Promise.all([startShop(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    expect(await shop?.stop()).toBe(0);
  });
  return { shop: () => shop, browser: () => browser };
}

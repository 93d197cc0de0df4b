// Starts the real shop (`node src/server.ts`) on a fresh data folder with the embedded
// PostgreSQL and demo data, and a headless Chromium to drive it.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../support/global-setup.ts';

export type RunningShop = { url: string; stop: () => Promise<void> };

export async function startShop(): Promise<RunningShop> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shop-e2e-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['src/server.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    // A clean environment: the test runner's own variables (BASE_URL among them) are not the shop's.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the shop exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

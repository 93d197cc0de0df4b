// One embedded PostgreSQL for the whole run, with a template database migrated once.
// Each test file clones the template (CREATE DATABASE … TEMPLATE), so files run in parallel
// and never see each other's rows.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDatabase, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { createDb } from '../../src/db/knex.ts';
import { migrate } from '../../src/db/migrate.ts';
import { freePort } from './ports.ts';

export const TEMPLATE_DATABASE = 'shop_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shop-test-'));
  // The server runs as the "postgres" system user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres(dir, await freePort());
  await ensureDatabase(server.url('postgres'), TEMPLATE_DATABASE);
  const db = createDb(server.url(TEMPLATE_DATABASE), 1);
  await migrate(db, server.url(TEMPLATE_DATABASE));
  await db.destroy();
  project.provide('pgAdminUrl', server.url('postgres'));
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

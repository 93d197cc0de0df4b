// Schema migrations: the project's own (migrations/*.ts, loaded by Node as they are) and the
// job queue's, which graphile-worker keeps in its own schema.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { Logger, runMigrations } from 'graphile-worker';
import type { Db } from './knex.ts';

// graphile-worker logs through our own logger elsewhere; its migration chatter is not needed.
const quietLogger = new Logger(() => () => {});

const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

type Migration = { up: (db: Knex) => Promise<void>; down?: (db: Knex) => Promise<void> };

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => readdirSync(migrationsDir).filter((f) => f.endsWith('.ts')).sort(),
  getMigrationName: (file) => file,
  getMigration: async (file) => (await import(pathToFileURL(path.join(migrationsDir, file)).href)) as Migration,
};

export async function migrate(db: Db, connectionString: string): Promise<void> {
  await db.migrate.latest({ migrationSource: source });
  await runMigrations({ connectionString, logger: quietLogger });
}

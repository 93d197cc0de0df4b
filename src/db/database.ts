// Opens the shop's database: the server in DATABASE_URL, or an embedded PostgreSQL under the
// data folder when none is given. Migrates it before anything else touches it.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.ts';
import { createDb, type Db } from './knex.ts';
import { migrate } from './migrate.ts';

export type OpenDatabase = { db: Db; connectionString: string; close: () => Promise<void> };

export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  let connectionString = config.databaseUrl;
  let stopEmbedded = async () => {};
  if (!connectionString) {
    const server = await startEmbeddedPostgres(
      config.dataDir,
      config.embeddedPgPort,
      (m) => logger.debug({ postgres: m.trim() }),
      (m) => logger.warn(m),
    );
    await ensureDatabase(server.url('postgres'), 'shop');
    connectionString = server.url('shop');
    stopEmbedded = server.stop;
    logger.info({ port: config.embeddedPgPort, dataDir: config.dataDir }, 'embedded PostgreSQL started');
  }
  const db = createDb(connectionString, config.dbPoolMax, config.dbPrepare);
  await migrate(db, connectionString);
  return {
    db,
    connectionString,
    close: async () => {
      await db.destroy();
      await stopEmbedded();
    },
  };
}

// `npm run db:migrate` and `npm run db:seed`: the same database the server would open.
import pino from 'pino';
import { loadConfig } from '../config.ts';
import { seedDemo } from '../../seeds/demo.ts';
import { seedLarge } from '../../seeds/large.ts';
import { openDatabase } from './database.ts';

const command = process.argv[2];
if (command !== 'migrate' && command !== 'seed' && command !== 'seed-large') {
  console.error('usage: node src/db/cli.ts migrate|seed|seed-large');
  process.exit(2);
}
const config = loadConfig();
const logger = pino({ level: config.logLevel });
const database = await openDatabase(config, logger);
try {
  if (command === 'seed') await seedDemo(database.db, config.baseUrl);
  if (command === 'seed-large') await seedLarge(database.db);
  logger.info(command === 'migrate' ? 'migrated' : 'migrated and seeded');
} finally {
  await database.close();
}

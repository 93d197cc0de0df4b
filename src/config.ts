// The one place that reads process.env: parsed and checked once at boot, passed on as a value.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(50).default(5),
  DB_PREPARE: z.enum(['on', 'off']).default('on'),
  SESSION_CACHE: z.enum(['on', 'off']).default('on'),
  SESSION_SECRET: z.string().min(32).optional(),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('Shop <shop@example.com>'),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(0).max(20).default(2),
  WEB_PROCESSES: z.coerce.number().int().min(1).max(32).default(1),
  SEED_DEMO: z.enum(['auto', 'never']).optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  baseUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  dbPoolMax: number;
  dbPrepare: boolean;
  sessionCache: boolean;
  sessionSecret: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  trustProxy: string | boolean;
  logLevel: string;
  workerConcurrency: number;
  webProcesses: number;
  seedDemo: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // A variable set to "" (as .env files and compose files often leave them) counts as unset.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new Error('Invalid configuration: SESSION_SECRET is required in production');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir,
    embeddedPgPort: e.EMBEDDED_PG_PORT ?? portForDirectory(dataDir),
    dbPoolMax: e.DB_POOL_MAX,
    dbPrepare: e.DB_PREPARE === 'on',
    sessionCache: e.SESSION_CACHE === 'on',
    sessionSecret: e.SESSION_SECRET ?? localSessionSecret(dataDir),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    webProcesses: e.WEB_PROCESSES,
    // Demo logins have published passwords: production loads them only when asked to.
    seedDemo: (e.SEED_DEMO ?? (e.NODE_ENV === 'production' ? 'never' : 'auto')) === 'auto',
  };
}

// Two checkouts on one machine get two embedded servers: the port follows the data folder.
function portForDirectory(dir: string): number {
  const hash = createHash('sha256').update(dir).digest().readUInt16BE(0);
  return 54000 + (hash % 1000);
}

// Outside production a secret is made once and kept beside the data, so sessions survive restarts.
function localSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function parseTrustProxy(value: string | undefined): string | boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value;
}

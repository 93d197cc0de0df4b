// The knex instance and the types other modules use to talk about it.
import knex, { type Knex } from 'knex';
import PgDialect from 'knex/lib/dialects/postgres/index.js';
import pg from 'pg';

export type Db = Knex;
export type Trx = Knex.Transaction;
// Either: what most queries take, so they run inside a caller's transaction or on their own.
export type Conn = Db | Trx;

// Money and counts are bigint in the database but stay far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
// A date is a day, not a moment: kept as 'YYYY-MM-DD', never shifted by a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

// A statement seen this often is prepared (named) on each connection, so PostgreSQL plans it
// once there instead of on every run: on the order path planning cost more than running.
// Statements that select or return `*` are not: a column added by a newer version's migration
// would make their cached plans fail in processes of the older version still running. A `*`
// between two values is a multiplication, which is prepared like the rest. DB_PREPARE=off
// turns preparing off, for poolers that do not keep prepared statements (PgBouncer in
// transaction mode before 1.21).
const PREPARE_AFTER = 3;
const SELECTS_STAR = /(\b(select|returning)\s+(distinct\s+)?|[,.)]\s*)\*(\s|,|$)/i;
// Bounds on what is remembered: statement texts that vary (lists of ids) must not grow it forever.
const MAX_PREPARED = 400;
const MAX_COUNTED = 4000;

type QueryObject = { sql: string; bindings?: unknown[]; options?: { name?: string } };

// Kept for the process, not per instance: a transaction's client is made from the prototype.
// A name always stands for the same text, whichever pool or connection uses it.
const counts = new Map<string, number>();
const names = new Map<string, string>();

function nameFor(sql: string): string | undefined {
  if (SELECTS_STAR.test(sql)) return undefined;
  const known = names.get(sql);
  if (known || names.size >= MAX_PREPARED) return known;
  const count = (counts.get(sql) ?? 0) + 1;
  if (count < PREPARE_AFTER) {
    if (counts.size >= MAX_COUNTED) counts.clear();
    counts.set(sql, count);
    return undefined;
  }
  counts.delete(sql);
  const name = `knex_${names.size + 1}`;
  names.set(sql, name);
  return name;
}

class PreparingPgDialect extends PgDialect {
  _query(connection: unknown, obj: QueryObject): Promise<unknown> {
    if ((this.config as { prepare?: boolean }).prepare !== false && obj.bindings && obj.bindings.length > 0 && !obj.options?.name) {
      const name = nameFor(obj.sql);
      if (name) obj.options = { ...obj.options, name };
    }
    return super._query(connection, obj);
  }
}

type PgConnection = { query: (config: { name?: string; text: string; values: unknown[] }) => Promise<{ rows: unknown[] }> };
type Compiled = { text: string; order: (string | number)[] };
const compiled = new Map<string, Compiled>();

// The statements of every request and every order skip knex's query machinery (compiling the
// raw text, the runner, events), which cost the shop about as much CPU per statement as pg
// itself: they go to the pooled connection, or the transaction's, prepared like the rest.
// Bindings as for knex.raw, `?` in order or `:name` from an object, but an array binding goes to
// pg whole (for `= ANY(?::int[])`), not spread into a list. knex's DEBUG does not list them.
export async function fastRaw<Row = Record<string, unknown>>(db: Db | Trx, sql: string, bindings: readonly unknown[] | Record<string, unknown>): Promise<{ rows: Row[] }> {
  // As knex does: a finished transaction's connection is back in the pool, someone else's.
  if ((db as Trx).isTransaction && (db as Trx).isCompleted()) throw new Error(`Transaction query already complete: ${sql}`);
  // A name missing from the bindings stays in the text (as with knex.raw): remembered apart.
  const key = Array.isArray(bindings) ? sql : `${sql}\0${Object.keys(bindings).join()}`;
  const form = compiled.get(key) ?? compile(db, key, sql, bindings);
  const values = form.order.map((k) => (bindings as Record<string | number, unknown>)[k]);
  if (values.includes(undefined)) throw new Error(`Undefined binding in: ${sql}`);
  const name = (db.client.config as { prepare?: boolean }).prepare !== false && values.length > 0 ? nameFor(form.text) : undefined;
  const connection = (await db.client.acquireConnection()) as PgConnection;
  try {
    return (await connection.query(name ? { name, text: form.text, values } : { text: form.text, values })) as { rows: Row[] };
  } finally {
    await db.client.releaseConnection(connection);
  }
}

// knex compiles the text once, with each binding standing for its own place or name.
function compile(db: Db | Trx, key: string, sql: string, bindings: readonly unknown[] | Record<string, unknown>): Compiled {
  const markers = Array.isArray(bindings) ? bindings.map((_, i) => i) : Object.fromEntries(Object.keys(bindings).map((k) => [k, k]));
  const native = db.raw(sql, markers).toSQL().toNative();
  const form = { text: native.sql, order: native.bindings as (string | number)[] };
  if (compiled.size < MAX_PREPARED) compiled.set(key, form);
  return form;
}

export function createDb(connectionString: string, poolMax = 5, prepare = true): Db {
  const config: Knex.Config & { prepare: boolean } = {
    client: PreparingPgDialect,
    prepare,
    connection: connectionString,
    // A few pooled connections beat many on two cores; min 0 lets idle test databases close.
    pool: { min: 0, max: poolMax },
  };
  return knex(config);
}

// Catalogue reads kept in memory. Everything a catalogue page is made of changes only when staff
// change the catalogue, and every such change raises one number in the database (migration
// 011). A request learns that number once, with its session; what was computed under the same
// number is still true and is served from memory, anything older is dropped. So a staff change
// shows on the next request, in every process: the session read gives the number from the
// database, or from memory kept current by the database's announcements (session-cache.ts).
import type { Db, Trx } from '../db/knex.ts';
import type { Ctx } from '../lib/context.ts';

const MAX_ENTRIES = 2_000;

type Store = { version: number; entries: Map<string, Promise<unknown>> };
// One store per database (tests run several side by side in one process).
const stores = new WeakMap<Db, Store>();

export type Cached = <T>(key: string, compute: () => Promise<T>) => Promise<T>;

const uncached: Cached = (_key, compute) => compute();

async function currentVersion(db: Db): Promise<number> {
  const row = await db('catalogue_version').first('version');
  return Number(row?.version ?? 0);
}

// The number is read once per request (per context), however many reads ask; a request that
// read it with its session already (ctx.catalogueVersion) reads it not at all.
const perRequest = new WeakMap<Ctx, Promise<Cached>>();

export function catalogueCache(ctx: Ctx): Promise<Cached> {
  let cached = perRequest.get(ctx);
  if (!cached) perRequest.set(ctx, (cached = cacheAt(ctx)));
  return cached;
}

// Inside a transaction nothing is cached: it must see its own writes and its own snapshot.
async function cacheAt(ctx: Ctx): Promise<Cached> {
  if ((ctx.db as Trx).isTransaction) return uncached;
  const db = ctx.db as Db;
  const known = ctx.catalogueVersion;
  const version = known !== undefined && Number.isFinite(known) ? known : await currentVersion(db);
  let store = stores.get(db);
  if (!store || store.version < version) stores.set(db, (store = { version, entries: new Map() }));
  // A request that read an older number than another one already did computes afresh.
  if (store.version !== version) return uncached;
  return reading(store.entries);
}

// A transaction that read the catalogue's version itself, and found the one kept in memory,
// may use what is kept: it is what the transaction would read. What it misses it reads through
// itself (never a second connection) and keeps. A transaction that changed the catalogue reads
// a version nobody else has, so it never sees or leaves anything here.
export function shareCatalogueCache(tctx: Ctx, root: Db, versionInTransaction: number): void {
  const store = stores.get(root);
  perRequest.set(tctx, Promise.resolve(store && store.version === versionInTransaction ? reading(store.entries) : uncached));
}

function reading(entries: Store['entries']): Cached {
  return <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    const found = entries.get(key) as Promise<T> | undefined;
    if (found) {
      // Most recently used last, so the oldest entry is the first to go.
      entries.delete(key);
      entries.set(key, found);
      return found;
    }
    // A knex query is a thenable that runs again each time it is awaited: keep its one result.
    const value = Promise.resolve(compute());
    entries.set(key, value);
    // A failed read is not remembered.
    value.catch(() => entries.get(key) === value && entries.delete(key));
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    return value;
  };
}

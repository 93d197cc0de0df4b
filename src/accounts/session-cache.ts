// Sessions kept in the memory of each web process, so a signed-in request usually reads nothing
// before its own work (on the order path the session read was a third of the statements).
// What is kept stays true because PostgreSQL announces every change to what a session read is
// made of (migration 020): the session itself, its user's name, language, organisation,
// permissions and disabling, the organisation's name and main customer, and the catalogue's
// version. A process forgets a session the moment it hears of a change, the same moment a
// fresh read would have seen it; while it cannot hear (the connection is down, not up yet, or a
// probe goes unheard, see db/notifications.ts) it keeps nothing and reads every session, as
// without this cache.
import type { Logger } from 'pino';
import type { Db } from '../db/knex.ts';
import { listenTo } from '../db/notifications.ts';

const CHANNEL = 'session_changes';
const MAX_ENTRIES = 10_000;
// A bound on trusting memory at all, should a change ever go unannounced.
const MAX_AGE_MS = 30_000;

export type SessionRead = { sess: Record<string, unknown>; expiresAt: number; user: Express.User | null; catalogueVersion: number };
type Entry = { json: string; expiresAt: number; user: Express.User | null; keptAt: number };

export type SessionCache = {
  // The session from memory, else from `read` (kept for the next request).
  read: (sid: string, now: number, read: () => Promise<SessionRead | null>) => Promise<SessionRead | null>;
  // This process wrote or deleted the session: the next request reads it from the database.
  forget: (sid: string) => void;
  // Whether sessions are served from memory now (the channel is heard).
  listening: () => boolean;
  // Resolves once every change committed before the call has been heard (true), or cannot be.
  heardAll: () => Promise<boolean>;
  close: () => Promise<void>;
};

export function createSessionCache(db: Db, connectionString: string, logger: Logger): SessionCache {
  const entries = new Map<string, Entry>();
  // Raised by every change heard: a read that began before one may hold what it changed.
  let changes = 0;
  let catalogueVersion = 0;

  const forgetAll = () => {
    changes++;
    entries.clear();
    catalogueVersion = 0;
  };
  const forget = (sid: string) => {
    changes++;
    entries.delete(sid);
  };
  const forgetWhere = (affected: (entry: Entry) => boolean) => {
    changes++;
    for (const [sid, entry] of entries) if (affected(entry)) entries.delete(sid);
  };
  const listener = listenTo(db, connectionString, CHANNEL, {
    message: (payload) => {
      const [kind, key] = [payload.slice(0, 2), payload.slice(2)];
      if (kind === 's:') forget(key);
      else if (kind === 'u:') forgetWhere((e) => e.user?.id === Number(key));
      else if (kind === 'o:') forgetWhere((e) => e.user?.organisation_id === Number(key));
      else if (kind === 'c:') catalogueVersion = Math.max(catalogueVersion, Number(key));
      else forgetAll();
    },
    reset: forgetAll,
  }, logger);

  return {
    async read(sid, now, read) {
      const kept = listener.listening() ? entries.get(sid) : undefined;
      if (kept && kept.expiresAt >= now && now - kept.keptAt < MAX_AGE_MS) {
        // Each request gets its own copy: the session middleware changes the data it is given.
        return { sess: JSON.parse(kept.json), expiresAt: kept.expiresAt, user: copyOf(kept.user), catalogueVersion };
      }
      if (kept) entries.delete(sid);
      const before = changes;
      const found = await read();
      if (found && listener.listening() && changes === before) {
        catalogueVersion = Math.max(catalogueVersion, found.catalogueVersion);
        // The oldest kept goes first.
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(sid, { json: JSON.stringify(found.sess), expiresAt: found.expiresAt, user: copyOf(found.user), keptAt: now });
      }
      return found;
    },
    forget,
    listening: listener.listening,
    heardAll: listener.heardAll,
    close: listener.close,
  };
}

function copyOf(user: Express.User | null): Express.User | null {
  return user && { ...user, permissions: [...user.permissions] };
}

// One connection of its own that LISTENs to a PostgreSQL channel, reconnecting when it is lost.
// A notification is only ever missed while the connection is down, so whoever keeps something
// true by them is told (`reset`) when listening starts and when it stops: it must then trust
// nothing it learnt before, and nothing at all while `listening()` is false. Listening counts
// as started only once a notification sent through the shop's own pool has been heard, and is
// checked the same way every few seconds: a LISTEN that hears nothing (through a pooler in
// transaction mode) or a connection that died without a word is found out, not trusted.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from './knex.ts';

const RECONNECT_MS = 1000;
const CHECK_EVERY_MS = 5000;
const HEARD_WITHIN_MS = 2000;
const CONNECT_WITHIN_MS = 10_000;
const PROBE = 'probe:';

export type Listening = {
  message: (payload: string) => void;
  reset: () => void;
};

export type Listener = {
  listening: () => boolean;
  // Resolves once every notification committed before the call has been heard; false when
  // that cannot be told (not listening, or the probe went unheard).
  heardAll: () => Promise<boolean>;
  close: () => Promise<void>;
};

export function listenTo(db: Db, connectionString: string, channel: string, on: Listening, logger: Logger): Listener {
  let closed = false;
  let client: pg.Client | undefined;
  let live = false;
  let retry: NodeJS.Timeout | undefined;
  let check: NodeJS.Timeout | undefined;
  let failing = false;
  const waiting = new Map<string, () => void>();

  // Notifications arrive in commit order: once a probe sent now is heard, so is all before it.
  const probe = async (): Promise<boolean> => {
    const token = randomUUID();
    const heard = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => waiting.delete(token) && resolve(false), HEARD_WITHIN_MS);
      timer.unref();
      waiting.set(token, () => {
        waiting.delete(token);
        clearTimeout(timer);
        resolve(true);
      });
    });
    try {
      await db.raw('SELECT pg_notify(?, ?)', [channel, PROBE + token]);
    } catch {
      waiting.delete(token);
      return false;
    }
    return heard;
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString, keepAlive: true, connectionTimeoutMillis: CONNECT_WITHIN_MS });
    client = c;
    let down = false;
    const drop = (err?: unknown) => {
      if (down) return;
      down = true;
      live = false;
      clearTimeout(check);
      on.reset();
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      if (closed) return;
      // Said once, not every second while the database is away.
      if (!failing) logger.warn({ err, channel }, 'database changes are not heard; nothing kept by them is trusted until they are');
      failing = true;
      retry = setTimeout(() => void connect(), RECONNECT_MS);
      retry.unref();
    };
    const checkAgain = () => {
      check = setTimeout(async () => {
        const heard = await probe();
        if (down) return;
        if (!heard) return drop(new Error('a probe went unheard'));
        checkAgain();
      }, CHECK_EVERY_MS);
      check.unref();
    };
    c.on('error', drop);
    c.on('end', () => drop());
    c.on('notification', (n) => {
      const payload = n.payload ?? '';
      if (!payload.startsWith(PROBE)) return on.message(payload);
      // Every process hears every probe; only its own are waited for.
      waiting.get(payload.slice(PROBE.length))?.();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (!(await probe())) throw new Error('a probe went unheard');
    } catch (err) {
      return drop(err);
    }
    if (down) return;
    if (closed) return void c.end().catch(() => {});
    if (failing) logger.info({ channel }, 'database changes are heard again');
    failing = false;
    live = true;
    on.reset();
    checkAgain();
  };

  void connect();
  return {
    listening: () => live,
    heardAll: () => (live ? probe() : Promise.resolve(false)),
    close: async () => {
      closed = true;
      live = false;
      clearTimeout(retry);
      clearTimeout(check);
      on.reset();
      await client?.end().catch(() => {});
    },
  };
}

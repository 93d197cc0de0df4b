// One connection of its own that LISTENs to a PostgreSQL channel, reconnecting when it is lost.
// A notification is only ever missed while the connection is down, so whoever keeps something
// true by them is told when listening stops (`lost`) and when it starts again (`listening`):
// between the two it must trust nothing it learnt before.
import pg from 'pg';
import type { Logger } from 'pino';

const RECONNECT_MS = 1000;

export type Listening = {
  message: (payload: string) => void;
  listening: () => void;
  lost: () => void;
};

export function listenTo(connectionString: string, channel: string, on: Listening, logger: Logger): { close: () => Promise<void> } {
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failing = false;

  const connect = async () => {
    const c = new pg.Client({ connectionString });
    client = c;
    let down = false;
    const drop = (err?: unknown) => {
      if (down) return;
      down = true;
      on.lost();
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      if (closed) return;
      // Said once, not every second while the database is away.
      if (!failing) logger.warn({ err, channel }, 'listening for database changes stopped; connecting again');
      failing = true;
      retry = setTimeout(() => void connect(), RECONNECT_MS);
      retry.unref();
    };
    c.on('error', drop);
    c.on('end', () => drop());
    c.on('notification', (n) => on.message(n.payload ?? ''));
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      return drop(err);
    }
    if (down) return;
    if (closed) return void c.end().catch(() => {});
    if (failing) logger.info({ channel }, 'listening for database changes again');
    failing = false;
    on.listening();
  };

  void connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      on.lost();
      await client?.end().catch(() => {});
    },
  };
}

// The outbox relay: hands e-mails written by business transactions to the job queue, a batch
// at a time, so a transaction that writes a mail adds no job itself (graphile-worker's add_job
// cost the order path more than writing the order). Runs in the process that owns the
// database; several relays (several shop instances) never hand over the same mail twice.
import type { Logger } from 'pino';
import type { Db } from '../db/knex.ts';
import * as q from './queries.ts';
import { SEND_EMAIL_TASK } from './service.ts';

const BATCH = 200;
// How long a new mail may wait for the relay: well under what a person notices in an inbox.
export const RELAY_EVERY_MS = 200;

// Hands every waiting mail to the job queue; returns how many. A quiet outbox costs one
// indexed read.
export async function relayOutbox(db: Db): Promise<number> {
  let relayed = 0;
  while (await q.hasUnqueued(db)) {
    const taken = await q.queueUnqueued(db, SEND_EMAIL_TASK, BATCH);
    relayed += taken;
    // Everything left is being taken by another relay.
    if (taken === 0) break;
  }
  return relayed;
}

export function startOutboxRelay(db: Db, logger: Logger, everyMs = RELAY_EVERY_MS): { stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    try {
      await relayOutbox(db);
    } catch (err) {
      // The database may be restarting: the mails wait in the outbox for the next round.
      logger.error({ err }, 'handing e-mails to the job queue failed');
    }
    if (!stopped) timer = setTimeout(() => (running = round()), everyMs);
  };
  running = round();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

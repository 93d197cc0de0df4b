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
const EVERY_MS = 200;

// Hands every waiting mail to the job queue; returns how many. A quiet outbox costs one
// indexed read. A batch short of full means the rest is taken (by another relay) or gone.
export async function relayOutbox(db: Db): Promise<number> {
  if (!(await q.hasUnqueued(db))) return 0;
  let relayed = 0;
  let taken: number;
  do {
    taken = await q.queueUnqueued(db, SEND_EMAIL_TASK, BATCH);
    relayed += taken;
  } while (taken === BATCH);
  return relayed;
}

export function startOutboxRelay(db: Db, logger: Logger): { stop: () => Promise<void> } {
  let stopped = false;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const relay = async () => {
    try {
      await relayOutbox(db);
      if (failing) logger.info('handing e-mails to the job queue works again');
      failing = false;
    } catch (err) {
      // The database may be restarting: the mails wait in the outbox for the next round. Said
      // once, not five times a second.
      if (!failing) logger.error({ err }, 'handing e-mails to the job queue failed; retrying');
      failing = true;
    }
  };
  const round = async () => {
    await relay();
    if (!stopped) timer = setTimeout(() => (running = round()), EVERY_MS);
  };
  running = round();
  return {
    // A last round hands over what was written since the previous one.
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      await relay();
    },
  };
}

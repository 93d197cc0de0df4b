// The background worker: graphile-worker in the same PostgreSQL, tasks given by the caller
// (server.ts wires each capability's task), retried with exponential backoff on failure.
import { run, runOnce, type Runner, type TaskList } from 'graphile-worker';
import { Logger as WorkerLogger } from 'graphile-worker';
import type { Logger } from 'pino';

export { addJob } from './queries.ts';
export type { TaskList };

function workerLogger(logger: Logger) {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    logger[method]({ worker: scope, ...meta }, message);
  });
}

export function startWorker(options: {
  connectionString: string;
  taskList: TaskList;
  concurrency: number;
  logger: Logger;
  crontab?: string;
}): Promise<Runner> {
  return run({
    connectionString: options.connectionString,
    taskList: options.taskList,
    concurrency: options.concurrency,
    maxPoolSize: Math.max(2, options.concurrency + 1),
    crontab: options.crontab ?? '',
    noHandleSignals: true,
    pollInterval: 2000,
    logger: workerLogger(options.logger),
  });
}

// Runs every job that is due right now, then returns: for tests and one-off maintenance.
export function runDueJobs(options: { connectionString: string; taskList: TaskList; logger: Logger }): Promise<void> {
  return runOnce({
    connectionString: options.connectionString,
    taskList: options.taskList,
    noHandleSignals: true,
    logger: workerLogger(options.logger),
  });
}

// Structured request logs: request id, user id, status, time. Cookies, bodies and the tokens
// in password links never reach the log.
import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { IncomingMessage } from 'node:http';

const secretPaths = /\/(password\/reset|password\/set)\/[^/?]+/;

export function redactUrl(url: string | undefined): string {
  return (url ?? '').replace(secretPaths, '/$1/[redacted]');
}

function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
}

// pino-http builds a child logger per request even when nothing will be written; with request
// logging off (LOG_LEVEL above info) only the request id is kept, for error logs.
export function requestLogger(logger: Logger): RequestHandler {
  if (!logger.isLevelEnabled('info')) {
    return (req, _res, next) => {
      req.id = requestId(req);
      next();
    };
  }
  return pinoHttp({
    logger,
    genReqId: requestId,
    customProps: (req) => ({ userId: (req as IncomingMessage & { user?: { id: number } }).user?.id }),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
  });
}

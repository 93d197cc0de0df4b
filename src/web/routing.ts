// Express tries every route of every router in turn on every request. A gated router is only
// entered for paths whose first segment one of its routes starts with; a router with a route
// that starts with a parameter, a pattern or no path at all is always entered.
import type { RequestHandler, Router } from 'express';

type Layer = { rawPath?: unknown };

export function gated(router: Router): RequestHandler {
  const firsts = firstSegments((router as unknown as { stack: Layer[] }).stack);
  if (!firsts) return router;
  // Routes match regardless of case, as Express's do.
  return (req, res, next) => (firsts.has(firstSegmentOf(req.path).toLowerCase()) ? router(req, res, next) : next());
}

function firstSegments(stack: Layer[]): Set<string> | undefined {
  const firsts = new Set<string>();
  for (const layer of stack) {
    for (const path of [layer.rawPath].flat()) {
      if (typeof path !== 'string') return undefined;
      const first = firstSegmentOf(path);
      if (first === '' || /[^\w.-]/.test(first)) return undefined;
      firsts.add(first.toLowerCase());
    }
  }
  return firsts;
}

function firstSegmentOf(path: string): string {
  const end = path.indexOf('/', 1);
  return path.slice(1, end < 0 ? undefined : end);
}

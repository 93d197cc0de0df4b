// Express tries every route of every router in turn on every request, and every app.use is a
// layer of its own to pass. `routes(...)` is one layer for many routers: a request enters only
// those with a route that starts with its path's first segment, in the order given. A router
// with a route that starts with a parameter, a pattern or no path at all is always entered.
import type { RequestHandler, Router } from 'express';

type Layer = { rawPath?: unknown };

export function routes(...routers: Router[]): RequestHandler {
  const gates = routers.map((router) => ({ router, firsts: firstSegments((router as unknown as { stack: Layer[] }).stack) }));
  const always = gates.filter((g) => !g.firsts).map((g) => g.router);
  // For each first segment, the routers to enter, in the order given.
  const bySegment = new Map<string, Router[]>();
  for (const segment of new Set(gates.flatMap((g) => [...(g.firsts ?? [])]))) {
    bySegment.set(segment, gates.filter((g) => !g.firsts || g.firsts.has(segment)).map((g) => g.router));
  }
  return (req, res, next) => {
    // Routes match regardless of case, as Express's do.
    const entered = bySegment.get(firstSegmentOf(req.path).toLowerCase()) ?? always;
    const enter = (i: number): void => {
      if (i === entered.length) return next();
      entered[i](req, res, (err?: unknown) => (err ? next(err) : enter(i + 1)));
    };
    enter(0);
  };
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

import express, { Router, type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { routes } from '../../src/web/routing.ts';

// The router, counting how often it is entered at all.
function counting(router: Router) {
  const entered = { n: 0 };
  const spy = Object.assign(((req, res, next) => {
    entered.n++;
    router(req, res, next);
  }) as RequestHandler, { stack: router.stack });
  return { app: express().use(routes(spy as unknown as Router)).use((_req, res) => { res.status(404).send('none'); }), entered };
}

describe('routes', () => {
  it('are entered only for the first path segments their routes start with, in any case', async () => {
    const router = Router();
    router.get('/cart', (_req, res) => { res.send('cart'); });
    router.post('/quick-order/lines', (_req, res) => { res.send('quick'); });
    const { app, entered } = counting(router);
    expect((await request(app).get('/cart')).text).toBe('cart');
    expect((await request(app).get('/CART')).text).toBe('cart');
    expect((await request(app).post('/quick-order/lines')).text).toBe('quick');
    await request(app).get('/cart/elsewhere').expect(404);
    expect(entered.n).toBe(4);
    await request(app).get('/catalog').expect(404);
    await request(app).get('/').expect(404);
    expect(entered.n).toBe(4);
  });

  it('are always entered when a route starts with a parameter or has no path', async () => {
    const withParameter = Router();
    withParameter.get('/:page', (_req, res) => { res.send('page'); });
    const withoutPath = Router();
    withoutPath.use((_req, res) => { res.send('any'); });
    for (const [router, text] of [[withParameter, 'page'], [withoutPath, 'any']] as const) {
      const { app, entered } = counting(router);
      expect((await request(app).get('/anything')).text).toBe(text);
      expect(entered.n).toBe(1);
    }
  });

  it('enters the routers for a path in the order given, each only when the one before passes, and passes on errors', async () => {
    const seen: string[] = [];
    const named = (name: string, build: (router: Router) => void) => {
      const router = Router();
      build(router);
      router.use((req, _res, next) => {
        seen.push(name);
        next();
      });
      return router;
    };
    // The trailing use() has no path: these two routers are always entered.
    const first = named('first', (r) => r.get('/orders/:n', (req, res, next) => (req.params.n === '1' ? res.send('first') : next())));
    const broken = Router();
    broken.get('/orders/broken', () => {
      throw new Error('broken');
    });
    const last = Router();
    last.get('/orders/:n', (_req, res) => { res.send('last'); });
    const app = express()
      .use(routes(first, broken, last))
      .use((_req, res) => { res.status(404).send('none'); })
      .use(((err, _req, res, _next) => { res.status(500).send((err as Error).message); }) as express.ErrorRequestHandler);
    expect((await request(app).get('/orders/1')).text).toBe('first');
    expect((await request(app).get('/orders/pass')).text).toBe('last');
    expect(seen).toEqual(['first']);
    expect((await request(app).get('/orders/broken')).text).toBe('broken');
    expect((await request(app).get('/elsewhere')).text).toBe('none');
    expect(seen).toEqual(['first', 'first', 'first']);
  });
});

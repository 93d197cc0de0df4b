import express, { Router, type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { gated } from '../../src/web/routing.ts';

// The router, counting how often it is entered at all.
function counting(router: Router) {
  const entered = { n: 0 };
  const spy = Object.assign(((req, res, next) => {
    entered.n++;
    router(req, res, next);
  }) as RequestHandler, { stack: router.stack });
  return { app: express().use(gated(spy as unknown as Router)).use((_req, res) => { res.status(404).send('none'); }), entered };
}

describe('gated routers', () => {
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
});

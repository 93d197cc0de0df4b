import request from 'supertest';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createDb } from '../../src/db/knex.ts';
import { freePort } from '../support/ports.ts';

describe('/healthz without a database', () => {
  it('answers 503 when the database cannot be reached', async () => {
    const db = createDb(`postgres://postgres:postgres@127.0.0.1:${await freePort()}/none`, 1);
    const app = buildApp({ db, logger: pino({ level: 'silent' }), baseUrl: 'http://shop.test', sessionSecret: 'x'.repeat(40), production: false, trustProxy: false });
    const response = await request(app).get('/healthz');
    expect(response.status).toBe(503);
    await db.destroy();
  });
});

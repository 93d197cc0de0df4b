import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionWithUser } from '../../src/accounts/queries.ts';
import { createDb, fastRaw, type Trx } from '../../src/db/knex.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const preparedOn = (trx: TestDatabase['db']) =>
  trx.raw('SELECT statement FROM pg_prepared_statements WHERE NOT from_sql').then((r) => r.rows.map((row: { statement: string }) => row.statement));

describe('statements run often are prepared', () => {
  it('a statement with parameters is planned once per connection after it has run a few times; one run once is not kept', async () => {
    await database.db.transaction(async (trx) => {
      for (let i = 0; i < 5; i++) expect((await trx.raw('SELECT ?::int + 1 AS n', [i])).rows[0].n).toBe(i + 1);
      await trx.raw('SELECT ?::int * 2 AS once', [3]);
      const prepared = await preparedOn(trx);
      expect(prepared).toContain('SELECT $1::int + 1 AS n');
      expect(prepared).not.toContain('SELECT $1::int * 2 AS once');
    });
  });

  it('a prepared statement still answers for every value and fails like any other', async () => {
    const query = (id: unknown) => database.db('shop_settings').where({ id }).first('id');
    for (let i = 0; i < 4; i++) expect(await query(1)).toEqual({ id: 1 });
    expect(await query(2)).toBeUndefined();
    await expect(query('not a number')).rejects.toThrow(/invalid input syntax for type integer/);
    expect(await query(1)).toEqual({ id: 1 });
  });

  it('a statement that selects or returns * is never prepared (a column added later would break its plan), nor anything with DB_PREPARE=off', async () => {
    await database.db.transaction(async (trx) => {
      for (let i = 0; i < 5; i++) {
        await trx('shop_settings').where({ id: 1 }).first();
        await trx('shop_settings as s').where('s.id', 1).first('s.*');
        await trx('shop_settings').where({ id: 1 }).update({ updated_at: trx.fn.now() }).returning('*');
        await trx.raw('SELECT ?::int * 2 AS doubled, count(*) AS n FROM shop_settings', [i]);
      }
      const prepared = await preparedOn(trx);
      expect(prepared.filter((text: string) => text.includes('"shop_settings"') && text.includes('*'))).toEqual([]);
      // A multiplication is not a *: that one is prepared.
      expect(prepared).toContain('SELECT $1::int * 2 AS doubled, count(*) AS n FROM shop_settings');
    });
    const unprepared = createDb(database.url, 1, false);
    try {
      await unprepared.transaction(async (trx) => {
        for (let i = 0; i < 5; i++) await trx.raw('SELECT ?::int - 1 AS n', [i]);
        expect(await preparedOn(trx)).toEqual([]);
      });
    } finally {
      await unprepared.destroy();
    }
  });

  it('the session read a signed-in request makes, when it is not kept in memory, is prepared (a "*" in its text would stop that)', async () => {
    const one = createDb(database.url, 1);
    try {
      for (let i = 0; i < 4; i++) await sessionWithUser(one, 'no-such-session', new Date());
      expect((await preparedOn(one)).some((text: string) => text.includes('FROM sessions s'))).toBe(true);
    } finally {
      await one.destroy();
    }
  });
});

describe('fastRaw, for the statements of every request', () => {
  it('takes bindings as knex.raw does, by place or by name, and runs in the transaction it is given', async () => {
    const before = await database.db('shop_settings').where({ id: 1 }).first('allow_child_login');
    expect((await fastRaw(database.db, 'SELECT ?::int + ?::int AS n, ?::text AS s', [2, 3, 'x'])).rows).toEqual([{ n: 5, s: 'x' }]);
    // A name used twice, and a cast right after one.
    expect((await fastRaw(database.db, 'SELECT :a::int * :a::int AS n, :b::int[] AS ids', { a: 4, b: [1, 2] })).rows).toEqual([{ n: 16, ids: [1, 2] }]);
    await expect(database.db.transaction(async (trx) => {
      await fastRaw(trx, 'UPDATE shop_settings SET allow_child_login = NOT allow_child_login WHERE id = ?', [1]);
      expect((await trx('shop_settings').where({ id: 1 }).first('allow_child_login')).allow_child_login).not.toBe(before.allow_child_login);
      throw new Error('undo');
    })).rejects.toThrow('undo');
    expect(await database.db('shop_settings').where({ id: 1 }).first('allow_child_login')).toEqual(before);
  });

  it('refuses a missing binding instead of sending NULL (a name it was not given stays a syntax error, as in knex.raw), and prepares the statement unless DB_PREPARE=off', async () => {
    await expect(fastRaw(database.db, 'SELECT :a::int AS n', { a: undefined })).rejects.toThrow(/Undefined binding/);
    await expect(fastRaw(database.db, 'SELECT :a::int AS n', { b: 1 })).rejects.toThrow(/syntax error/);
    expect((await fastRaw(database.db, 'SELECT :a::int AS n', { a: 1 })).rows).toEqual([{ n: 1 }]);
    await database.db.transaction(async (trx) => {
      for (let i = 0; i < 3; i++) await fastRaw(trx, 'SELECT ?::int + 7 AS n', [i]);
      expect(await preparedOn(trx)).toContain('SELECT $1::int + 7 AS n');
    });
    const unprepared = createDb(database.url, 1, false);
    try {
      await unprepared.transaction(async (trx) => {
        for (let i = 0; i < 5; i++) expect((await fastRaw(trx, 'SELECT ?::int + 8 AS n', [i])).rows[0].n).toBe(i + 8);
        expect(await preparedOn(trx)).toEqual([]);
      });
    } finally {
      await unprepared.destroy();
    }
  });

  it('refuses a transaction that has finished: its connection is back in the pool, for others', async () => {
    let finished: Trx | undefined;
    await database.db.transaction(async (trx) => {
      finished = trx;
    });
    await expect(fastRaw(finished!, 'SELECT 1 AS n', [])).rejects.toThrow(/already complete/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/knex.ts';
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

  it('a statement that selects * is never prepared (a column added later would break its plan), nor anything with DB_PREPARE=off', async () => {
    await database.db.transaction(async (trx) => {
      for (let i = 0; i < 5; i++) await trx('shop_settings').where({ id: 1 }).first();
      expect((await preparedOn(trx)).filter((text: string) => text.startsWith('select * from "shop_settings"'))).toEqual([]);
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
});

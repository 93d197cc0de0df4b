// Migrations that rewrite data already there: run down and up again on a database with rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as shopDays from '../../migrations/20261123_015_shop_days.ts';
import * as oneEmployeePerLogin from '../../migrations/20261123_016_one_employee_per_login.ts';
import * as skuUniqueAnyCase from '../../migrations/20261123_019_sku_unique_any_case.ts';
import { createOrder, createOrganisation, createUser } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('migration 019: an article number is one product whatever the case', () => {
  it('stops on twins made before it, naming them, and refuses new ones once it ran', async () => {
    await t.db.transaction((trx) => skuUniqueAnyCase.down(trx));
    const twins = await t.db('products').insert([{ sku: 'Mig-pen', name: '{"en":"One"}' }, { sku: 'MIG-PEN', name: '{"en":"Two"}' }]).returning('id');
    await expect(t.db.transaction((trx) => skuUniqueAnyCase.up(trx))).rejects.toThrow('Article numbers that differ only in case: MIG-PEN / Mig-pen.');
    await t.db('products').where({ id: twins[1].id }).update({ sku: 'MIG-PEN-2' });
    await t.db.transaction((trx) => skuUniqueAnyCase.up(trx));
    await expect(t.db('products').insert({ sku: 'mig-pen', name: '{"en":"Three"}' })).rejects.toThrow(/products_sku_upper_key/);
  });
});

describe('migration 016: one employee per login', () => {
  it('keeps the link with the active employee where a login had two', async () => {
    const org = await createOrganisation(t.db);
    const login = await createUser(t.db, { organisation_id: org.id });
    await t.db.transaction((trx) => oneEmployeePerLogin.down(trx));
    const [left, current] = await t.db('employees').insert([
      { organisation_id: org.id, employee_number: 'OLD', name: 'Left last year', user_id: login.id, active: false },
      { organisation_id: org.id, employee_number: 'NEW', name: 'Back again', user_id: login.id, active: true },
    ]).returning('id');
    await t.db.transaction((trx) => oneEmployeePerLogin.up(trx));
    expect(await t.db('employees').whereIn('id', [left.id, current.id]).orderBy('id').select('employee_number', 'user_id')).toEqual([
      { employee_number: 'OLD', user_id: null }, { employee_number: 'NEW', user_id: login.id },
    ]);
    await expect(t.db('employees').insert({ organisation_id: org.id, employee_number: 'THIRD', name: 'Third', user_id: login.id })).rejects.toThrow(/employees_user_unique/);
  });
});

describe('migration 015: employee totals by the shop\'s day', () => {
  it('counts lines kept by the UTC day again by the Stockholm day, and its triggers go on by it', async () => {
    const org = await createOrganisation(t.db);
    const [{ id: employee }] = await t.db('employees').insert({ organisation_id: org.id, employee_number: 'M', name: 'Midnight' }).returning('id');
    const [{ id: product }] = await t.db('products').insert({ sku: 'MIG-1', name: JSON.stringify({ en: 'Thing' }) }).returning('id');
    const { id: order } = await createOrder(t.db, { organisation_id: org.id, placed_at: '2026-06-30T22:30:00Z' });
    const totals = async () => ({
      days: await t.db('employee_day_totals').where({ employee_id: employee }).select('day', 'lines'),
      months: await t.db('employee_month_totals').where({ employee_id: employee }).select('month', 'lines'),
    });
    await t.db.transaction((trx) => shopDays.down(trx));
    await t.db('order_lines').insert({ order_id: order, placed_at: '2026-06-30T22:30:00Z', line_no: 1, product_id: product, sku: 'MIG-1', name: JSON.stringify({ en: 'Thing' }), qty: 1, unit_price: 100, vat_rate_bp: 0, line_total: 100, line_vat: 0, status: 'accepted', employee_id: employee });
    expect(await totals()).toEqual({ days: [{ day: '2026-06-30', lines: 1 }], months: [{ month: '2026-06-01', lines: 1 }] });
    await t.db.transaction((trx) => shopDays.up(trx));
    expect(await totals()).toEqual({ days: [{ day: '2026-07-01', lines: 1 }], months: [{ month: '2026-07-01', lines: 1 }] });
    // And the triggers go on by the Stockholm day: the line taken out comes off that day's total.
    await t.db('order_lines').where({ order_id: order }).update({ status: 'rejected' });
    expect(await totals()).toEqual({ days: [{ day: '2026-07-01', lines: 0 }], months: [{ month: '2026-07-01', lines: 0 }] });
  });
});

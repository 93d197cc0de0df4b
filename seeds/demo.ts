// Demo data for trying the shop: customers in Sweden, Norway and Switzerland, a main customer
// with two sub-customers, and one login per role, listed in the README. Running it again adds
// what is missing and changes nothing that is there. Tests never use it; they build their own.
import type { Knex } from 'knex';
import { seedDemoOrders } from './demo-orders.ts';
import bcrypt from 'bcrypt';
import { seedCatalogue } from './demo-catalogue.ts';

export const DEMO_PASSWORD = 'demo-password';

const ALL = [
  'place_orders', 'view_orders', 'view_all_orders', 'view_prices', 'view_quotes', 'use_shopping_lists',
  'use_inquiries', 'approve_orders', 'manage_users', 'manage_company', 'manage_budgets', 'manage_employees',
];
const ROLE_PERMISSIONS: Record<string, string[]> = {
  admin: ALL,
  buyer: ['place_orders', 'view_orders', 'view_prices', 'view_quotes', 'use_shopping_lists', 'use_inquiries'],
  approver: ['approve_orders', 'view_orders', 'view_all_orders', 'view_prices', 'view_quotes'],
  supervisor: ['manage_employees', 'view_orders', 'view_all_orders', 'view_prices'],
  'price viewer': ['view_prices'],
  'sub-customer': ['place_orders', 'view_orders', 'view_prices', 'use_shopping_lists', 'manage_company'],
};

type DemoCustomer = {
  customer_number: string; name: string; kind: 'company' | 'person'; country: string; parent?: string;
  organisation_number?: string; phone: string; invoice_customer: boolean; allow_child_delivery_address?: boolean;
  address: { line1: string; postal_code: string; city: string };
};

export const demoCustomers: DemoCustomer[] = [
  { customer_number: '10001', name: 'Nordic Office AB', kind: 'company', country: 'SE', organisation_number: '556677-8899', phone: '+46 8 555 010 00', invoice_customer: true, allow_child_delivery_address: true, address: { line1: 'Sveavägen 44', postal_code: '111 34', city: 'Stockholm' } },
  { customer_number: '10002', name: 'Nordic Office Göteborg AB', kind: 'company', country: 'SE', parent: '10001', organisation_number: '556677-1122', phone: '+46 31 555 020 00', invoice_customer: true, address: { line1: 'Kungsportsavenyen 10', postal_code: '411 36', city: 'Göteborg' } },
  { customer_number: '10003', name: 'Karin Lund', kind: 'person', country: 'SE', parent: '10001', phone: '+46 70 555 03 00', invoice_customer: false, address: { line1: 'Storgatan 3', postal_code: '222 22', city: 'Lund' } },
  { customer_number: '10004', name: 'Fjordkontor AS', kind: 'company', country: 'NO', organisation_number: '987 654 321', phone: '+47 55 55 04 00', invoice_customer: true, address: { line1: 'Bryggen 12', postal_code: '5003', city: 'Bergen' } },
  { customer_number: '10005', name: 'Alpenbüro AG', kind: 'company', country: 'CH', organisation_number: 'CHE-123.456.789', phone: '+41 44 555 05 00', invoice_customer: true, address: { line1: 'Bahnhofstrasse 21', postal_code: '8001', city: 'Zürich' } },
];

// The README's table, in the same order: the first row of a role is the one to try first.
export const demoLogins = [
  { role: 'staff admin', customer: null, email: 'staff@example.com', name: 'Sara Staff', locale: 'en' },
  { role: 'staff', customer: null, email: 'clerk@example.com', name: 'Sam Clerk', locale: 'en' },
  { role: 'admin', customer: '10001', email: 'admin@nordic-office.example', name: 'Anna Andersson', locale: 'sv' },
  { role: 'buyer', customer: '10001', email: 'buyer@nordic-office.example', name: 'Bo Berg', locale: null },
  { role: 'approver', customer: '10001', email: 'approver@nordic-office.example', name: 'Cecilia Ek', locale: 'sv' },
  { role: 'supervisor', customer: '10001', email: 'supervisor@nordic-office.example', name: 'David Fors', locale: 'sv' },
  { role: 'price viewer', customer: '10001', email: 'prices@nordic-office.example', name: 'Elin Gran', locale: 'sv' },
  { role: 'sub-customer', customer: '10002', email: 'goteborg@nordic-office.example', name: 'Gustav Holm', locale: 'sv' },
  { role: 'sub-customer', customer: '10003', email: 'karin.lund@example.com', name: 'Karin Lund', locale: 'sv' },
  { role: 'admin', customer: '10004', email: 'admin@fjordkontor.example', name: 'Ola Nordmann', locale: 'nb' },
  { role: 'buyer', customer: '10004', email: 'buyer@fjordkontor.example', name: 'Kari Nordmann', locale: 'nb' },
  { role: 'approver', customer: '10004', email: 'approver@fjordkontor.example', name: 'Per Hansen', locale: 'nb' },
  { role: 'admin', customer: '10005', email: 'admin@alpenbuero.example', name: 'Hans Muster', locale: 'de' },
  { role: 'buyer', customer: '10005', email: 'buyer@alpenbuero.example', name: 'Greta Keller', locale: 'de' },
  { role: 'approver', customer: '10005', email: 'approver@alpenbuero.example', name: 'Urs Meier', locale: 'de' },
] as const;

async function seedCustomers(trx: Knex.Transaction): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const c of demoCustomers) {
    const { parent, address, ...fields } = c;
    await trx('organisations')
      .insert({ ...fields, parent_id: parent ? ids.get(parent) : null })
      .onConflict('customer_number')
      .ignore();
    const { id } = await trx('organisations').where({ customer_number: c.customer_number }).first('id');
    ids.set(c.customer_number, id);
    if (!(await trx('addresses').where({ organisation_id: id }).first('id'))) {
      const base = { organisation_id: id, name: c.name, country: c.country, ...address };
      await trx('addresses').insert([{ ...base, kind: 'billing' }, { ...base, kind: 'delivery', is_default: true }]);
    }
  }
  return ids;
}

// Main list in SEK; Sweden, Norway and Switzerland with their currencies; "Reseller Sweden"
// under Sweden, chosen for Nordic Office AB (its Göteborg sub-customer then uses it too).
async function seedPriceLists(trx: Knex.Transaction): Promise<void> {
  if (await trx('price_lists').first('id')) return;
  const [{ id: main }] = await trx('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  const [{ id: sweden }] = await trx('price_lists').insert({ name: 'Sweden', parent_id: main, country: 'SE', currency: 'SEK' }).returning('id');
  await trx('price_lists').insert([
    { name: 'Norway', parent_id: main, country: 'NO', currency: 'NOK' },
    { name: 'Switzerland', parent_id: main, country: 'CH', currency: 'CHF' },
  ]);
  const [{ id: reseller }] = await trx('price_lists').insert({ name: 'Reseller Sweden', parent_id: sweden, currency: 'SEK' }).returning('id');
  await trx('organisations').where({ customer_number: '10001' }).update({ price_list_id: reseller });
}

export async function seedDemo(db: Knex, baseUrl = 'http://localhost:3000'): Promise<void> {
  const hash = await bcrypt.hash(DEMO_PASSWORD, 12);
  await db.transaction(async (trx) => {
    const customers = await seedCustomers(trx);
    await seedPriceLists(trx);
    await seedCatalogue(trx);
    for (const login of demoLogins) {
      if (await trx('users').whereRaw('lower(email) = lower(?)', [login.email]).first('id')) continue;
      const staffRole = login.role === 'staff admin' ? 'staff_admin' : login.role === 'staff' ? 'staff' : null;
      await trx('users').insert({
        email: login.email,
        name: login.name,
        password_hash: hash,
        locale: login.locale,
        staff_role: staffRole,
        organisation_id: login.customer ? customers.get(login.customer) : null,
        permissions: staffRole ? [] : ROLE_PERMISSIONS[login.role],
      });
    }
    // Lets the demo main customer show "log in as sub-customer".
    await trx('shop_settings').where({ id: 1 }).update({ allow_parent_login_as_child: true });
  });
  await seedDemoOrders(db, baseUrl);
}

export async function isEmpty(db: Knex): Promise<boolean> {
  return !(await db('users').first('id'));
}

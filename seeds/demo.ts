// Demo data for trying the shop: one login per role, listed in the README. Running it again
// changes nothing that is already there. Tests never use it; they build their own data.
import type { Knex } from 'knex';
import bcrypt from 'bcrypt';

export const DEMO_PASSWORD = 'demo-password';

export const demoLogins = [
  { role: 'staff', email: 'staff@example.com', name: 'Sara Staff', staff_role: 'staff_admin', organisation: null, locale: 'en' },
  { role: 'admin', email: 'admin@nordic-office.example', name: 'Anna Andersson', staff_role: null, organisation: '10001', locale: 'sv' },
  { role: 'buyer', email: 'buyer@nordic-office.example', name: 'Bo Berg', staff_role: null, organisation: '10001', locale: null },
] as const;

const ADMIN_PERMISSIONS = [
  'place_orders', 'view_orders', 'view_prices', 'view_quotes', 'use_shopping_lists', 'use_inquiries',
  'approve_orders', 'manage_users', 'manage_company', 'manage_budgets', 'manage_employees',
];
const BUYER_PERMISSIONS = ['place_orders', 'view_orders', 'view_prices', 'use_shopping_lists', 'use_inquiries'];

export async function seedDemo(db: Knex): Promise<void> {
  const hash = await bcrypt.hash(DEMO_PASSWORD, 12);
  await db.transaction(async (trx) => {
    await trx('organisations')
      .insert({ customer_number: '10001', name: 'Nordic Office AB', kind: 'company', country: 'SE', invoice_customer: true })
      .onConflict('customer_number')
      .ignore();
    const org = await trx('organisations').where({ customer_number: '10001' }).first('id');
    for (const login of demoLogins) {
      const exists = await trx('users').whereRaw('lower(email) = lower(?)', [login.email]).first('id');
      if (exists) continue;
      await trx('users').insert({
        email: login.email,
        name: login.name,
        password_hash: hash,
        locale: login.locale,
        staff_role: login.staff_role,
        organisation_id: login.organisation ? org.id : null,
        permissions: login.role === 'admin' ? ADMIN_PERMISSIONS : login.role === 'buyer' ? BUYER_PERMISSIONS : [],
      });
    }
  });
}

export async function isEmpty(db: Knex): Promise<boolean> {
  return !(await db('users').first('id'));
}

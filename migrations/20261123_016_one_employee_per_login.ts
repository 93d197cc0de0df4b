// A login is one person: at most one employee links to it. Where two did, the older link stays.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`UPDATE employees e SET user_id = NULL
                 WHERE user_id IS NOT NULL AND id <> (SELECT min(id) FROM employees f WHERE f.user_id = e.user_id)`);
  await db.raw('CREATE UNIQUE INDEX employees_user_unique ON employees (user_id) WHERE user_id IS NOT NULL');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX employees_user_unique');
}

// A login is one person: at most one employee links to it. Where two did, the link stays with
// the active one (the oldest of those), not with a record deactivated since.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`UPDATE employees e SET user_id = NULL, updated_at = now()
                 WHERE user_id IS NOT NULL
                   AND id <> (SELECT id FROM employees f WHERE f.user_id = e.user_id ORDER BY active DESC, id LIMIT 1)`);
  await db.raw('CREATE UNIQUE INDEX employees_user_unique ON employees (user_id) WHERE user_id IS NOT NULL');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX employees_user_unique');
}

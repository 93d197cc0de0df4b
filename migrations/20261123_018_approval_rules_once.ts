// An approval rule is kept once: the same rule twice made every order it caught wait twice for
// the same reason. Where a customer had one twice, the oldest stays.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`DELETE FROM approval_rules r
                 WHERE EXISTS (SELECT 1 FROM approval_rules o
                                WHERE o.organisation_id = r.organisation_id AND o.kind = r.kind AND o.id < r.id
                                  AND o.amount IS NOT DISTINCT FROM r.amount AND o.category_id IS NOT DISTINCT FROM r.category_id
                                  AND o.approver_id IS NOT DISTINCT FROM r.approver_id)`);
  await db.raw('CREATE UNIQUE INDEX approval_rules_once ON approval_rules (organisation_id, kind, amount, category_id, approver_id) NULLS NOT DISTINCT');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX approval_rules_once');
}

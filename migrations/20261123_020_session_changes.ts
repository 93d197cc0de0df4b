// Each web process keeps the sessions it served in memory (src/accounts/session-cache.ts) and
// forgets one the moment the database says it changed: these triggers announce every change to
// what a session read is made of (the session, its user, the user's organisation, and the
// catalogue's version that comes along) on one channel. Only the user's and organisation's
// columns the read uses are watched, so signing in (which writes other columns) announces nothing.
// A transaction that announces commits one at a time with the others that do: the order path
// writes none of these tables, and a session is written at sign-in, on a change, and once a
// minute while used.
import type { Knex } from 'knex';

const WATCHED = [
  { table: 'sessions', event: 'UPDATE OR DELETE' },
  { table: 'users', event: 'UPDATE OF email, name, locale, organisation_id, staff_role, permissions, disabled_at OR DELETE' },
  { table: 'organisations', event: 'UPDATE OF name, parent_id OR DELETE' },
  { table: 'catalogue_version', event: 'UPDATE' },
];

export async function up(db: Knex): Promise<void> {
  // "s:<sid>", "u:<user id>", "o:<organisation id>", "c:<catalogue version>"; "*" = all of them.
  await db.raw(`
    CREATE FUNCTION announce_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('session_changes', '*');
      ELSIF TG_TABLE_NAME = 'sessions' THEN
        PERFORM pg_notify('session_changes', 's:' || OLD.sid);
      ELSIF TG_TABLE_NAME = 'users' THEN
        PERFORM pg_notify('session_changes', 'u:' || OLD.id);
      ELSIF TG_TABLE_NAME = 'organisations' THEN
        PERFORM pg_notify('session_changes', 'o:' || OLD.id);
      ELSE
        PERFORM pg_notify('session_changes', 'c:' || NEW.version);
      END IF;
      RETURN NULL;
    END $$`);
  for (const { table, event } of WATCHED) {
    await db.raw(`CREATE TRIGGER ${table}_announce_change AFTER ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION announce_session_change()`);
    await db.raw(`CREATE TRIGGER ${table}_announce_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION announce_session_change()`);
  }
}

export async function down(db: Knex): Promise<void> {
  for (const { table } of WATCHED) {
    await db.raw(`DROP TRIGGER ${table}_announce_change ON ${table}`);
    await db.raw(`DROP TRIGGER ${table}_announce_truncate ON ${table}`);
  }
  await db.raw('DROP FUNCTION announce_session_change()');
}

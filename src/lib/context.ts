// What every service function gets first: the database (or an open transaction), who is acting,
// and the time, so tests control the clock.
import type { Db, Trx } from '../db/knex.ts';

// actingAsOrganisationId: set while a main customer acts as one of its sub-customers; then
// organisationId is the sub-customer's and the audit trail records both.
export type Actor = { userId: number; organisationId: number | null; staffRole: string | null; actingAsOrganisationId?: number | null };
// baseUrl is where the shop is reachable from outside, for links in e-mails. catalogueVersion:
// the catalogue's version when the request already read it (with its session), saving a read.
export type Ctx = { db: Db | Trx; actor: Actor | null; now: Date; baseUrl: string; catalogueVersion?: number };

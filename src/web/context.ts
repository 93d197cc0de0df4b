// Builds a service context from a request: the only place a handler's `req` turns into `ctx`.
import type { Request } from 'express';
import type { Db } from '../db/knex.ts';
import type { Ctx } from '../lib/context.ts';

export type WebDeps = { db: Db; baseUrl: string };

export function contextFor(deps: WebDeps, req: Request): Ctx {
  const user = req.user;
  return {
    db: deps.db,
    actor: user
      ? { userId: user.id, organisationId: user.organisation_id, staffRole: user.staff_role, actingAsOrganisationId: user.acting_from ? user.organisation_id : null }
      : null,
    now: new Date(),
    baseUrl: deps.baseUrl,
    catalogueVersion: (req.session as { loaded?: { catalogueVersion?: number } } | undefined)?.loaded?.catalogueVersion,
  };
}

// Price list administration for shop staff. Products, categories and imports come with their pages.
import type { Ctx } from '../lib/context.ts';
import * as q from './queries.ts';

export function priceLists(ctx: Ctx) {
  return q.priceLists(ctx.db);
}

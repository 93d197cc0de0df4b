// Price decisions as pure functions over rows the caller fetched: which price list a customer
// uses (B1), the lists its prices fall back through, and the unit price at a quantity.

export type PriceListNode = { id: number; parent_id: number | null; country: string | null; currency: string };
export type PricedCustomer = {
  price_list_id: number | null;
  country: string;
  // The main customer, for a sub-customer.
  parent: { price_list_id: number | null; country: string } | null;
};
export type PriceRow = { price_list_id: number; min_qty: number; unit_price: number };

export type PriceListReason = 'assigned' | 'main_customer' | 'country' | 'main';

// B1: the list staff assigned; else, for a sub-customer in its main customer's country, the
// main customer's list; else the list of the customer's country; else the main list. The
// reason is shown to staff on the customer card.
export function priceListChoice(customer: PricedCustomer, lists: readonly PriceListNode[]): { id: number; reason: PriceListReason } | null {
  if (customer.price_list_id !== null) return { id: customer.price_list_id, reason: 'assigned' };
  if (customer.parent && customer.parent.country === customer.country) {
    const inherited = priceListChoice({ ...customer.parent, parent: null }, lists);
    return inherited && { id: inherited.id, reason: 'main_customer' };
  }
  const countryList = lists.find((l) => l.country === customer.country);
  if (countryList) return { id: countryList.id, reason: 'country' };
  const mainList = lists.find((l) => l.parent_id === null);
  return mainList ? { id: mainList.id, reason: 'main' } : null;
}

export function priceListFor(customer: PricedCustomer, lists: readonly PriceListNode[]): number | null {
  return priceListChoice(customer, lists)?.id ?? null;
}

// The list and its ancestors up to the main list, as far as they share the list's currency:
// a price is never taken from a list in another currency (no silent conversion).
export function fallbackPath(listId: number, lists: readonly PriceListNode[]): number[] {
  const byId = new Map(lists.map((l) => [l.id, l]));
  const first = byId.get(listId);
  const path: number[] = [];
  for (let node = first; node && node.currency === first!.currency && !path.includes(node.id); node = node.parent_id === null ? undefined : byId.get(node.parent_id)) {
    path.push(node.id);
  }
  return path;
}

// The first list on the path with a price for this quantity wins; within it, the break with
// the largest minimum quantity not above the quantity. Null: not for sale at this quantity.
export function unitPriceAt(path: readonly number[], rows: readonly PriceRow[], qty: number): { unitPrice: number; priceListId: number } | null {
  for (const listId of path) {
    const applicable = rows.filter((r) => r.price_list_id === listId && r.min_qty <= qty);
    if (applicable.length === 0) continue;
    const best = applicable.reduce((a, b) => (b.min_qty > a.min_qty ? b : a));
    return { unitPrice: best.unit_price, priceListId: listId };
  }
  return null;
}

// The quantity breaks a buyer sees ("from 10: …"): those of the list that prices one piece.
export function breaksOf(path: readonly number[], rows: readonly PriceRow[]): { minQty: number; unitPrice: number }[] {
  const listId = unitPriceAt(path, rows, 1)?.priceListId;
  if (listId === undefined) return [];
  return rows
    .filter((r) => r.price_list_id === listId)
    .sort((a, b) => a.min_qty - b.min_qty)
    .map((r) => ({ minQty: r.min_qty, unitPrice: r.unit_price }));
}

export type AssortmentItem = { product_id: number | null; category_id: number | null };
export type Assortment = { productIds: Set<number>; categoryIds: Set<number> } | null;

// B2: a customer's own assortment, else its main customer's; null when neither has one (then
// nothing is "outside"). Categories count with all their sub-categories.
export function effectiveAssortment(
  own: readonly AssortmentItem[],
  parents: readonly AssortmentItem[],
  categories: readonly { id: number; parent_id: number | null }[],
): Assortment {
  const items = own.length > 0 ? own : parents;
  if (items.length === 0) return null;
  const categoryIds = new Set(items.flatMap((i) => (i.category_id === null ? [] : [i.category_id])));
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of categories) {
      if (c.parent_id !== null && categoryIds.has(c.parent_id) && !categoryIds.has(c.id)) {
        categoryIds.add(c.id);
        grew = true;
      }
    }
  }
  return { productIds: new Set(items.flatMap((i) => (i.product_id === null ? [] : [i.product_id]))), categoryIds };
}

export function inAssortment(assortment: Assortment, product: { id: number; category_id: number | null }): boolean {
  if (assortment === null) return true;
  return assortment.productIds.has(product.id) || (product.category_id !== null && assortment.categoryIds.has(product.category_id));
}

// A tree of rows (price lists, categories) in reading order, parents before their children,
// each with its depth, so a page can indent it.
export function depthFirst<T extends { id: number; parent_id: number | null }>(rows: readonly T[]): (T & { depth: number })[] {
  const out: (T & { depth: number })[] = [];
  const visit = (parentId: number | null, depth: number) => {
    for (const row of rows.filter((r) => r.parent_id === parentId)) {
      out.push({ ...row, depth });
      visit(row.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

// A category and every category below it.
export function withDescendants(rows: readonly { id: number; parent_id: number | null }[], id: number): number[] {
  const ids = [id];
  for (let i = 0; i < ids.length; i++) ids.push(...rows.filter((r) => r.parent_id === ids[i]).map((r) => r.id));
  return ids;
}

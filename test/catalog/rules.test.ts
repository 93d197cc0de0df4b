import { describe, expect, it } from 'vitest';
import { breaksOf, effectiveAssortment, fallbackPath, inAssortment, priceListChoice, priceListFor, unitPriceAt, type PriceListNode } from '../../src/catalog/rules.ts';

// The seed's example (002): a main list; country lists for Sweden and Norway; "ÅF Sverige" and
// "ÅF Norge" (reseller) under them; a Swiss list in another currency.
const MAIN = 1, SWEDEN = 2, NORWAY = 3, AF_SWEDEN = 4, AF_NORWAY = 5, SWITZERLAND = 6;
const lists: PriceListNode[] = [
  { id: MAIN, parent_id: null, country: null, currency: 'SEK' },
  { id: SWEDEN, parent_id: MAIN, country: 'SE', currency: 'SEK' },
  { id: NORWAY, parent_id: MAIN, country: 'NO', currency: 'NOK' },
  { id: AF_SWEDEN, parent_id: SWEDEN, country: null, currency: 'SEK' },
  { id: AF_NORWAY, parent_id: NORWAY, country: null, currency: 'NOK' },
  { id: SWITZERLAND, parent_id: MAIN, country: 'CH', currency: 'CHF' },
];

const main = (country: string, price_list_id: number | null = null) => ({ price_list_id, country, parent: null });
const sub = (country: string, parent: { country: string; price_list_id: number | null }, price_list_id: number | null = null) => ({ price_list_id, country, parent });

describe('which price list a customer uses (B1)', () => {
  it.each([
    ['staff assigned a list: that list, whatever else', main('SE', AF_SWEDEN), AF_SWEDEN],
    ['a Swedish customer without a list: the Swedish list', main('SE'), SWEDEN],
    ['a customer in a country without a list: the main list', main('DK'), MAIN],
    ['a sub-customer in its main customer\'s country: the main customer\'s list (ÅF Sverige)', sub('SE', { country: 'SE', price_list_id: AF_SWEDEN }), AF_SWEDEN],
    ['a sub-customer in the same country, main customer without a list: that country\'s list', sub('SE', { country: 'SE', price_list_id: null }), SWEDEN],
    ['a Norwegian sub-customer of a Swedish main customer: the Norwegian list, not ÅF Sverige', sub('NO', { country: 'SE', price_list_id: AF_SWEDEN }), NORWAY],
    ['ÅF Norge for a Norwegian sub-customer only when staff set it', sub('NO', { country: 'SE', price_list_id: AF_SWEDEN }, AF_NORWAY), AF_NORWAY],
    ['a sub-customer in a country without a list: the main list', sub('DK', { country: 'SE', price_list_id: AF_SWEDEN }), MAIN],
    ['a sub-customer with its own list: its own, not the main customer\'s', sub('SE', { country: 'SE', price_list_id: AF_SWEDEN }, SWEDEN), SWEDEN],
  ])('%s', (_case, customer, expected) => {
    expect(priceListFor(customer, lists)).toBe(expected);
  });

  it('says why, for the customer card', () => {
    expect(priceListChoice(main('SE', AF_SWEDEN), lists)?.reason).toBe('assigned');
    expect(priceListChoice(sub('SE', { country: 'SE', price_list_id: AF_SWEDEN }), lists)?.reason).toBe('main_customer');
    expect(priceListChoice(main('NO'), lists)?.reason).toBe('country');
    expect(priceListChoice(main('DK'), lists)?.reason).toBe('main');
  });

  it('a shop without price lists has none to give', () => {
    expect(priceListFor(main('SE'), [])).toBeNull();
  });
});

describe('falling back through parent lists', () => {
  it('goes up to the main list within one currency', () => {
    expect(fallbackPath(AF_SWEDEN, lists)).toEqual([AF_SWEDEN, SWEDEN, MAIN]);
  });

  it('stops where the currency changes: a NOK list never takes SEK prices', () => {
    expect(fallbackPath(AF_NORWAY, lists)).toEqual([AF_NORWAY, NORWAY]);
    expect(fallbackPath(SWITZERLAND, lists)).toEqual([SWITZERLAND]);
  });
});

describe('the unit price at a quantity', () => {
  const path = [AF_SWEDEN, SWEDEN, MAIN];
  const rows = [
    { price_list_id: MAIN, min_qty: 1, unit_price: 10000 },
    { price_list_id: SWEDEN, min_qty: 1, unit_price: 9000 },
    { price_list_id: SWEDEN, min_qty: 10, unit_price: 8000 },
    { price_list_id: SWEDEN, min_qty: 100, unit_price: 7000 },
    { price_list_id: AF_SWEDEN, min_qty: 50, unit_price: 6000 },
  ];

  it.each([
    [1, 9000, SWEDEN],
    [9, 9000, SWEDEN],
    [10, 8000, SWEDEN],
    [49, 8000, SWEDEN],
    [50, 6000, AF_SWEDEN],
    [500, 6000, AF_SWEDEN],
  ])('%i pieces cost %i each, from list %i', (qty, unitPrice, priceListId) => {
    expect(unitPriceAt(path, rows, qty)).toEqual({ unitPrice, priceListId });
  });

  it('a product with no price on the path is not for sale', () => {
    expect(unitPriceAt([AF_NORWAY, NORWAY], rows, 1)).toBeNull();
  });

  it('shows the breaks of the list that prices one piece', () => {
    expect(breaksOf(path, rows)).toEqual([{ minQty: 1, unitPrice: 9000 }, { minQty: 10, unitPrice: 8000 }, { minQty: 100, unitPrice: 7000 }]);
  });
});

describe('customer assortments (B2)', () => {
  const categories = [
    { id: 1, parent_id: null },
    { id: 2, parent_id: 1 },
    { id: 3, parent_id: 2 },
    { id: 4, parent_id: null },
  ];

  it('uses the customer\'s own assortment, else its main customer\'s, else none', () => {
    const own = [{ product_id: 10, category_id: null }];
    const parents = [{ product_id: 20, category_id: null }];
    expect([...effectiveAssortment(own, parents, categories)!.productIds]).toEqual([10]);
    expect([...effectiveAssortment([], parents, categories)!.productIds]).toEqual([20]);
    expect(effectiveAssortment([], [], categories)).toBeNull();
  });

  it('a category brings its sub-categories; without an assortment nothing is outside', () => {
    const assortment = effectiveAssortment([{ product_id: null, category_id: 1 }], [], categories);
    expect(inAssortment(assortment, { id: 99, category_id: 3 })).toBe(true);
    expect(inAssortment(assortment, { id: 99, category_id: 4 })).toBe(false);
    expect(inAssortment(assortment, { id: 99, category_id: null })).toBe(false);
    expect(inAssortment(null, { id: 99, category_id: 4 })).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePrice, parseVat } from '../../src/catalog/csv.ts';

describe('prices and VAT as staff type them or Excel writes them', () => {
  it.each([['12.50', 1250], ['12,50', 1250], ['1899,00', 189900], ['1 899,00', 189900], ['7', 700]])('the price %s is %i', (text, minor) => {
    expect(parsePrice(text)).toEqual({ ok: true, value: minor });
  });

  it.each([['1,500', 'imports.price_comma'], ['12 kr', 'imports.price_sign'], ['-5', 'imports.price_negative'], ['1.234,50', 'imports.price_comma'], ['12.505', 'imports.price_format'], ['', 'validation.required']])('the price %s is refused (%s)', (text, key) => {
    expect(parsePrice(text)).toEqual({ ok: false, key });
  });

  it.each([['25', 2500], ['8.1', 810], ['8,1', 810], ['0', 0]])('VAT %s %% is %i basis points', (text, bp) => {
    expect(parseVat(text)).toEqual({ ok: true, value: bp });
  });

  it.each(['8,125', '101', 'x'])('VAT %s is refused', (text) => {
    expect(parseVat(text).ok).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { formatAmountInput, parseAmountInput } from '../../src/lib/money.ts';

describe('amounts in forms', () => {
  it.each([
    [2_500_000, false, '25000'],
    [2_500_000, true, '25000'],
    [250_050, false, '2500.50'],
    [250_050, true, '2500,50'],
    [5, true, '0,05'],
  ])('%i minor units (decimal comma: %s) show as %s and read back the same', (minor, comma, shown) => {
    expect(formatAmountInput(minor, comma)).toBe(shown);
    expect(parseAmountInput(shown)).toBe(minor);
  });

  it.each(['10000', '10 000', '10000.50', '10 000,50', '10\u00a0000,5'])('reads %s', (text) => {
    expect(parseAmountInput(text)).not.toBeNull();
  });

  it.each(['1,500', '-5', '10.000,50', '1.2.3', ''])('refuses %s', (text) => {
    expect(parseAmountInput(text)).toBeNull();
  });
});

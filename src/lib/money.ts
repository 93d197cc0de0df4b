// Money is an integer count of minor units (öre, cents) with its currency beside it; never a float.
export type Money = { amount: number; currency: string };

const minorDigits: Record<string, number> = { SEK: 2, NOK: 2, EUR: 2, DKK: 2, CHF: 2, USD: 2, GBP: 2 };

export function minorUnitsPerMajor(currency: string): number {
  return 10 ** (minorDigits[currency] ?? 2);
}

export function toMajor(money: Money): number {
  return money.amount / minorUnitsPerMajor(money.currency);
}

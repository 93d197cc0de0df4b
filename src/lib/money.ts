// Money is an integer count of minor units (öre, cents) with its currency beside it; never a
// float. People write amounts as "1500" or "1500.50"; these turn such text into minor units and back.

// "12.50" → 1250; null for anything else (no sign, no comma, at most two decimals).
export function parseMinorUnits(text: string, maxMajorDigits = 10): number | null {
  const match = new RegExp(`^(\\d{1,${maxMajorDigits}})(?:\\.(\\d{1,2}))?$`).exec(text);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : null;
}

// What people type into an amount field in any of the shop's languages: "10000", "10 000",
// "10000.50" or "10 000,50" (spaces group thousands; one point or comma before at most two
// decimals). "1,500" is refused rather than guessed: a thousand in English, 1.5 elsewhere.
export function parseAmountInput(text: string, maxMajorDigits = 10): number | null {
  const compact = text.trim().replace(/(\d)[ \u00a0\u2009\u202f](?=\d{3}(\D|$))/g, '$1');
  return parseMinorUnits(compact.replace(/^(\d+),(\d{1,2})$/, '$1.$2'), maxMajorDigits);
}

// 1250 → "12.50": the same notation, for forms and files.
export function formatMinorUnits(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

// An amount in a form field as its hint tells people to type it: "10000" or "10000,50" (a
// decimal point in English), so a form shown again reads as the one the buyer would fill in.
export function formatAmountInput(minor: number, decimalComma: boolean): string {
  if (minor % 100 === 0) return String(minor / 100);
  return decimalComma ? formatMinorUnits(minor).replace('.', ',') : formatMinorUnits(minor);
}

// Money is an integer count of minor units (öre, cents) with its currency beside it; never a
// float. People write amounts as "1500" or "1500.50"; these turn such text into minor units and back.

// "12.50" → 1250; null for anything else (no sign, no comma, at most two decimals).
export function parseMinorUnits(text: string, maxMajorDigits = 10): number | null {
  const match = new RegExp(`^(\\d{1,${maxMajorDigits}})(?:\\.(\\d{1,2}))?$`).exec(text);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : null;
}

// 1250 → "12.50": the same notation, for forms and files.
export function formatMinorUnits(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

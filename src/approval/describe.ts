// Reasons in words, for pages and e-mails alike: "the order total is above your limit of
// SEK 5,000.00". Amounts are formatted in the reader's language and the order's currency.
import type { Formatters, TFunction } from '../web/i18n.ts';
import type { Reason } from './evaluate.ts';

const MONEY_PARAMS = ['limit', 'amount', 'remaining'];

// Without "see prices" the words leave amounts out: a limit or a rule's amount says what things cost.
export function describeReason(reason: Reason, t: TFunction, fmt: Formatters, currency: string, locale: string, showPrices = true): string {
  if (!showPrices && MONEY_PARAMS.some((key) => key in reason.params)) return t(`approvals.reasons.${reason.code}_plain`);
  const params: Record<string, string | number> = { ...reason.params };
  for (const key of MONEY_PARAMS) if (typeof params[key] === 'number') params[key] = fmt.money(params[key] as number, currency);
  if (typeof params.category_names === 'string') {
    const names = JSON.parse(params.category_names) as Record<string, string>;
    params.category = names[locale] ?? names.en ?? '';
  }
  return t(`approvals.reasons.${reason.code}`, params);
}

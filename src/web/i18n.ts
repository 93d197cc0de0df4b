// Languages, translations and locale-aware formatting. Catalogues are JSON files in locales/,
// one per language with the same keys; English is the fallback for a missing key.
import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import type { Request, RequestHandler } from 'express';
import { SHOP_TIME_ZONE } from '../lib/days.ts';
import { cookieReader } from './signed-cookie.ts';

export const LOCALES = ['en', 'sv', 'nb', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export type { TFunction };

const regionTags: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE', nb: 'nb-NO', de: 'de-DE' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function readCatalogue(locale: Locale): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../locales/${locale}.json`, import.meta.url), 'utf8'));
}

const i18n = i18next.createInstance();
await i18n.init({
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: readCatalogue(l) }])),
  supportedLngs: [...LOCALES],
  fallbackLng: 'en',
  initAsync: false,
  // EJS escapes what it prints; escaping here too would show "&amp;" on the page.
  interpolation: { escapeValue: false },
  showSupportNotice: false,
} as Parameters<typeof i18n.init>[0]);

// Catalogues do not change while the app runs, so a key asked for without options always gives
// the same text: remembered per language. A page asks for dozens; i18next's lookup is not free.
function rememberingTranslator(locale: Locale): TFunction {
  const translate = i18n.getFixedT(locale);
  const known = new Map<string, string>();
  return ((key: string, options?: unknown) => {
    if (options !== undefined || typeof key !== 'string') return translate(key, options as never);
    let text = known.get(key);
    if (text === undefined) known.set(key, (text = translate(key)));
    return text;
  }) as unknown as TFunction;
}

const translators = new Map(LOCALES.map((l) => [l, rememberingTranslator(l)]));

export function translatorFor(locale: Locale): TFunction {
  return translators.get(locale)!;
}

export type Formatters = {
  money: (amountMinor: number, currency: string) => string;
  number: (value: number) => string;
  date: (value: Date | string) => string;
  dateTime: (value: Date | string) => string;
  // An address on one line (a list, a summary, a mail): "name, street, postcode town, country".
  addressLine: (address: { name: string; line1: string; line2?: string | null; postal_code: string; city: string; country: string }) => string;
};

const formatterCache = new Map<Locale, Formatters>();

const PLAIN_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function formattersFor(locale: Locale): Formatters {
  const cached = formatterCache.get(locale);
  if (cached) return cached;
  const tag = regionTags[locale];
  const moneyByCurrency = new Map<string, { format: Intl.NumberFormat; scale: number }>();
  const number = new Intl.NumberFormat(tag);
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: SHOP_TIME_ZONE });
  const day = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: SHOP_TIME_ZONE });
  const made: Formatters = {
    money(amountMinor, currency) {
      let f = moneyByCurrency.get(currency);
      if (!f) {
        const format = new Intl.NumberFormat(tag, { style: 'currency', currency });
        moneyByCurrency.set(currency, (f = { format, scale: 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2) }));
      }
      return f.format.format(amountMinor / f.scale);
    },
    number: (value) => number.format(value),
    // A plain day ('2026-11-23') is that day wherever the server runs; a moment is shown on the
    // shop's clock, not the server's.
    date: (value) => (typeof value === 'string' && PLAIN_DAY.test(value) ? day.format(new Date(`${value}T00:00:00Z`)) : date.format(new Date(value))),
    dateTime: (value) => dateTime.format(new Date(value)),
    addressLine: (a) => [a.name, a.line1, a.line2, `${a.postal_code} ${a.city}`, a.country].filter(Boolean).join(', '),
  };
  formatterCache.set(locale, made);
  return made;
}

const LANG_COOKIE = 'lang';
// Browsers say "no" or "nn" for Norwegian; bokmål is what we have.
const aliases: Record<string, Locale> = { no: 'nb', nn: 'nb' };

const langCookieOf = cookieReader(LANG_COOKIE);
function cookieLocale(header: string | undefined): Locale | undefined {
  const value = langCookieOf(header);
  return isLocale(value) ? value : undefined;
}

function browserLocale(accepted: string[]): Locale | undefined {
  for (const tag of accepted) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
    if (aliases[base]) return aliases[base];
  }
  return undefined;
}

// Browsers send the same few Accept-Language headers over and over: parse each once.
const byHeader = new Map<string, Locale | null>();
function headerLocale(req: Request): Locale | undefined {
  const header = req.headers['accept-language'] ?? '';
  let found = byHeader.get(header);
  if (found === undefined) {
    found = browserLocale(req.acceptsLanguages()) ?? null;
    if (byHeader.size >= 500) byHeader.clear();
    byHeader.set(header, found);
  }
  return found ?? undefined;
}

// Picks the language: the signed-in user's saved choice, else the footer switch (a cookie),
// else the browser's Accept-Language, else English. An explicit choice beats the browser's guess.
export function localeOf(req: Request): Locale {
  const saved = req.user?.locale;
  return (isLocale(saved) ? saved : undefined) ?? cookieLocale(req.headers.cookie) ?? headerLocale(req) ?? 'en';
}

// Whether the visitor picked a language themselves (saved, or with the footer switch).
export function hasChosenLocale(req: Request): boolean {
  return isLocale(req.user?.locale) || cookieLocale(req.headers.cookie) !== undefined;
}

export function useLocale(res: import('express').Response, locale: Locale): void {
  res.locals.locale = locale;
  res.locals.t = translatorFor(locale);
  res.locals.fmt = formattersFor(locale);
}

export function localize(): RequestHandler {
  return (req, res, next) => {
    const locale = localeOf(req);
    req.locale = locale;
    useLocale(res, locale);
    res.locals.locales = LOCALES;
    next();
  };
}

// The language chosen, kept for the browser; none (follow the browser's) forgets an earlier one.
export function rememberLocale(res: import('express').Response, locale: Locale | null): void {
  const options = { sameSite: 'lax' as const, httpOnly: true };
  if (locale) res.cookie(LANG_COOKIE, locale, { ...options, maxAge: 365 * 24 * 60 * 60 * 1000 });
  else res.clearCookie(LANG_COOKIE, options);
}

// The shop's language for a customer's country, as a sensible default for new logins and their
// mail. Finland is left to English: few there read Swedish by choice.
const countryLocales: Record<string, Locale> = { SE: 'sv', NO: 'nb', DE: 'de', AT: 'de', CH: 'de', LI: 'de', GB: 'en', IE: 'en' };
export function localeForCountry(country: string): Locale | undefined {
  return countryLocales[country];
}

// The language of a mail to a login: its own, else its customer's country's, else English.
export function mailLocale(saved: string | null | undefined, country: string | null | undefined): Locale {
  if (saved && isLocale(saved)) return saved;
  return (country ? localeForCountry(country) : undefined) ?? 'en';
}

const localeCountries: Partial<Record<Locale, string>> = { sv: 'SE', nb: 'NO', de: 'DE' };
export function countryForLocale(locale: Locale): string {
  return localeCountries[locale] ?? '';
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { formattersFor, LOCALES, readCatalogue } from '../../src/web/i18n.ts';
import { createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn } from '../support/http.ts';

function keysOf(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keysOf(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function filesUnder(dir: string, ext: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, ext);
    return ext.some((e) => entry.name.endsWith(e)) ? [full] : [];
  });
}

describe('translation catalogues', () => {
  const english = keysOf(readCatalogue('en')).sort();

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has exactly the keys English has', (locale) => {
    const other = keysOf(readCatalogue(locale)).sort();
    expect(english.filter((k) => !other.includes(k)), 'missing').toEqual([]);
    expect(other.filter((k) => !english.includes(k)), 'extra').toEqual([]);
  });

  it('every key the views and code ask for exists in English', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const sources = [...filesUnder(path.join(root, 'views'), ['.ejs']), ...filesUnder(path.join(root, 'src'), ['.ts'])];
    const asked = new Set<string>();
    for (const file of sources) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-z0-9_.-]+)'\s*[,)]/g)) asked.add(match[1]);
      for (const match of readFileSync(file, 'utf8').matchAll(/'((?:validation|errors|login|password|my)\.[a-z0-9_.-]+)'/g)) asked.add(match[1]);
    }
    expect(asked.size).toBeGreaterThan(30);
    const known = (k: string) => english.includes(k) || english.includes(`${k}_one`);
    expect([...asked].filter((k) => !known(k))).toEqual([]);
  });
});

describe('formatting per locale', () => {
  it('formats money, numbers and dates the way each country writes them', () => {
    const d = new Date(Date.UTC(2026, 10, 22, 12));
    expect(formattersFor('sv').money(123450, 'SEK').replace(/\s/g, ' ')).toBe('1 234,50 kr');
    expect(formattersFor('de').money(123450, 'EUR').replace(/\s/g, ' ')).toBe('1.234,50 €');
    expect(formattersFor('en').money(123450, 'SEK')).toContain('1,234.50');
    expect(formattersFor('nb').number(1234.5).replace(/\s/g, ' ')).toBe('1 234,5');
    expect(formattersFor('de').date(d)).toBe('22.11.2026');
    expect(formattersFor('sv').date(d)).toBe('22 nov. 2026');
  });

  it('shows a moment on the shop\'s clock (Stockholm), whatever the server\'s time zone', () => {
    // 23:30 UTC on 31 January is 00:30 on 1 February in Stockholm; in July the clock is UTC+2.
    expect(formattersFor('sv').dateTime(new Date('2026-01-31T23:30:00Z'))).toBe('1 feb. 2026 00:30');
    expect(formattersFor('de').date(new Date('2026-01-31T23:30:00Z'))).toBe('01.02.2026');
    expect(formattersFor('sv').dateTime(new Date('2026-07-10T08:15:00Z'))).toBe('10 juli 2026 10:15');
    // A plain day stays that day.
    expect(formattersFor('de').date('2026-01-31')).toBe('31.01.2026');
  });
});

describe('choosing the language', () => {
  const t = useTestApp();

  it('a visitor gets the browser\'s language, Norwegian included', async () => {
    expect((await request(t.app).get('/login').set('Accept-Language', 'sv-SE,sv;q=0.9')).text).toContain('<h1>Logga in</h1>');
    expect((await request(t.app).get('/login').set('Accept-Language', 'de-CH')).text).toContain('<h1>Anmelden</h1>');
    expect((await request(t.app).get('/login').set('Accept-Language', 'no')).text).toContain('lang="nb"');
    expect((await request(t.app).get('/login').set('Accept-Language', 'fi')).text).toContain('<h1>Sign in</h1>');
  });

  it('the footer switch beats the browser for a visitor', async () => {
    const agent = request.agent(t.app);
    await agent.get('/language?locale=nb&next=/login').expect(302).expect('location', '/login');
    const page = await agent.get('/login').set('Accept-Language', 'de');
    expect(page.text).toContain('<h1>Logg inn</h1>');
  });

  it('a signed-in user\'s saved language beats everything, and the switch saves a new one', async () => {
    const user = await createUser(t.db, { locale: 'de' });
    const agent = await signIn(t.app, user.email);
    const home = await agent.get('/').set('Accept-Language', 'sv');
    expect(home.text).toContain('lang="de"');
    await agent.post('/language').type('form').send({ _csrf: csrfFrom(home.text), locale: 'sv', next: '/my' }).expect(302).expect('location', '/my');
    expect((await agent.get('/my').set('Accept-Language', 'de')).text).toContain('<h1>Mina sidor</h1>');
    expect((await t.db('users').where({ id: user.id }).first('locale')).locale).toBe('sv');
  });

  it('error pages come in the user\'s language', async () => {
    const user = await createUser(t.db, { locale: 'nb' });
    const agent = await signIn(t.app, user.email);
    const missing = await agent.get('/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('lang="nb"');
    expect(missing.text).not.toContain('Page not found');
  });
});

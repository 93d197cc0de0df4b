import { beforeAll, describe, expect, it } from 'vitest';
import { searchTerms } from '../../src/catalog/browse.ts';
import { createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { signIn, type Agent } from '../support/http.ts';

describe('search terms', () => {
  it('keeps letters, digits and hyphens as words, and drops operators', () => {
    expect(searchTerms('  Kopierings-papper A4 & "80g" | !')).toEqual(['kopierings-papper', 'a4', '80g']);
    expect(searchTerms('%%% ***')).toEqual([]);
  });
});

describe('searching the catalogue', () => {
  const t = useTestApp();
  let agent: Agent;
  beforeAll(async () => {
    await t.db('products').insert([
      { sku: 'PAP-A4-500', name: JSON.stringify({ en: 'Copy paper A4', sv: 'Kopieringspapper A4' }) },
      { sku: 'PAP-A3-500', name: JSON.stringify({ en: 'Copy paper A3', sv: 'Kopieringspapper A3' }) },
      { sku: 'IT-MOUSE-W', name: JSON.stringify({ en: 'Wireless mouse', de: 'Kabellose Maus' }), description: JSON.stringify({ en: 'Quiet clicks' }) },
      { sku: 'WW-JACKET-BLK-L', name: JSON.stringify({ en: 'Softshell jacket', sv: 'Softshelljacka' }) },
      ...Array.from({ length: 30 }, (_, i) => ({ sku: `NOTE-${i}`, name: JSON.stringify({ en: `Notebook ${i}`, sv: `Anteckningsbok ${i}` }) })),
      { sku: 'OLD-PAPER', name: JSON.stringify({ en: 'Old paper' }), active: false },
    ]);
    agent = await signIn(t.app, (await createUser(t.db, { organisation_id: (await createOrganisation(t.db)).id })).email);
  });

  const hits = async (q: string, lang = 'en') => {
    const page = await agent.get(`/catalog?q=${encodeURIComponent(q)}`).set('Accept-Language', lang).expect(200);
    return [...page.text.matchAll(/<h2 class="product-card__name"><a href="\/catalog\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]));
  };

  it('finds by article number, its prefix, a word prefix in any language, and the description', async () => {
    expect(await hits('PAP-A4-500')).toContain('PAP-A4-500');
    expect(await hits('pap-a')).toEqual(expect.arrayContaining(['PAP-A4-500', 'PAP-A3-500']));
    expect(await hits('kopier')).toEqual(expect.arrayContaining(['PAP-A4-500', 'PAP-A3-500']));
    expect(await hits('kabellose maus')).toEqual(['IT-MOUSE-W']);
    expect(await hits('quiet')).toEqual(['IT-MOUSE-W']);
  });

  it('forgives a typo and missing accents, never shows inactive products', async () => {
    expect(await hits('softshelljaka')).toContain('WW-JACKET-BLK-L');
    expect(await hits('kopieringspaper')).toContain('PAP-A4-500');
    expect(await hits('old paper')).not.toContain('OLD-PAPER');
  });

  it('pages through many hits without repeating one', async () => {
    const first = await agent.get('/catalog?q=notebook').expect(200);
    const firstHits = [...first.text.matchAll(/href="\/catalog\/(NOTE-\d+)"/g)].map((m) => m[1]);
    expect(firstHits).toHaveLength(24);
    const next = /href="(\/catalog\?q=notebook&amp;after_score=[^"]+)"/.exec(first.text)![1].replace(/&amp;/g, '&');
    const second = await agent.get(next).expect(200);
    const secondHits = [...second.text.matchAll(/href="\/catalog\/(NOTE-\d+)"/g)].map((m) => m[1]);
    expect(secondHits).toHaveLength(6);
    expect(new Set([...firstHits, ...secondHits]).size).toBe(30);
  });

  it('says so when nothing matches, and ignores operators instead of failing', async () => {
    const none = await agent.get('/catalog?q=zzzzqqqq').set('Accept-Language', 'en').expect(200);
    expect(none.text).toContain('Nothing matches your search.');
    await agent.get(`/catalog?q=${encodeURIComponent("a & b | !c:* 'x")}`).expect(200);
    await agent.get('/catalog?q=%00').expect(200);
  });
});

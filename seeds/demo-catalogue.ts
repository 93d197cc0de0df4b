// Demo catalogue: office supplies, IT equipment and workwear (colours and sizes), priced in
// the main list (SEK), Sweden, Norway (NOK), Switzerland (CHF) and "Reseller Sweden".
import type { Knex } from 'knex';

type Names = { en: string; sv: string; nb: string; de: string };
type DemoProduct = { sku: string; category: string; name: Names; sek: number; breaks?: [number, number][]; group?: string; attributes?: Record<string, string | Names> };

const categories: { slug: string; parent?: string; name: Names }[] = [
  { slug: 'office', name: { en: 'Office supplies', sv: 'Kontorsmaterial', nb: 'Kontorrekvisita', de: 'Büromaterial' } },
  { slug: 'paper', parent: 'office', name: { en: 'Paper', sv: 'Papper', nb: 'Papir', de: 'Papier' } },
  { slug: 'writing', parent: 'office', name: { en: 'Writing', sv: 'Skrivmateriel', nb: 'Skrivesaker', de: 'Schreibwaren' } },
  { slug: 'it', name: { en: 'IT equipment', sv: 'IT-utrustning', nb: 'IT-utstyr', de: 'IT-Ausstattung' } },
  { slug: 'workwear', name: { en: 'Workwear', sv: 'Arbetskläder', nb: 'Arbeidsklær', de: 'Arbeitskleidung' } },
];

const shirtNames: Names = { en: 'Work shirt', sv: 'Arbetsskjorta', nb: 'Arbeidsskjorte', de: 'Arbeitshemd' };
const jacketNames: Names = { en: 'Softshell jacket', sv: 'Softshelljacka', nb: 'Softshelljakke', de: 'Softshelljacke' };
const colours: Record<string, Names> = {
  BLK: { en: 'Black', sv: 'Svart', nb: 'Svart', de: 'Schwarz' },
  NVY: { en: 'Navy', sv: 'Marinblå', nb: 'Marineblå', de: 'Marineblau' },
};

const products: DemoProduct[] = [
  { sku: 'PAP-A4-500', category: 'paper', name: { en: 'Copy paper A4, 80 g, 500 sheets', sv: 'Kopieringspapper A4, 80 g, 500 ark', nb: 'Kopipapir A4, 80 g, 500 ark', de: 'Kopierpapier A4, 80 g, 500 Blatt' }, sek: 5900, breaks: [[10, 5200], [50, 4700]] },
  { sku: 'PAP-A3-500', category: 'paper', name: { en: 'Copy paper A3, 80 g, 500 sheets', sv: 'Kopieringspapper A3, 80 g, 500 ark', nb: 'Kopipapir A3, 80 g, 500 ark', de: 'Kopierpapier A3, 80 g, 500 Blatt' }, sek: 11900 },
  { sku: 'PAP-NOTE-A5', category: 'paper', name: { en: 'Notebook A5, lined', sv: 'Anteckningsbok A5, linjerad', nb: 'Notatbok A5, linjert', de: 'Notizbuch A5, liniert' }, sek: 3900, breaks: [[20, 3200]] },
  { sku: 'PEN-BALL-BLU-10', category: 'writing', name: { en: 'Ballpoint pens, blue, 10-pack', sv: 'Kulspetspennor, blå, 10-pack', nb: 'Kulepenner, blå, 10-pakning', de: 'Kugelschreiber, blau, 10er-Pack' }, sek: 4900, breaks: [[10, 4200]] },
  { sku: 'PEN-MARK-4', category: 'writing', name: { en: 'Whiteboard markers, 4 colours', sv: 'Whiteboardpennor, 4 färger', nb: 'Tavlepenner, 4 farger', de: 'Whiteboard-Marker, 4 Farben' }, sek: 6900 },
  { sku: 'IT-MOUSE-W', category: 'it', name: { en: 'Wireless mouse', sv: 'Trådlös mus', nb: 'Trådløs mus', de: 'Kabellose Maus' }, sek: 24900, breaks: [[10, 21900]] },
  { sku: 'IT-KB-NORDIC', category: 'it', name: { en: 'Keyboard, Nordic layout', sv: 'Tangentbord, nordisk layout', nb: 'Tastatur, nordisk layout', de: 'Tastatur, nordisches Layout' }, sek: 39900 },
  { sku: 'IT-DOCK-USBC', category: 'it', name: { en: 'USB-C docking station', sv: 'USB-C-dockningsstation', nb: 'USB-C-dokkingstasjon', de: 'USB-C-Dockingstation' }, sek: 189900 },
  { sku: 'IT-MON-27', category: 'it', name: { en: 'Monitor 27", QHD', sv: 'Bildskärm 27", QHD', nb: 'Skjerm 27", QHD', de: 'Monitor 27", QHD' }, sek: 349900 },
  { sku: 'IT-HEADSET', category: 'it', name: { en: 'Headset with microphone', sv: 'Headset med mikrofon', nb: 'Hodesett med mikrofon', de: 'Headset mit Mikrofon' }, sek: 99900 },
  ...(['BLK', 'NVY'] as const).flatMap((colour) =>
    ['S', 'M', 'L', 'XL'].map((size) => ({ sku: `WW-SHIRT-${colour}-${size}`, category: 'workwear', group: 'ww-shirt', name: shirtNames, sek: 44900, breaks: [[10, 39900]] as [number, number][], attributes: { colour: colours[colour], size } })),
  ),
  ...['M', 'L', 'XL'].map((size) => ({ sku: `WW-JACKET-BLK-${size}`, category: 'workwear', group: 'ww-jacket', name: jacketNames, sek: 129900, attributes: { colour: colours.BLK, size } })),
];

// Rough exchange rates for demo prices only; real lists are priced by staff.
const toNok = (sek: number) => Math.round((sek * 1.02) / 100) * 100;
const toChf = (sek: number) => Math.round((sek * 0.085) / 10) * 10;

// Nordic Office buys office supplies and IT (workwear shows as outside its assortment);
// Alpenbüro's catalogue is restricted to office supplies.
async function seedAssortments(trx: Knex.Transaction, categoryIds: Map<string, number>): Promise<void> {
  const org = async (customerNumber: string) => (await trx('organisations').where({ customer_number: customerNumber }).first('id'))?.id as number | undefined;
  const nordic = await org('10001');
  const alpen = await org('10005');
  if (nordic) await trx('assortment_items').insert([{ organisation_id: nordic, category_id: categoryIds.get('office') }, { organisation_id: nordic, category_id: categoryIds.get('it') }]);
  if (alpen) {
    await trx('assortment_items').insert({ organisation_id: alpen, category_id: categoryIds.get('office') });
    await trx('organisations').where({ id: alpen }).update({ restricted_catalogue: true });
  }
}

export async function seedCatalogue(trx: Knex.Transaction): Promise<void> {
  if (await trx('products').first('id')) return;
  const categoryIds = new Map<string, number>();
  for (const [position, c] of categories.entries()) {
    const [{ id }] = await trx('categories').insert({ slug: c.slug, parent_id: c.parent ? categoryIds.get(c.parent) : null, name: JSON.stringify(c.name), position }).returning('id');
    categoryIds.set(c.slug, id);
  }
  const lists = new Map((await trx('price_lists').select('id', 'name')).map((l) => [l.name as string, l.id as number]));
  for (const p of products) {
    const [{ id }] = await trx('products')
      .insert({ sku: p.sku, group_key: p.group ?? null, name: JSON.stringify(p.name), attributes: JSON.stringify(p.attributes ?? {}), category_id: categoryIds.get(p.category) })
      .returning('id');
    const breaks: [number, number][] = [[1, p.sek], ...(p.breaks ?? [])];
    const rows = breaks.flatMap(([minQty, sek]) => [
      { price_list_id: lists.get('Main'), min_qty: minQty, unit_price: sek },
      { price_list_id: lists.get('Norway'), min_qty: minQty, unit_price: toNok(sek) },
      { price_list_id: lists.get('Switzerland'), min_qty: minQty, unit_price: toChf(sek) },
    ]);
    // Resellers in Sweden pay 10 % less on IT equipment.
    if (p.category === 'it') rows.push({ price_list_id: lists.get('Reseller Sweden'), min_qty: 1, unit_price: Math.round(p.sek * 0.9) });
    await trx('prices').insert(rows.map((r) => ({ ...r, product_id: id })));
  }
  await seedAssortments(trx, categoryIds);
}

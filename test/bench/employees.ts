// `npm run bench:employees`: "what each employee bought" over 1,000,000 order lines, against the
// real server (production mode, embedded PostgreSQL in a fresh folder). One customer with 500
// employees and 100,000 orders of ten lines each, marked for them, spread over two years. A
// supervisor signed in asks, from CONNECTIONS clients (1 unless BENCH_CONNECTIONS says) for SECONDS each: the list of all
// employees (its first page of 100) with their totals for a month, a quarter and a year, all 500
// of them as CSV for a year, and one employee's lines for a month. Target (reported, not
// enforced): p95 ≤ 50 ms.
import { performance } from 'node:perf_hooks';
import bcrypt from 'bcrypt';
import type { Db } from '../../src/db/knex.ts';
import { addDays, dayOf } from '../../src/lib/days.ts';
import { percentile, signIn, verdict, withShopServer } from './support.ts';

const EMPLOYEES = 500;
const ORDERS = 100_000;
const LINES_PER_ORDER = 10;
// One client: how long one supervisor waits. BENCH_CONNECTIONS=8 shows the server saturated.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TARGET_P95_MS = 50;
const PASSWORD = 'bench-password';


async function seed(database: Db) {
  const [{ id: org }] = await database('organisations').insert({ customer_number: '90003', name: 'Crew Bench AB', kind: 'company', country: 'SE' }).returning('id');
  const [{ id: supervisor }] = await database('users')
    .insert({ email: 'supervisor@bench.example', name: 'Bench Supervisor', password_hash: await bcrypt.hash(PASSWORD, 4), organisation_id: org, permissions: ['manage_employees', 'view_prices'] })
    .returning('id');
  const employees = await database('employees')
    .insert(Array.from({ length: EMPLOYEES }, (_, i) => ({ organisation_id: org, employee_number: `E-${i + 1}`, name: `Employee ${i + 1}`, supervisor_id: i % 5 === 0 ? supervisor : null })))
    .returning('id');
  const first = Math.min(...employees.map((e: { id: number }) => e.id));
  const started = performance.now();
  await database.raw(
    `INSERT INTO orders (organisation_id, customer_number, status, currency, total, placed_at)
     SELECT ?, '90003', 'processing', 'SEK', 0, now() - (random() * interval '730 days') FROM generate_series(1, ?)`,
    [org, ORDERS],
  );
  await database.raw(
    `INSERT INTO order_lines (order_id, placed_at, line_no, sku, name, qty, unit_price, vat_rate_bp, line_total, line_vat, status, employee_id)
     SELECT o.id, o.placed_at, l, 'SKU-' || l, '{"en": "Bench item"}', 2, 1000, 2500, 2000, 500, 'accepted', ? + floor(random() * ?)::int
       FROM orders o CROSS JOIN generate_series(1, ?) AS l WHERE o.organisation_id = ?`,
    [first, EMPLOYEES, LINES_PER_ORDER, org],
  );
  await database.raw('ANALYZE orders, order_lines, employees');
  const { rows } = await database.raw('SELECT count(*)::int AS n FROM order_lines');
  console.log(`  ${rows[0].n.toLocaleString('en')} order lines for ${EMPLOYEES} employees written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { employee: first };
}

const day = (daysAgo: number) => addDays(dayOf(new Date()), -daysAgo);

async function load(label: string, url: string, cookie: string) {
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const res = await fetch(url, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
      latencies.push(performance.now() - started);
    }
  }));
  const p95 = percentile(latencies, 95);
  console.log(`  ${label.padEnd(36)} ${(latencies.length / SECONDS).toFixed(0).padStart(5)} req/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
  return p95;
}

await withShopServer('employees', 2, async ({ base, db }) => {
  console.log(`${(ORDERS * LINES_PER_ORDER).toLocaleString('en')} order lines, ${CONNECTIONS} clients, ${SECONDS} s each`);
  const { employee } = await seed(db);
  const cookie = await signIn(base, { email: 'supervisor@bench.example', password: PASSWORD });
  const p95s = [
    await load('all employees (page 1), one month', `${base}/my/employees?list=all&from=${day(30)}&to=${day(0)}`, cookie),
    await load('all employees (page 1), one quarter', `${base}/my/employees?list=all&from=${day(91)}&to=${day(0)}`, cookie),
    await load('all employees (page 1), one year', `${base}/my/employees?list=all&from=${day(365)}&to=${day(0)}`, cookie),
    await load('all 500 as CSV, one year', `${base}/my/employees.csv?list=all&from=${day(365)}&to=${day(0)}`, cookie),
    await load('my employees (100), one year', `${base}/my/employees?list=mine&from=${day(365)}&to=${day(0)}`, cookie),
    await load("one employee's lines, one month", `${base}/my/employees/${employee}/lines?from=${day(30)}&to=${day(0)}`, cookie),
  ];
  const worst = Math.max(...p95s);
  console.log(`worst p95 ${worst.toFixed(1)} ms ${verdict(worst <= TARGET_P95_MS)} (≤ ${TARGET_P95_MS} ms)`);
});

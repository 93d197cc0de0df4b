import { describe, expect, it } from 'vitest';
import { useShopAndBrowser } from './support.ts';

const running = useShopAndBrowser();

async function signIn(page: import('playwright-core').Page, url: string, email: string, labels: { email: string; password: string; button: string }) {
  await page.goto(`${url}/login`);
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill('demo-password');
  await page.getByRole('button', { name: labels.button }).click();
}
const SV = { email: 'E-post', password: 'Lösenord', button: 'Logga in' };
const EN = { email: 'E-mail', password: 'Password', button: 'Sign in' };

describe('a budget in a browser', () => {
  it('the admin sets 1,000 with approval; the buyer orders for 1,200 and sees the negative remainder; the approver approves; My page shows the spend', async () => {
    const url = running.shop().url;
    // Anna Andersson (admin, Swedish) replaces Bo Berg's demo budget with SEK 1,000 a month.
    const admin = await (await running.browser().newContext({ locale: 'sv-SE' })).newPage();
    await signIn(admin, url, 'admin@nordic-office.example', SV);
    await admin.getByRole('link', { name: 'Budgetar' }).first().click();
    await admin.getByRole('link', { name: 'Bo Berg' }).click();
    await admin.getByRole('button', { name: 'Avsluta budgeten' }).click();
    await admin.getByText('Budgeten är avslutad. Historiken finns kvar.').waitFor();
    await admin.goto(`${url}/my/budgets`);
    const form = admin.locator('form[action="/my/budgets"]');
    await form.getByLabel('Inloggning').selectOption({ label: 'Bo Berg' });
    await form.getByLabel('Budget i SEK').fill('1000');
    expect(await form.getByLabel('Väntar på attest (köparens attestant, annars du)').isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Lägg till budget' }).click();
    await admin.getByText('Budgeten lades till.').waitFor();
    // The chart library loads from the shop itself and draws on the canvas.
    await admin.waitForFunction(() => typeof (window as unknown as { Chart?: unknown }).Chart === 'function');

    // Bo Berg (English) orders 30 notebooks: SEK 960 + 25 % VAT = SEK 1,200.
    const buyer = await (await running.browser().newContext({ locale: 'en-GB' })).newPage();
    await signIn(buyer, url, 'buyer@nordic-office.example', EN);
    await buyer.goto(`${url}/catalog/PAP-NOTE-A5`);
    await buyer.getByLabel('Quantity').fill('30');
    await buyer.getByRole('button', { name: 'Add to cart' }).click();
    await buyer.goto(`${url}/checkout`);
    await buyer.getByRole('button', { name: 'Review the order' }).click();
    const after = buyer.locator('.budget-facts dd.negative');
    expect(await after.innerText()).toMatch(/-\s?SEK\s?200\.00|−\s?SEK\s?200\.00|SEK\s?-200\.00/);
    await buyer.getByText('This order will go to Cecilia Ek for approval.').waitFor();
    await buyer.getByRole('button', { name: 'Send the order for approval' }).click();
    await buyer.waitForURL(/\/orders\/\d+\?placed=1$/);
    const number = /\/orders\/(\d+)/.exec(buyer.url())![1];

    // Cecilia Ek approves it from her list.
    const approver = await (await running.browser().newContext({ locale: 'sv-SE' })).newPage();
    await signIn(approver, url, 'approver@nordic-office.example', SV);
    await approver.goto(`${url}/approvals`);
    await approver.getByRole('link', { name: number, exact: true }).click();
    await approver.getByRole('button', { name: 'Godkänn', exact: true }).click();
    await approver.getByRole('button', { name: 'OK' }).click();
    await approver.getByText(`Order ${number} har skickats till butiken.`).waitFor();

    await buyer.goto(`${url}/my`);
    const facts = buyer.locator('.budget-facts');
    expect(await facts.innerText()).toMatch(/Spent\s+SEK\s?1,200\.00/);
    expect(await facts.innerText()).toMatch(/Reserved \(awaiting approval\)\s+SEK\s?0\.00/);
  });
});

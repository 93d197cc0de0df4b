import { describe, expect, it } from 'vitest';
import { useShopAndBrowser } from './support.ts';

const running = useShopAndBrowser();

describe('a buyer shopping in a browser', () => {
  it('searches, adds to the cart, changes the quantity and sees the total at the quantity price', async () => {
    const page = await (await running.browser().newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${running.shop().url}/login`);
    await page.getByLabel('E-mail').fill('buyer@nordic-office.example');
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('link', { name: 'Catalogue' }).click();
    await page.getByLabel('Search article number, name or description').fill('copy paper a4');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Copy paper A4, 80 g, 500 sheets' }).click();
    await page.getByLabel('Quantity').fill('5');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText('PAP-A4-500 has been added to your cart.').waitFor();

    await page.getByRole('link', { name: 'Cart' }).click();
    // 5 × 59.00 = 295.00 ex VAT, 368.75 incl. 25 % VAT.
    await page.getByText(/SEK\s?368\.75/).waitFor();
    await page.getByLabel('Quantity').fill('10');
    await page.getByRole('button', { name: 'Update' }).click();
    // From 10 the price is 52.00: 520.00 ex VAT, 130.00 VAT, 650.00 in all.
    await page.getByText(/SEK\s?650\.00/).waitFor();
    expect(await page.locator('.totals').innerText()).toMatch(/520\.00[\s\S]*130\.00[\s\S]*650\.00/);
  });
});

import { describe, expect, it } from 'vitest';
import { useShopAndBrowser } from './support.ts';

const running = useShopAndBrowser();

describe('a buyer in a browser', () => {
  it('signs in, sees the start page, switches to Swedish and signs out', async () => {
    const context = await running.browser().newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    await page.goto(`${running.shop().url}/my`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('E-mail').fill('buyer@nordic-office.example');
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Back where the visitor was going.
    await page.waitForURL(`${running.shop().url}/my`);
    await page.getByRole('link', { name: 'Start' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Bo Berg' }).waitFor();
    expect(await page.locator('.user-box').textContent()).toContain('Nordic Office AB');

    // The shop restarts (a deploy); the buyer is still signed in.
    expect(await running.shop().restart()).toBe(0);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Bo Berg' }).waitFor();

    await page.getByLabel('Language').selectOption('sv');
    await page.getByRole('button', { name: 'Change' }).click();
    await page.getByRole('heading', { level: 1, name: 'Välkommen, Bo Berg' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/login\?signed_out=1$/);
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    await page.goto(`${running.shop().url}/my`);
    expect(new URL(page.url()).pathname).toBe('/login');
    // No inline script was blocked by the Content-Security-Policy, and nothing failed to load.
    expect(errors).toEqual([]);
    await context.close();
  });
});

import { describe, expect, it } from 'vitest';
import { useShopAndBrowser } from './support.ts';

const running = useShopAndBrowser();

describe('a company admin in a browser', () => {
  it('creates a login from a role preset; the new user sets a password from the e-mail and signs in', async () => {
    const admin = await (await running.browser().newContext({ locale: 'sv-SE' })).newPage();
    await admin.goto(`${running.shop().url}/login`);
    await admin.getByLabel('E-post').fill('admin@nordic-office.example');
    await admin.getByLabel('Lösenord').fill('demo-password');
    await admin.getByRole('button', { name: 'Logga in' }).click();
    await admin.getByRole('link', { name: 'Användare' }).first().click();
    await admin.getByRole('link', { name: 'Ny användare' }).click();

    const form = admin.locator('form[action="/my/users"]');
    await form.getByLabel('Namn').fill('Nils Nilsson');
    await form.getByLabel('E-post').fill('nils@nordic-office.example');
    await form.getByLabel('Språk').selectOption('sv');
    // The preset script ticks the boxes of the chosen role.
    await form.getByLabel('Fyll i utifrån en roll').selectOption('price_viewer');
    expect(await form.locator('input[name="permissions"]:checked').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toEqual(['view_prices']);
    await form.getByLabel('Fyll i utifrån en roll').selectOption('buyer');
    await form.getByRole('button', { name: 'Skapa användare' }).click();
    await admin.getByRole('cell', { name: 'nils@nordic-office.example' }).waitFor();

    // The invitation, as the built-in mailbox shows it.
    const mailbox = await (await running.browser().newContext({ locale: 'sv-SE' })).newPage();
    let link: string | undefined;
    for (let i = 0; i < 50 && !link; i++) {
      await mailbox.goto(`${running.shop().url}/dev/mailbox`);
      const subject = mailbox.getByRole('link', { name: 'Din inloggning till Nordic B2B Shop' });
      if (await subject.count()) {
        await subject.first().click();
        link = /\/password\/reset\/[\w-]+/.exec(await mailbox.locator('.mail-text').innerText())?.[0];
      } else {
        await mailbox.waitForTimeout(200);
      }
    }
    expect(link).toBeDefined();

    const nils = await (await running.browser().newContext({ locale: 'sv-SE' })).newPage();
    await nils.goto(`${running.shop().url}${link}`);
    await nils.getByLabel('Nytt lösenord').fill('nils-eget-losenord');
    await nils.getByLabel('Upprepa det nya lösenordet').fill('nils-eget-losenord');
    await nils.getByRole('button', { name: 'Spara lösenord' }).click();
    await nils.waitForURL(/\/login$/);
    await nils.getByLabel('E-post').fill('nils@nordic-office.example');
    await nils.getByLabel('Lösenord').fill('nils-eget-losenord');
    await nils.getByRole('button', { name: 'Logga in' }).click();
    await nils.getByRole('heading', { level: 1, name: 'Välkommen, Nils Nilsson' }).waitFor();
    // A buyer manages no users.
    expect(await nils.getByRole('link', { name: 'Användare' }).count()).toBe(0);
  });
});

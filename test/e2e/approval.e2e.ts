import { describe, expect, it } from 'vitest';
import { useShopAndBrowser } from './support.ts';

const running = useShopAndBrowser();

async function signIn(page: import('playwright-core').Page, email: string) {
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill('demo-password');
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

describe('an order through approval, in a browser', () => {
  it('the buyer orders; the approver follows the e-mail link, signs in and approves; the buyer sees it processing; staff see the order', async () => {
    const url = running.shop().url;
    // Kari Nordmann's orders always wait for Per Hansen (demo data).
    const buyer = await (await running.browser().newContext({ locale: 'nb-NO' })).newPage();
    await buyer.goto(`${url}/login`);
    await signIn(buyer, 'buyer@fjordkontor.example');
    await buyer.goto(`${url}/catalog/PAP-A4-500`);
    await buyer.getByLabel('Antall').fill('3');
    await buyer.getByRole('button', { name: 'Legg i handlekurven' }).click();
    await buyer.getByRole('link', { name: 'Handlekurv' }).click();
    await buyer.getByRole('link', { name: 'Til kassen' }).click();
    await buyer.getByLabel('Deres referanse eller innkjøpsnummer').fill('E2E-1');
    await buyer.getByRole('button', { name: 'Se over bestillingen' }).click();
    await buyer.getByText('Bestillingen venter på godkjenning av Per Hansen fordi:').waitFor();
    await buyer.getByRole('button', { name: 'Send bestillingen til godkjenning' }).click();
    await buyer.waitForURL(/\/orders\/\d+\?placed=1$/);
    const number = /\/orders\/(\d+)/.exec(buyer.url())![1];
    expect(await buyer.locator('.status').first().innerText()).toBe('Venter på godkjenning');

    // The approver's e-mail, as the built-in mailbox shows it; its link opens the order after sign-in.
    const mailbox = await (await running.browser().newContext({ locale: 'nb-NO' })).newPage();
    let link: string | undefined;
    for (let i = 0; i < 50 && !link; i++) {
      await mailbox.goto(`${url}/dev/mailbox`);
      const subject = mailbox.getByRole('link', { name: `Ordre ${number} venter på din godkjenning` });
      if (await subject.count()) {
        await subject.first().click();
        link = /\/approvals\/\d+/.exec(await mailbox.locator('.mail-text').innerText())?.[0];
      } else {
        await mailbox.waitForTimeout(200);
      }
    }
    expect(link).toBeDefined();
    const approver = await (await running.browser().newContext({ locale: 'nb-NO' })).newPage();
    await approver.goto(`${url}${link}`);
    await approver.waitForURL(/\/login\?next=/);
    await signIn(approver, 'approver@fjordkontor.example');
    await approver.waitForURL(new RegExp(`${link}$`));
    await approver.getByRole('button', { name: 'Godkjenn', exact: true }).click();
    await approver.getByRole('button', { name: 'OK' }).click();
    await approver.getByText(`Ordre ${number} er sendt til butikken.`).waitFor();

    await buyer.goto(`${url}/orders/${number}`);
    expect(await buyer.locator('.status').first().innerText()).toBe('Under behandling');
    let decided = false;
    for (let i = 0; i < 50 && !decided; i++) {
      await mailbox.goto(`${url}/dev/mailbox`);
      decided = (await mailbox.getByRole('link', { name: `Ordre ${number} godkjent` }).count()) > 0;
      if (!decided) await mailbox.waitForTimeout(200);
    }
    expect(decided).toBe(true);

    const staff = await (await running.browser().newContext({ locale: 'en-GB' })).newPage();
    await staff.goto(`${url}/login`);
    await staff.getByLabel('E-mail').fill('staff@example.com');
    await staff.getByLabel('Password').fill('demo-password');
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.goto(`${url}/admin/orders`);
    await staff.getByRole('link', { name: number, exact: true }).waitFor();
  });
});

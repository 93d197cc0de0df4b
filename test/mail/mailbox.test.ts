import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createUser } from '../factories/index.ts';
import { appFor, useTestApp } from '../support/app.ts';
import { submitForm } from '../support/http.ts';

const t = useTestApp();

describe('/dev/mailbox, when mail goes to the built-in catcher', () => {
  it('lists what was sent and shows each message, so a visitor can follow a password link', async () => {
    const app = appFor(t, { mailCatcher: t.mail });
    const user = await createUser(t.db, { name: 'Maja Mail', locale: 'sv' });
    await submitForm(request.agent(app), '/password/forgot', '/password/forgot', { email: user.email });
    await t.deliverMail();
    const caught = await t.mail.waitFor((m) => m.to.includes(user.email));

    const list = await request(app).get('/dev/mailbox').expect(200);
    expect(list.text).toContain('Välj ett nytt lösenord');
    expect(list.text).toContain(user.email);
    const shown = await request(app).get(`/dev/mailbox/${caught.id}`).expect(200);
    expect(shown.text).toContain('/password/reset/');
    const html = await request(app).get(`/dev/mailbox/${caught.id}/html`).expect(200);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    await request(app).get('/dev/mailbox/999999').expect(404);
  });
});

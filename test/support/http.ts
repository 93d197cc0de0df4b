// Browsing as a person would: fetch the form, take its CSRF token, post it.
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { TEST_PASSWORD } from '../factories/index.ts';

export type Agent = ReturnType<typeof request.agent>;

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('page has no CSRF token');
  return match[1];
}

// Posts a form the way the browser would after showing `formPath`.
export async function submitForm(agent: Agent, formPath: string, action: string, fields: Record<string, string>) {
  const page = await agent.get(formPath).expect(200);
  return agent.post(action).type('form').send({ _csrf: csrfFrom(page.text), ...fields });
}

export async function signIn(app: App, email: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const response = await submitForm(agent, '/login', '/login', { email, password });
  if (response.status !== 302) throw new Error(`sign-in failed with ${response.status}`);
  return agent;
}

export function sessionCookie(response: { headers: Record<string, unknown> }): string {
  const cookies = ([] as string[]).concat((response.headers['set-cookie'] as string[] | undefined) ?? []);
  const found = cookies.find((c) => c.startsWith('shop.sid='));
  return found ? found.split(';')[0] : '';
}

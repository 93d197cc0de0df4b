// WEB_PROCESSES: the started process keeps the database and the jobs and forks web processes
// that share its port. No browser here: plain requests, each on a new connection.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startShop } from './support.ts';

// The shop's web processes: children of `parent` running the server script.
function webProcessesOf(parent: number): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return ppid === parent && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('src/server.ts') ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function signIn(url: string): Promise<string> {
  const form = await fetch(`${url}/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const cookie = form.headers.getSetCookie()[0].split(';')[0];
  const res = await fetch(`${url}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: 'buyer@nordic-office.example', password: 'demo-password' }).toString(),
  });
  expect(res.status).toBe(302);
  return res.headers.getSetCookie().find((c) => c.startsWith('shop.sid='))!.split(';')[0];
}

async function myPageNames(url: string, cookie: string, times: number) {
  for (let i = 0; i < times; i++) {
    const res = await fetch(`${url}/my`, { headers: { cookie, connection: 'close' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Bo Berg');
  }
}

// Signs out in whichever process answers; every process had the session in memory.
async function signOut(url: string, cookie: string) {
  const page = await fetch(`${url}/my`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await fetch(`${url}/logout`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
  });
  expect(res.status).toBe(302);
}

describe('the shop with WEB_PROCESSES=2', () => {
  it('serves a signed-in buyer from either web process, replaces one that dies, signs out in both, and stops them all', async () => {
    const shop = await startShop({ WEB_PROCESSES: '2' });
    const first = webProcessesOf(shop.pid());
    expect(first).toHaveLength(2);
    const cookie = await signIn(shop.url);
    await myPageNames(shop.url, cookie, 6);

    process.kill(first[0], 'SIGKILL');
    let now = webProcessesOf(shop.pid());
    for (let waited = 0; (now.length < 2 || now.includes(first[0])) && waited < 15_000; waited += 200) {
      await sleep(200);
      now = webProcessesOf(shop.pid());
    }
    expect(now).toHaveLength(2);
    expect(now).not.toContain(first[0]);
    // The new process has to listen before it is handed connections; until then the other serves.
    await myPageNames(shop.url, cookie, 6);

    // Signed out in one process, the session is gone in the other too once it hears of it (a
    // moment: the next request may come first), and stays gone in both.
    await signOut(shop.url, cookie);
    const myPage = () => fetch(`${shop.url}/my`, { headers: { cookie, connection: 'close' }, redirect: 'manual' });
    for (let waited = 0; (await myPage()).status !== 302 && waited < 2000; waited += 50) await sleep(50);
    await sleep(50);
    for (let i = 0; i < 6; i++) {
      const res = await myPage();
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toMatch(/^\/login/);
    }

    expect(await shop.stop()).toBe(0);
    expect(now.filter(alive)).toEqual([]);
  });
});

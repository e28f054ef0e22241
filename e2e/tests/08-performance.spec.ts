// Measures (does not assert) the time from navigation to the visible resume list, for the
// performance document: several loads in a fresh browser context (nothing cached) and several
// reloads (assets cached, as a returning user has them). The figures are printed and written to
// test-results/performance-<database>.json.
// The login rate limit is per username: these loads sign in without failures, so it stays clear.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Page } from '@playwright/test';

import { CASEY } from './fixtures/accounts';
import { LoginPage } from './fixtures/login_page';
import { test } from './fixtures/test';

const RUNS = 7;

async function timeToList(page: Page): Promise<number> {
  // performance.now() counts from the start of the navigation.
  const handle = await page.waitForFunction(
    () => {
      const list = document.querySelector('[data-testid="resume-list"]');
      return list && list.getBoundingClientRect().height > 0 ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 20_000 },
  );
  return (await handle.jsonValue()) as number;
}

function summary(times: number[]): { median: number; worst: number; runs: number[] } {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: Math.round(sorted[Math.floor(sorted.length / 2)]),
    worst: Math.round(sorted[sorted.length - 1]),
    runs: times.map(Math.round),
  };
}

test('time from navigation to the dashboard list', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const cold: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    // Signed in through the API, so that the browser has loaded nothing of the app yet.
    const context = await browser.newContext({ baseURL });
    const login = await context.request.post('/api/v1/auth/login', {
      data: { username: CASEY.username, password: CASEY.newPassword },
    });
    if (!login.ok()) {
      throw new Error(`login failed: ${login.status()}`);
    }
    const page = await context.newPage();
    await page.goto('/', { waitUntil: 'commit' });
    cold.push(await timeToList(page));
    await context.close();
  }
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
  await page.goto('/');
  await timeToList(page);
  const warm: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    await page.reload({ waitUntil: 'commit' });
    warm.push(await timeToList(page));
  }
  await context.close();

  const database = process.env.E2E_DATABASE_URL ? 'postgres' : 'sqlite';
  const result = { database, cold: summary(cold), warm: summary(warm) };
  console.log(`time to the resume list (ms): ${JSON.stringify(result)}`);
  const dir = path.join(__dirname, '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `performance-${database}.json`), `${JSON.stringify(result, null, 2)}\n`);
});

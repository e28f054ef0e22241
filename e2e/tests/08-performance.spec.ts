// Measures (does not assert) the time from navigation to the visible resume list, for the
// performance document: several loads in a fresh browser context (nothing cached) and several
// reloads (assets cached, as a returning user has them). The figures are printed and written to
// test-results/performance-<database>.json.
// A second test checks what the first screen downloads (the budget) and that the editor's code
// is loaded on demand.
// The login rate limit is per username: these loads sign in without failures, so it stays clear.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Page } from '@playwright/test';

import { CASEY } from './fixtures/accounts';
import { LoginPage } from './fixtures/login_page';
import { expect, test } from './fixtures/test';

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

// The first screen needs only the main module: the editor's code arrives when the editor first
// opens, once, and the other screens' code not at all. Sizes are the bytes on the wire (the
// server sends the gzip copies), the same measure as the budget in scripts/web-app-size.py.
test('the dashboard downloads at most 400 KB of app; the editor module comes on demand, once', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL });
  const login = await context.request.post('/api/v1/auth/login', {
    data: { username: CASEY.username, password: CASEY.newPassword },
  });
  expect(login.ok()).toBe(true);
  const page = await context.newPage();
  const app: { url: string; bytes: number }[] = [];
  page.on('requestfinished', async (request) => {
    const url = new URL(request.url()).pathname;
    if (/\.(wasm|js|css)$/.test(url)) {
      app.push({ url, bytes: (await request.sizes()).responseBodySize });
    }
  });
  const onDemand = (name: string) => app.filter((file) => file.url.includes(`/split_${name}`));

  await page.goto('/');
  await expect(page.getByTestId('resume-link').first()).toBeVisible();
  await expect.poll(() => app.some((file) => file.url.endsWith('.css'))).toBe(true);
  const first = [...app];
  expect(first.filter((file) => /\/(split|chunk)_/.test(file.url)), 'modules loaded on demand').toEqual([]);
  expect(first.some((file) => file.url.endsWith('_bg.wasm'))).toBe(true);
  const firstBytes = first.reduce((sum, file) => sum + file.bytes, 0);
  console.log(`first download: ${firstBytes} bytes on the wire (${first.length} files)`);
  expect(firstBytes).toBeGreaterThan(100_000);
  expect(firstBytes).toBeLessThanOrEqual(400_000);

  await page.getByTestId('resume-link').first().click();
  await expect(page.getByTestId('editor-name')).toBeVisible();
  await expect.poll(() => onDemand('editor_screen').length).toBe(1);
  expect(onDemand('refine_screen')).toEqual([]);
  expect(onDemand('admin_users_screen')).toEqual([]);

  await page.getByTestId('back-to-dashboard').click();
  await page.getByTestId('resume-link').first().click();
  await expect(page.getByTestId('editor-name')).toBeVisible();
  expect(onDemand('editor_screen')).toHaveLength(1);
  await context.close();
});

// Access: a user who is not an administrator gets no admin screens and 403 from the admin API;
// after logout a protected URL leads to the login page; unknown addresses show a page of their
// own.
import { api } from './fixtures/api';
import { CASEY } from './fixtures/accounts';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

test('a user who is not an administrator gets no admin screens and 403 from the API', async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
  const shell = new Shell(page);
  await expect(shell.navAdmin).toHaveCount(0);
  for (const path of ['/admin', '/admin/users', '/admin/audit', '/admin/instance']) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/$/);
    await expect(page.getByTestId('dashboard-page')).toBeVisible();
  }
  for (const path of ['/admin/users', '/admin/audit', '/admin/instance']) {
    const response = await api(page, 'GET', path);
    expect(response.status(), path).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
  }
  const write = await api(page, 'PUT', '/admin/instance', { registration_open: false });
  expect(write.status()).toBe(403);
});

test('after logout a protected URL leads to the login page', async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
  const shell = new Shell(page);
  await shell.logout();
  await expect(page.getByTestId('login-page')).toBeVisible();
  await expect(shell.currentUser).toHaveCount(0);

  await page.goto('/trash');
  await expect(page).toHaveURL(/\/login\?next=\/trash$/);
  const me = await api(page, 'GET', '/auth/me');
  expect(me.status()).toBe(401);
});

test('an unknown address shows the not-found page', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
  await page.goto('/resumes-nowhere');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await checkScreen(page, 'not-found');
});

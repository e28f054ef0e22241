// Login: a wrong password is refused with the API's message; a visitor sent to the login page
// from another page returns there after signing in; logging out, or a session ending on the
// server, leaves no message of the session behind (and no more than three messages ever show
// at once).
import { CASEY } from './fixtures/accounts';
import { api } from './fixtures/api';
import { LoginPage } from './fixtures/login_page';
import { SettingsPage } from './fixtures/settings_page';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

test('a wrong password is refused with a message', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.submitCredentials(CASEY.username, 'not the password');
  await expect(login.error).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
});

test('login returns to the page asked for', async ({ page }) => {
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login\?next=\/settings$/);
  const login = new LoginPage(page);
  await expect(login.reason).toBeVisible();

  await login.submitCredentials(CASEY.username, CASEY.password);

  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await expect(new Shell(page).currentUser).toHaveText(CASEY.username);
});

test('at most three messages show at once, and logging out leaves none behind', async ({ page }) => {
  const login = new LoginPage(page);
  await login.loginAs(CASEY);
  const settings = new SettingsPage(page);
  const shell = new Shell(page);
  await settings.goto();

  // Four saves, four messages: the oldest goes when the fourth comes.
  for (let saves = 1; saves <= 4; saves++) {
    await settings.save.click();
    await expect(shell.successToasts).toHaveCount(Math.min(saves, 3));
  }

  await shell.logout();
  await expect(login.username).toBeVisible();
  await expect(page.getByTestId('toast-area').getByRole('button', { name: 'Dismiss' })).toHaveCount(0);
  await expect(shell.successToasts).toHaveCount(0);
});

test('a session that ends on the server leaves no message behind either', async ({ page }) => {
  const login = new LoginPage(page);
  await login.loginAs(CASEY);
  const settings = new SettingsPage(page);
  const shell = new Shell(page);
  await settings.goto();
  await settings.save.click();
  await expect(shell.successToasts).toHaveCount(1);

  // The session ends behind the app's back (as an expiry or a logout in another tab would);
  // the next call finds it gone and leads to the sign-in page.
  expect((await api(page, 'POST', '/auth/logout')).ok()).toBe(true);
  await settings.save.click();
  await expect(login.username).toBeVisible();
  await expect(page.getByTestId('toast-area').getByRole('button', { name: 'Dismiss' })).toHaveCount(0);
  await expect(shell.successToasts).toHaveCount(0);
});

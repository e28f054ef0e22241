// Login: a wrong password is refused with the API's message; a visitor sent to the login page
// from another page returns there after signing in.
import { CASEY } from './fixtures/accounts';
import { LoginPage } from './fixtures/login_page';
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

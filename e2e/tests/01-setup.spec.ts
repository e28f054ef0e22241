// First run: while no user exists every page leads to the setup screen, which validates what it
// is given (the confirmation here, the rest by the API) and creates the first administrator.
import { ADMIN } from './fixtures/accounts';
import { checkScreen } from './fixtures/screens';
import { SetupPage } from './fixtures/setup_page';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

test('every page leads to the setup screen while no user exists', async ({ page }) => {
  const setup = new SetupPage(page);
  for (const path of ['/', '/login', '/register', '/settings', '/admin/users', '/no/such/page']) {
    await page.goto(path);
    await expect(setup.root, path).toBeVisible();
    await expect(page).toHaveURL(/\/setup$/);
  }
  await checkScreen(page, 'setup');
});

test('setup checks the fields and creates the first administrator', async ({ page }) => {
  const setup = new SetupPage(page);
  const shell = new Shell(page);
  await page.goto('/setup');

  // The confirmation is checked in the page.
  await setup.fill(ADMIN, 'something else entirely');
  await setup.submit.click();
  await expect(setup.error('confirm')).toHaveText('The passwords do not match.');

  // The API's messages appear next to their fields.
  await setup.fill({ username: 'x', email: 'not an email', password: 'short' });
  await setup.submit.click();
  await expect(setup.error('username')).toBeVisible();
  await expect(setup.error('email')).toBeVisible();
  await expect(setup.error('password')).toContainText('10');
  await checkScreen(page, 'setup-errors');

  await setup.fill(ADMIN);
  await setup.submit.click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await expect(shell.currentUser).toHaveText(ADMIN.username);
  await expect(shell.navAdmin).toBeVisible();
  await expect(page.getByTestId('resume-empty')).toBeVisible();
  await checkScreen(page, 'dashboard-empty');
});

test('the setup screen is gone once the instance is set up', async ({ page }) => {
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId('login-page')).toBeVisible();
});

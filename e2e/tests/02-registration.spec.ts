// Self-registration: closed by default, opened by the administrator on the instance screen,
// then offered on the login page, where a new user creates an account.
import { api } from './fixtures/api';
import { ADMIN, CASEY } from './fixtures/accounts';
import { AdminPage } from './fixtures/admin_page';
import { LoginPage, RegisterPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

test('registration is closed by default', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await expect(login.submit).toBeVisible();
  await expect(login.registerLink).toHaveCount(0);
  await checkScreen(page, 'login');

  const register = new RegisterPage(page);
  await page.goto('/register');
  await expect(register.closed).toBeVisible();
  await expect(register.submit).toHaveCount(0);
  await checkScreen(page, 'register-closed');

  const response = await api(page, 'POST', '/auth/register', {
    username: CASEY.username,
    email: CASEY.email,
    password: CASEY.password,
  });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe('registration_closed');
});

test('the administrator opens registration', async ({ page }) => {
  await new LoginPage(page).loginAs(ADMIN);
  const admin = new AdminPage(page);
  await new Shell(page).navAdmin.click();
  await page.getByTestId('tab-instance').click();
  await expect(admin.instancePage).toBeVisible();
  await expect(admin.registrationOpen).not.toBeChecked();
  await expect(admin.registrationState).toContainText('closed');

  await admin.registrationOpen.check();
  await admin.instanceSave.click();

  await expect(new Shell(page).successToasts.last()).toContainText('Registration is open');
  await expect(admin.registrationState).toContainText('open');
  await checkScreen(page, 'admin-instance');
});

test('a new user registers from the login page and lands on the dashboard', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.registerLink.click();
  const register = new RegisterPage(page);
  await expect(register.submit).toBeVisible();
  await checkScreen(page, 'register');

  // A taken username is refused by the API, next to the field.
  await register.fill({ ...CASEY, username: ADMIN.username, email: 'other@example.com' });
  await register.submit.click();
  await expect(page.getByTestId('register-error').or(register.error('username'))).toBeVisible();

  await register.fill(CASEY);
  await register.submit.click();

  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  const shell = new Shell(page);
  await expect(shell.currentUser).toHaveText(CASEY.username);
  await expect(shell.navAdmin).toHaveCount(0);
});

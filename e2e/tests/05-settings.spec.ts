// Settings: the API key is write-only (the page shows whether one is set, and can remove it)
// and is dropped when the endpoint moves to another server, the API's validation messages
// appear next to the fields, the endpoint options are saved and the connection test shows its
// result, and the password change works.
import { CASEY } from './fixtures/accounts';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { SettingsPage } from './fixtures/settings_page';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

test('the API key is set and removed, and the fields are validated', async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY);
  const settings = new SettingsPage(page);
  const shell = new Shell(page);
  await settings.goto();
  await expect(settings.apiKeyStatus).toHaveText('No API key is set');
  await expect(settings.timeout).toHaveValue('60');
  await checkScreen(page, 'settings');

  // Set a key: it is never shown again, only that one is set.
  await settings.endpoint.fill('https://llm.example.com/v1');
  await settings.model.fill('gpt-4o-mini');
  await settings.apiKey.fill('sk-test-0123456789');
  await settings.save.click();
  await expect(shell.successToasts.last()).toHaveText(/Settings saved/);
  await expect(settings.apiKeyStatus).toHaveText('An API key is set');
  await expect(settings.apiKey).toHaveValue('');
  await page.reload();
  await expect(settings.apiKeyStatus).toHaveText('An API key is set');
  await expect(settings.apiKey).toHaveValue('');
  await expect(settings.endpoint).toHaveValue('https://llm.example.com/v1');
  await expect(settings.model).toHaveValue('gpt-4o-mini');
  const stored = await page.request.get('/api/v1/settings');
  expect(JSON.stringify(await stored.json())).not.toContain('sk-test-0123456789');

  // Another server for the endpoint drops the key (a key is only sent where it was entered),
  // and the page says so until a key is entered again.
  await settings.endpoint.fill('https://other-llm.example.com/v1');
  await settings.save.click();
  await expect(settings.apiKeyStatus).toHaveText('No API key is set');
  await expect(page.getByTestId('api-key-dropped')).toBeVisible();
  await settings.endpoint.fill('https://llm.example.com/v1');
  await settings.apiKey.fill('sk-test-0123456789');
  await settings.save.click();
  await expect(settings.apiKeyStatus).toHaveText('An API key is set');
  await expect(page.getByTestId('api-key-dropped')).toHaveCount(0);

  // Remove it.
  await settings.clearKey.click();
  await expect(settings.apiKeyStatus).toHaveText('No API key is set');
  await page.reload();
  await expect(settings.apiKeyStatus).toHaveText('No API key is set');

  // The timeout must be 15 to 1440 minutes: the API says so next to the field.
  await settings.timeout.fill('5');
  await settings.save.click();
  await expect(settings.error('settings-timeout')).toContainText('15');
  await checkScreen(page, 'settings-errors');
  await settings.timeout.fill('90');
  await settings.save.click();
  await expect(settings.error('settings-timeout')).toHaveCount(0);
  await page.reload();
  await expect(settings.timeout).toHaveValue('90');

  // An endpoint that is not a URL.
  await settings.endpoint.fill('not a url');
  await settings.save.click();
  await expect(settings.error('settings-endpoint')).toBeVisible();
  await settings.endpoint.fill('');
  await settings.save.click();
  await expect(settings.error('settings-endpoint')).toHaveCount(0);
});

test('the endpoint options are saved and the connection test shows its result', async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY);
  const settings = new SettingsPage(page);
  const shell = new Shell(page);
  await settings.goto();

  // The server's default endpoint is the fake model server: the test connects.
  await settings.testConnection.click();
  await expect(settings.testResult).toHaveAttribute('data-ok', 'true');
  await expect(settings.testResult).toContainText('Connected');

  // An option out of range is named next to its field.
  await settings.options.locator('summary').click();
  await page.getByTestId('settings-concurrency').fill('0');
  await settings.save.click();
  await expect(settings.error('settings-concurrency')).toContainText('1 to 32');
  await checkScreen(page, 'settings-options');

  // Plain text output, two requests at once: saved, shown again, and used by the test.
  await page.getByTestId('settings-concurrency').fill('2');
  await page.getByTestId('settings-output-mode').selectOption('plain');
  await settings.save.click();
  await expect(shell.successToasts.last()).toHaveText(/Settings saved/);
  await page.reload();
  await settings.options.locator('summary').click();
  await expect(page.getByTestId('settings-concurrency')).toHaveValue('2');
  await expect(page.getByTestId('settings-output-mode')).toHaveValue('plain');
  await settings.testConnection.click();
  await expect(settings.testResult).toContainText('(plain output)');

  // Back to the defaults.
  await page.getByTestId('settings-concurrency').fill('');
  await page.getByTestId('settings-output-mode').selectOption('');
  await settings.save.click();
  await expect(shell.successToasts.last()).toHaveText(/Settings saved/);
});

test('the password change checks the current password and the confirmation', async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY);
  const settings = new SettingsPage(page);
  const shell = new Shell(page);
  await settings.goto();

  await settings.currentPassword.fill('not my password');
  await settings.newPassword.fill(CASEY.newPassword);
  await settings.confirmPassword.fill('a different one');
  await settings.changePassword.click();
  await expect(settings.error('password-confirm')).toHaveText('The passwords do not match.');

  await settings.confirmPassword.fill(CASEY.newPassword);
  await settings.changePassword.click();
  await expect(settings.error('password-current')).toBeVisible();

  await settings.currentPassword.fill(CASEY.password);
  await settings.changePassword.click();
  await expect(shell.successToasts.last()).toContainText('Your password is changed');
  await expect(settings.currentPassword).toHaveValue('');

  await shell.logout();
  const login = new LoginPage(page);
  await login.submitCredentials(CASEY.username, CASEY.password);
  await expect(login.error).toBeVisible();
  await login.submitCredentials(CASEY.username, CASEY.newPassword);
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
});

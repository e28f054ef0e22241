// Two-factor authentication: a user sets it up in the settings (password, then the QR code
// and the key, then a code: a wrong one is named under the field, and the right one shows ten
// recovery codes once, with a download); signing in then asks for a code after the password,
// a code is taken once (replay is refused), and each recovery code works once; the settings
// list the sessions (how each signed in, this one marked) and end another one; turning it off
// needs the password and a code. An administrator (who has two-factor) requires it of
// everyone: a user without it lands on the setup page and reaches nothing else until it is
// set up; the administrator sees who has it and resets a user's, then lifts the requirement
// (later specs sign in with passwords alone).
//
// Codes are computed here from the key the page shows (RFC 6238). The server takes each
// 30-second code once, so a fresh code may mean waiting for the next step: the tests have room
// for that.
import { readFileSync } from 'node:fs';

import type { Account } from './fixtures/accounts';
import { ADMIN } from './fixtures/accounts';
import { AdminPage } from './fixtures/admin_page';
import { api, apiJson } from './fixtures/api';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';
import { Authenticator, CodeStep, Enrolment, signInByApi } from './fixtures/two_factor';

test.describe.configure({ mode: 'serial', timeout: 150_000 });

/** Tells this run's accounts from those of an earlier, retried one. */
const RUN = Date.now().toString(36).slice(-6);
/** Their names sort before the lists' many users, so they stay on the first page of users. */
const ARIA: Account = { username: `aria-${RUN}`, email: `aria-${RUN}@example.com`, password: 'aria password 123' };
/** An administrator with two-factor authentication. */
const BEN: Account = { username: `ben-${RUN}`, email: `ben-${RUN}@example.com`, password: 'ben password 1234' };
/** A user without it, when it becomes required. */
const CLEO: Account = { username: `cleo-${RUN}`, email: `cleo-${RUN}@example.com`, password: 'cleo password 123' };

let baseAddress = '';
let ariaApp: Authenticator;
let ariaCodes: string[] = [];
let benApp: Authenticator | undefined;
let required = false;

// Whatever happened, the requirement does not outlive this file.
test.afterAll(async () => {
  if (required && benApp) {
    const ben = await signInByApi(baseAddress, BEN, benApp);
    const instance = await ben.json('GET', '/admin/instance');
    await ben.json('PUT', '/admin/instance', { ...instance, require_two_factor: false });
    await ben.dispose();
  }
});

test('the administrator makes the accounts; one administrator sets up two-factor by the API', async ({
  page,
  baseURL,
}) => {
  baseAddress = baseURL!;
  await new LoginPage(page).loginAs(ADMIN);
  for (const [account, roles] of [
    [ARIA, ['user']],
    [BEN, ['user', 'admin']],
    [CLEO, ['user']],
  ] as const) {
    await apiJson(page, 'POST', '/admin/users', { ...account, roles, force_password_change: false });
  }

  const ben = await signInByApi(baseAddress, BEN);
  const status = await ben.json('GET', '/auth/two-factor');
  expect(status.enabled).toBe(false);
  const enrolment = await ben.json('POST', '/auth/two-factor/enrolment', { password: BEN.password });
  expect(enrolment.digits).toBe(6);
  expect(enrolment.period).toBe(30);
  const app = Authenticator.fromSecret(enrolment.secret);
  const codes = await ben.json('POST', '/auth/two-factor/confirmation', { code: await app.freshCode() });
  expect(codes.codes).toHaveLength(10);
  benApp = app;
  await ben.dispose();
});

test('a user sets up two-factor authentication in the settings', async ({ page }) => {
  await new LoginPage(page).loginAs(ARIA);
  await page.goto('/settings');
  const state = page.getByTestId('two-factor-state');
  await expect(state).toHaveAttribute('data-enabled', 'false');
  await page.getByTestId('two-factor-enable').click();

  // The password first: a wrong one is named under its field.
  const enrolment = new Enrolment(page);
  await enrolment.password.fill('not my password');
  await enrolment.start.click();
  await expect(page.getByTestId('two-factor-password-error')).toBeVisible();

  // The QR code (an image, never markup in the page) and the key, grouped and plain.
  ariaApp = await enrolment.begin(ARIA.password);
  await expect(enrolment.qr).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  const grouped = (await enrolment.secret.textContent()) ?? '';
  expect(grouped).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  expect(grouped.replace(/\s/g, '')).toBe(await enrolment.plainSecret.inputValue());
  await checkScreen(page, 'two-factor-enrol');

  // A wrong code is named under the field; the right one turns it on.
  await enrolment.code.fill(ariaApp.wrongCode());
  await enrolment.confirm.click();
  await expect(enrolment.codeError).toBeVisible();
  ariaCodes = await enrolment.confirmWith(ariaApp);
  expect(ariaCodes).toHaveLength(10);
  expect(new Set(ariaCodes).size).toBe(10);
  await checkScreen(page, 'two-factor-recovery-codes');

  // The codes download as a text file.
  const [download] = await Promise.all([page.waitForEvent('download'), enrolment.download.click()]);
  expect(download.suggestedFilename()).toBe('resume-editor-recovery-codes.txt');
  const file = readFileSync(await download.path(), 'utf8');
  for (const code of ariaCodes) {
    expect(file).toContain(code);
  }

  await enrolment.saved.click();
  await expect(enrolment.recoveryCodes).toHaveCount(0);
  await expect(state).toHaveAttribute('data-enabled', 'true');
  await expect(state).toContainText('10 recovery codes left');
});

test('signing in asks for a code; a code works once, and so does each recovery code', async ({
  page,
  browser,
  baseURL,
}) => {
  // The password, then the code step (still on the login page, nothing signed in yet).
  const login = new LoginPage(page);
  await login.goto();
  await login.submitCredentials(ARIA.username, ARIA.password);
  const step = new CodeStep(page);
  await expect(step.code).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  expect((await api(page, 'GET', '/auth/me')).status()).toBe(401);
  await checkScreen(page, 'login-code');

  await step.submit(ariaApp.wrongCode());
  await expect(step.error).toContainText('wrong or was already used');
  const code = await ariaApp.freshCode();
  await step.submit(code);
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await expect(new Shell(page).currentUser).toHaveText(ARIA.username);

  // Another browser: the same code again is refused; a recovery code signs in instead.
  const laptop = await browser.newContext({ baseURL });
  const other = await laptop.newPage();
  const otherLogin = new LoginPage(other);
  const otherStep = new CodeStep(other);
  await otherLogin.goto();
  await otherLogin.submitCredentials(ARIA.username, ARIA.password);
  await otherStep.submit(code);
  await expect(otherStep.error).toContainText('wrong or was already used');
  await otherStep.submit(ariaCodes[0]);
  await expect(other.getByTestId('dashboard-page')).toBeVisible();

  // A recovery code works once.
  await new Shell(other).logout();
  await otherLogin.submitCredentials(ARIA.username, ARIA.password);
  await otherStep.submit(ariaCodes[0]);
  await expect(otherStep.error).toBeVisible();
  await otherStep.submit(ariaCodes[1].toUpperCase());
  await expect(other.getByTestId('dashboard-page')).toBeVisible();

  // The sessions: this one (signed in with the app's code) is marked; the other browser's
  // (a recovery code) ends from here.
  await page.goto('/settings');
  const sessions = page.getByTestId('session-row');
  const current = page.locator('[data-testid="session-row"][data-current="true"]');
  await expect(current).toHaveCount(1);
  await expect(current.getByTestId('session-current')).toHaveText('This session');
  await expect(current).toContainText('Password and authenticator code');
  const laptopRow = sessions.filter({ hasText: 'Password and recovery code' });
  await expect(laptopRow).toHaveCount(1);
  await expect(page.getByTestId('two-factor-state')).toContainText('8 recovery codes left');
  await checkScreen(page, 'settings-two-factor');
  await laptopRow.getByTestId('session-end').click();
  await expect(laptopRow).toHaveCount(0);
  await expect(current).toHaveCount(1);

  // The other browser is signed out.
  await other.goto('/settings');
  await expect(other).toHaveURL(/\/login/);
  await laptop.close();
});

test('a sign-in step left behind goes back to the password', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.submitCredentials(ARIA.username, ARIA.password);
  const step = new CodeStep(page);
  await step.back.click();
  await expect(step.root).toHaveCount(0);
  await expect(login.username).toHaveValue(ARIA.username);
  await expect(login.password).toHaveValue('');
});

test('turning two-factor off needs the password and a code', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.submitCredentials(ARIA.username, ARIA.password);
  await new CodeStep(page).submit(ariaCodes[2]);
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await page.goto('/settings');
  const state = page.getByTestId('two-factor-state');
  await expect(state).toContainText('7 recovery codes left');

  await page.getByTestId('two-factor-disable').click();
  const password = page.getByTestId('two-factor-off-password');
  const code = page.getByTestId('two-factor-off-code');
  const submit = page.getByTestId('two-factor-off-submit');
  // The password alone is not enough.
  await password.fill(ARIA.password);
  await submit.click();
  await expect(page.getByTestId('two-factor-off-code-error')).toBeVisible();
  // Nor a wrong password.
  await password.fill('not my password');
  await code.fill(ariaApp.wrongCode());
  await submit.click();
  await expect(page.getByTestId('two-factor-off-password-error')).toBeVisible();
  await checkScreen(page, 'two-factor-off');
  // Both right: off.
  await password.fill(ARIA.password);
  await code.fill(ariaCodes[3]);
  await submit.click();
  await expect(state).toHaveAttribute('data-enabled', 'false');

  // Signing in asks for the password alone again.
  await new Shell(page).logout();
  await login.submitCredentials(ARIA.username, ARIA.password);
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
});

test('with two-factor required, a user without it sets it up before anything else', async ({
  page,
  browser,
  baseURL,
}) => {
  // The administrator with two-factor, in a browser of his own.
  const desk = await browser.newContext({ baseURL });
  const adminPage = await desk.newPage();
  const benLogin = new LoginPage(adminPage);
  await benLogin.goto();
  await benLogin.submitCredentials(BEN.username, BEN.password);
  await new CodeStep(adminPage).submit(await benApp!.freshCode());
  await expect(adminPage.getByTestId('dashboard-page')).toBeVisible();
  const admin = new AdminPage(adminPage);
  await admin.gotoInstance();
  const requirement = adminPage.getByTestId('require-two-factor');
  await expect(requirement).not.toBeChecked();
  await requirement.check();
  await admin.instanceSave.click();
  required = true;
  await expect(new Shell(adminPage).successToasts.last()).toContainText('two-factor authentication');
  await expect(adminPage.getByTestId('two-factor-requirement-state')).toContainText('required');
  await checkScreen(adminPage, 'admin-instance-two-factor');

  // A user without it signs in: the setup page, and nothing else.
  const login = new LoginPage(page);
  await login.goto();
  await login.submitCredentials(CLEO.username, CLEO.password);
  await expect(page).toHaveURL(/\/two-factor-setup$/);
  await expect(page.getByTestId('two-factor-setup-page')).toBeVisible();
  const shell = new Shell(page);
  await expect(shell.navDashboard).toHaveCount(0);
  await checkScreen(page, 'two-factor-setup');
  for (const path of ['/', '/settings', '/trash']) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/two-factor-setup$/);
  }
  const blocked = await api(page, 'GET', '/resumes');
  expect(blocked.status()).toBe(403);
  expect((await blocked.json()).error.code).toBe('two_factor_enrolment_required');

  // Set up, codes saved: on to the app.
  const enrolment = new Enrolment(page);
  const cleoApp = await enrolment.begin(CLEO.password);
  expect(await enrolment.confirmWith(cleoApp)).toHaveLength(10);
  await expect(page).toHaveURL(/\/two-factor-setup$/);
  await enrolment.saved.click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await expect(shell.navDashboard).toBeVisible();
  expect((await api(page, 'GET', '/resumes')).status()).toBe(200);

  // The administrator sees who has two-factor, and resets the user's.
  await admin.gotoUsers();
  const row = admin.user(CLEO.username);
  await expect(row.getByTestId('user-two-factor')).toHaveText('On');
  await expect(admin.user(BEN.username).getByTestId('user-two-factor')).toHaveText('On');
  await expect(admin.user(ARIA.username).getByTestId('user-two-factor')).toHaveText('Off');
  await admin.openEdit(CLEO.username);
  await expect(adminPage.getByTestId('edit-user-two-factor-state')).toContainText('On');
  await adminPage.getByTestId('edit-user-reset-two-factor').click();
  await expect(adminPage.getByTestId('reset-two-factor-confirmation')).toContainText(CLEO.username);
  await checkScreen(adminPage, 'admin-reset-two-factor');
  await adminPage.getByTestId('reset-two-factor-confirm').click();
  await expect(admin.editDialog).toHaveCount(0);
  await expect(row.getByTestId('user-two-factor')).toHaveText('Off');

  // The requirement lifted, that user signs in with the password alone.
  await admin.gotoInstance();
  await expect(requirement).toBeChecked();
  await requirement.uncheck();
  await admin.instanceSave.click();
  await expect(adminPage.getByTestId('two-factor-requirement-state')).toContainText('optional');
  required = false;
  await desk.close();

  await page.context().clearCookies();
  await login.goto();
  await login.submitCredentials(CLEO.username, CLEO.password);
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
});

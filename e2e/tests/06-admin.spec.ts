// Administration: creating a user who must change the password (and does, before anything
// else), impersonating them with the banner on every page, the audit log, editing roles and
// the account, deleting a user.
import { api, apiJson } from './fixtures/api';
import { ADMIN, DANA } from './fixtures/accounts';
import { AdminPage } from './fixtures/admin_page';
import { DashboardPage } from './fixtures/dashboard_page';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

test('the administrator creates a user who must change the password', async ({ page }) => {
  await new LoginPage(page).loginAs(ADMIN);
  const admin = new AdminPage(page);
  await admin.gotoUsers();
  await expect(admin.user(ADMIN.username)).toBeVisible();
  await checkScreen(page, 'admin-users');

  await admin.fillNewUser({ ...DANA, password: 'short' });
  await page.getByTestId('new-user-submit').click();
  await expect(page.getByTestId('new-user-password-error')).toContainText('10');
  await checkScreen(page, 'admin-create-user');
  await page.getByTestId('new-user-password').fill(DANA.password);
  await page.getByTestId('new-user-submit').click();

  await expect(admin.createDialog).toHaveCount(0);
  const row = admin.user(DANA.username);
  await expect(row.getByTestId('user-email')).toHaveText(DANA.email);
  await expect(row.getByTestId('user-roles')).toHaveText('user');
  await expect(row.getByTestId('user-active')).toHaveText('Active');
  await expect(row.getByTestId('user-forced')).toHaveText('Yes');
  await expect(row.getByTestId('user-last-login')).toHaveText('Never');
  await expect(row.getByTestId('user-resumes')).toHaveText('0');
});

test('that user must change the password before anything else', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.submitCredentials(DANA.username, DANA.password);
  await expect(page).toHaveURL(/\/change-password$/);
  await expect(page.getByTestId('change-password-page')).toBeVisible();
  const shell = new Shell(page);
  await expect(shell.navDashboard).toHaveCount(0);
  await checkScreen(page, 'change-password');

  // Nothing else is reachable: not in the app, not in the API.
  for (const path of ['/', '/settings', '/trash']) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/change-password$/);
  }
  const blocked = await api(page, 'GET', '/resumes');
  expect(blocked.status()).toBe(403);
  expect((await blocked.json()).error.code).toBe('password_change_required');

  await page.getByTestId('password-new').fill(DANA.newPassword);
  await page.getByTestId('password-confirm').fill(DANA.newPassword);
  await page.getByTestId('password-submit').click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await expect(shell.currentUser).toHaveText(DANA.username);
});

test('the administrator impersonates the user: a banner on every page, and stop returns', async ({ page }) => {
  await new LoginPage(page).loginAs(ADMIN);
  const admin = new AdminPage(page);
  const shell = new Shell(page);
  await admin.gotoUsers();
  await expect(admin.user(ADMIN.username).getByTestId('user-impersonate')).toHaveCount(0);

  await admin.user(DANA.username).getByTestId('user-impersonate').click();

  await expect(page).toHaveURL(/\/$/);
  await expect(shell.banner).toBeVisible();
  await expect(page.getByTestId('impersonated-user')).toHaveText(DANA.username);
  await expect(shell.currentUser).toHaveText(DANA.username);
  await expect(shell.navAdmin).toHaveCount(0);
  // A write made while impersonating (audited).
  const dashboard = new DashboardPage(page);
  await dashboard.createResume('Made by support');
  await expect(page.getByTestId('editor-name')).toHaveText('Made by support');
  await expect(shell.banner).toBeVisible();
  await checkScreen(page, 'impersonation');
  for (const path of ['/', '/trash', '/settings', '/no/such/page']) {
    await page.goto(path);
    await expect(shell.banner, path).toBeVisible();
  }
  // No admin powers while impersonating.
  const forbidden = await api(page, 'GET', '/admin/users');
  expect(forbidden.status()).toBe(403);

  await shell.stopImpersonating.click();

  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(shell.banner).toHaveCount(0);
  await expect(shell.currentUser).toHaveText(ADMIN.username);
  await expect(admin.user(DANA.username).getByTestId('user-resumes')).toHaveText('1');
});

test('the audit log lists the impersonation', async ({ page }) => {
  await new LoginPage(page).loginAs(ADMIN);
  const admin = new AdminPage(page);
  await admin.gotoAudit();
  const actions = page.getByTestId('audit-action-cell');
  await expect(actions.filter({ hasText: /^impersonation\.start$/ })).toHaveCount(1);
  await expect(actions.filter({ hasText: /^impersonation\.stop$/ })).toHaveCount(1);
  await expect(actions.filter({ hasText: /^impersonation\.write$/ }).first()).toBeVisible();
  await checkScreen(page, 'admin-audit');

  await admin.auditAction.selectOption('impersonation.start');
  await expect(admin.auditRows).toHaveCount(1);
  const start = admin.auditRows.first();
  await expect(start.getByTestId('audit-actor')).toHaveText(ADMIN.username);
  await expect(start.getByTestId('audit-target')).toHaveText(DANA.username);

  // The whole log again, paged.
  await admin.auditAction.selectOption('');
  await expect(page.getByTestId('audit-pager-status')).toContainText('Page 1 of');
});

test('the administrator edits roles, the forced change and the active flag', async ({ page }) => {
  await new LoginPage(page).loginAs(ADMIN);
  const admin = new AdminPage(page);
  await admin.gotoUsers();
  const row = admin.user(DANA.username);

  await admin.openEdit(DANA.username);
  await checkScreen(page, 'admin-edit-user');
  await page.getByTestId('edit-user-role-admin').check();
  await page.getByTestId('edit-user-force').check();
  await page.getByTestId('edit-user-submit').click();
  await expect(admin.editDialog).toHaveCount(0);
  await expect(row.getByTestId('user-roles')).toContainText('admin');
  await expect(row.getByTestId('user-forced')).toHaveText('Yes');

  await admin.openEdit(DANA.username);
  await page.getByTestId('edit-user-role-admin').uncheck();
  await page.getByTestId('edit-user-force').uncheck();
  await page.getByTestId('edit-user-active').uncheck();
  await page.getByTestId('edit-user-submit').click();
  await expect(admin.editDialog).toHaveCount(0);
  await expect(row.getByTestId('user-roles')).toHaveText('user');
  await expect(row.getByTestId('user-forced')).toHaveText('No');
  await expect(row.getByTestId('user-active')).toHaveText('Deactivated');
  await expect(row.getByTestId('user-impersonate')).toHaveCount(0);

  // The last administrator cannot lose the role: the API's message is shown in the dialog.
  await admin.openEdit(ADMIN.username);
  await page.getByTestId('edit-user-role-admin').uncheck();
  await page.getByTestId('edit-user-submit').click();
  await expect(page.getByTestId('edit-user-error')).toBeVisible();
  await page.getByTestId('edit-user-cancel').click();
  await expect(admin.user(ADMIN.username).getByTestId('user-roles')).toContainText('admin');

  await admin.openEdit(DANA.username);
  await page.getByTestId('edit-user-active').check();
  await page.getByTestId('edit-user-submit').click();
  await expect(row.getByTestId('user-active')).toHaveText('Active');
});

test('deleting a user asks first', async ({ page }) => {
  await new LoginPage(page).loginAs(ADMIN);
  await apiJson(page, 'POST', '/admin/users', {
    username: 'erin',
    email: 'erin@example.com',
    password: 'erin password 123',
  });
  const admin = new AdminPage(page);
  await admin.gotoUsers();
  await expect(admin.user(ADMIN.username).getByTestId('user-delete')).toHaveCount(0);
  await admin.user('erin').getByTestId('user-delete').click();
  await expect(page.getByTestId('delete-user-summary')).toContainText('0 resumes');
  await checkScreen(page, 'admin-delete-user');
  await page.getByTestId('delete-user-dialog-confirm').click();
  await expect(admin.user('erin')).toHaveCount(0);
});

// The lists keep their state in the address: the dashboard's filter, order and page, the audit
// log's action and page, the user list's page. Reload shows the same list, back and forward
// step through the choices (typing in the filter replaces the entry instead of adding one per
// pause), only the list is fetched again, and values that cannot be read are the defaults.
// A user of its own (made by the administrator) gives the dashboard a known set of resumes.
import type { Page } from '@playwright/test';

import { api, apiJson } from './fixtures/api';
import { ADMIN, type Account } from './fixtures/accounts';
import { AdminPage } from './fixtures/admin_page';
import { DashboardPage } from './fixtures/dashboard_page';
import { LoginPage } from './fixtures/login_page';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

const LENA: Account = {
  username: 'lena',
  email: 'lena@example.com',
  password: 'lena password 123',
};
/** Resumes the filter `acme` finds (13: two pages of ten), and some it does not. */
const ACME = Array.from({ length: 13 }, (_, i) => `Acme ${String(i + 1).padStart(2, '0')}`);
const OTHERS = ['Globex 01', 'Globex 02', 'Globex 03', 'Initech 01', 'Initech 02'];
/** Users made for the lists: more than a page of users and of `user.create` entries. */
const EXTRA_USERS = 27;

/** Creates an account unless it exists (a retried test finds it there). */
async function ensureUser(page: Page, account: Account): Promise<void> {
  const response = await api(page, 'POST', '/admin/users', {
    username: account.username,
    email: account.email,
    password: account.password,
  });
  if (!response.ok() && response.status() !== 409) {
    throw new Error(`POST /admin/users: ${response.status()} ${await response.text()}`);
  }
}

/** The path and query of the current address. */
function here(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

async function expectAddress(page: Page, address: string): Promise<void> {
  await expect.poll(() => here(page)).toBe(address);
}

test('the administrator makes the accounts the lists need', async ({ page }) => {
  await new LoginPage(page).loginAs(ADMIN);
  await ensureUser(page, LENA);
  for (let i = 1; i <= EXTRA_USERS; i++) {
    const name = `lister-${String(i).padStart(2, '0')}`;
    await ensureUser(page, { username: name, email: `${name}@example.com`, password: `${name} password 123` });
  }
});

test('the dashboard keeps filter, order and page in the address', async ({ page }) => {
  await new LoginPage(page).loginAs(LENA);
  const existing = await apiJson(page, 'GET', '/resumes?per_page=100');
  const have = new Set(existing.items.map((item: { name: string }) => item.name));
  for (const name of [...ACME, ...OTHERS]) {
    if (!have.has(name)) {
      await apiJson(page, 'POST', '/resumes', { name });
    }
  }
  // The first page of `acme` in the default order (newest change first), as the API has it.
  const newestAcme = (await apiJson(page, 'GET', '/resumes?q=acme&per_page=10')).items.map(
    (item: { name: string }) => item.name,
  );
  const dashboard = new DashboardPage(page);
  const shell = new Shell(page);
  await dashboard.goto();
  await expectAddress(page, '/');
  await expect(dashboard.pagerStatus).toHaveText('Page 1 of 2 · 18 resumes');

  // Typing replaces the current entry; choosing an order and a page add entries.
  await dashboard.filter.pressSequentially('acme');
  await expectAddress(page, '/?q=acme');
  await expect(dashboard.pagerStatus).toHaveText('Page 1 of 2 · 13 resumes');
  await expect.poll(() => dashboard.names()).toEqual(newestAcme);
  await dashboard.sort.selectOption('name');
  await expectAddress(page, '/?q=acme&sort=name');
  await expect(dashboard.rows.first()).toContainText('Acme 01');
  // Only the list is fetched again: what is typed elsewhere on the page stays.
  await dashboard.newName.fill('Not saved yet');
  await dashboard.next.click();
  await expectAddress(page, '/?q=acme&sort=name&page=2');
  await expect(dashboard.pagerStatus).toHaveText('Page 2 of 2 · 13 resumes');
  await expect.poll(() => dashboard.names()).toEqual(['Acme 11', 'Acme 12', 'Acme 13']);
  await expect(dashboard.newName).toHaveValue('Not saved yet');

  // Back and forward within the app.
  await page.goBack();
  await expectAddress(page, '/?q=acme&sort=name');
  await expect(dashboard.pagerStatus).toHaveText('Page 1 of 2 · 13 resumes');
  await expect(dashboard.rows.first()).toContainText('Acme 01');
  await page.goBack();
  await expectAddress(page, '/?q=acme');
  await expect(dashboard.sort).toHaveValue('-updated');
  await expect.poll(() => dashboard.names()).toEqual(newestAcme);
  await expect(dashboard.filter).toHaveValue('acme');
  await page.goForward();
  await expectAddress(page, '/?q=acme&sort=name');
  await expect(dashboard.sort).toHaveValue('name');
  await page.goForward();
  await expectAddress(page, '/?q=acme&sort=name&page=2');
  await expect.poll(() => dashboard.names()).toEqual(['Acme 11', 'Acme 12', 'Acme 13']);

  // A new filter starts at page 1; back shows the earlier filter in the box.
  await dashboard.filter.fill('acme 1');
  await expectAddress(page, '/?q=acme%201&sort=name');
  await expect(dashboard.pagerStatus).toHaveText('Page 1 of 1 · 5 resumes');
  await page.goBack();
  await expectAddress(page, '/?q=acme&sort=name');
  await expect(dashboard.filter).toHaveValue('acme');
  await expect(dashboard.pagerStatus).toHaveText('Page 1 of 2 · 13 resumes');
  await dashboard.next.click();
  await expectAddress(page, '/?q=acme&sort=name&page=2');

  // Reload shows the same list, and back and forward still work from there.
  await page.reload();
  await expect(dashboard.pagerStatus).toHaveText('Page 2 of 2 · 13 resumes');
  await expect.poll(() => dashboard.names()).toEqual(['Acme 11', 'Acme 12', 'Acme 13']);
  await expect(dashboard.filter).toHaveValue('acme');
  await expect(dashboard.sort).toHaveValue('name');
  await page.goBack();
  await expectAddress(page, '/?q=acme&sort=name');
  await expect(dashboard.pagerStatus).toHaveText('Page 1 of 2 · 13 resumes');
  await page.goForward();
  await expectAddress(page, '/?q=acme&sort=name&page=2');
  await expect(dashboard.pagerStatus).toHaveText('Page 2 of 2 · 13 resumes');

  // Kind and page size are in the address too; the defaults are left out.
  await dashboard.kindTab('base').click();
  await expectAddress(page, '/?q=acme&kind=base&sort=name');
  await dashboard.perPage.selectOption('20');
  await expectAddress(page, '/?q=acme&kind=base&sort=name&per_page=20');
  await expect(dashboard.pagerStatus).toHaveText('Page 1 of 1 · 13 resumes');
  await dashboard.filter.fill('');
  await dashboard.kindTab('all').click();
  await dashboard.sort.selectOption('-updated');
  await dashboard.perPage.selectOption('10');
  await expectAddress(page, '/');

  // Values that cannot be read are the defaults, without an error.
  await page.goto('/?page=abc&sort=price&per_page=7&kind=draft');
  await expect(dashboard.pagerStatus).toHaveText('Page 1 of 2 · 18 resumes');
  await expect(dashboard.sort).toHaveValue('-updated');
  await expect(dashboard.perPage).toHaveValue('10');
  await expect(dashboard.kindTab('all')).toHaveAttribute('aria-pressed', 'true');
  await page.goto('/?page=0&q=%20');
  await expect(dashboard.pagerStatus).toHaveText('Page 1 of 2 · 18 resumes');
  await expect(shell.errorToasts).toHaveCount(0);

  // A page past the end says so (not "no resumes yet") and leads to the last page.
  await page.goto('/?sort=name&page=9');
  await expect(page.getByTestId('resume-past-end')).toContainText('There is no page 9: the list has 18 resumes on 2 pages.');
  await expect(page.getByTestId('resume-empty')).toHaveCount(0);
  await page.getByTestId('resume-last-page').click();
  await expectAddress(page, '/?sort=name&page=2');
  await expect(dashboard.pagerStatus).toHaveText('Page 2 of 2 · 18 resumes');
});

test('the audit log keeps its action and page in the address', async ({ page }) => {
  await new LoginPage(page).loginAs(ADMIN);
  const admin = new AdminPage(page);
  const status = page.getByTestId('audit-pager-status');
  await admin.gotoAudit();
  await expectAddress(page, '/admin/audit');

  await admin.auditAction.selectOption('user.create');
  await expectAddress(page, '/admin/audit?action=user.create');
  await expect(status).toContainText('Page 1 of 2');
  await page.getByTestId('audit-pager-next').click();
  await expectAddress(page, '/admin/audit?action=user.create&page=2');
  await expect(status).toContainText('Page 2 of 2');
  for (const cell of await page.getByTestId('audit-action-cell').all()) {
    await expect(cell).toContainText('user.create');
  }

  await page.reload();
  await expect(status).toContainText('Page 2 of 2');
  await expect(admin.auditAction).toHaveValue('user.create');

  await page.goBack();
  await expectAddress(page, '/admin/audit?action=user.create');
  await expect(status).toContainText('Page 1 of 2');
  await expect(admin.auditAction).toHaveValue('user.create');
  await page.goBack();
  await expectAddress(page, '/admin/audit');
  await expect(admin.auditAction).toHaveValue('');
  // The whole log again: the newest entry is the administrator's sign-in for this test.
  await expect(page.getByTestId('audit-action-cell').first()).toContainText('login.success');
  await page.goForward();
  await expectAddress(page, '/admin/audit?action=user.create');
  await expect(admin.auditAction).toHaveValue('user.create');
  await page.goForward();
  await expectAddress(page, '/admin/audit?action=user.create&page=2');
  await expect(status).toContainText('Page 2 of 2');

  // An action the filter does not offer, and a page that is no number: the whole log.
  await page.goto('/admin/audit?action=nothing.such&page=x');
  await expect(admin.auditAction).toHaveValue('');
  await expect(status).toContainText('Page 1 of');
});

test('the user list keeps its page in the address', async ({ page }) => {
  await new LoginPage(page).loginAs(ADMIN);
  const admin = new AdminPage(page);
  const status = page.getByTestId('user-pager-status');
  await admin.gotoUsers();
  await expect(status).toContainText('Page 1 of 2');
  await expect(admin.user(ADMIN.username)).toBeVisible();

  await page.getByTestId('user-pager-next').click();
  await expectAddress(page, '/admin/users?page=2');
  await expect(status).toContainText('Page 2 of 2');
  await expect(admin.user('lister-27')).toBeVisible();

  await page.reload();
  await expect(status).toContainText('Page 2 of 2');
  await expect(admin.user('lister-27')).toBeVisible();

  await page.goBack();
  await expectAddress(page, '/admin/users');
  await expect(status).toContainText('Page 1 of 2');
  await expect(admin.user(ADMIN.username)).toBeVisible();
  await page.goForward();
  await expectAddress(page, '/admin/users?page=2');
  await expect(status).toContainText('Page 2 of 2');

  await page.goto('/admin/users?page=-1');
  await expect(status).toContainText('Page 1 of 2');
});

// Data in and out: personal access tokens in the settings (created with the secret shown once,
// used by a script, revoked) and in the administrator's user form (revoked there), downloading
// everything as one zip, deleting an account with its password, and importing files on the
// dashboard (a Markdown file with an error is shown and cannot be saved; a JSON Resume file
// dropped on the page shows the fields the mapping drops before anything is saved; saving opens
// the new resume; a binary file gets a message at once).
import { request as playwrightRequest } from '@playwright/test';

import { ADMIN, CASEY } from './fixtures/accounts';
import { AdminPage } from './fixtures/admin_page';
import { apiJson } from './fixtures/api';
import { zipEntries, zipText } from './fixtures/editor_page';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
});

test('a token is created, shown once, used by a script and revoked', async ({ page, baseURL }) => {
  await page.goto('/settings');
  await page.getByTestId('token-name').fill('nightly backup');
  await page.getByTestId('token-scope').selectOption('read');
  await page.getByTestId('token-expiry').selectOption('30');
  await page.getByTestId('token-create').click();
  const secretField = page.getByTestId('token-secret');
  await expect(secretField).toHaveValue(/^re_pat_[A-Za-z0-9_-]{43}$/);
  const secret = await secretField.inputValue();
  const row = page.getByTestId('token-row').filter({ hasText: 'nightly backup' });
  await expect(row).toContainText('read only');
  await expect(row).toContainText('never used');
  await checkScreen(page, 'settings-tokens');

  // A script with the token and nothing else: it reads, it may not write.
  const script = await playwrightRequest.newContext({ baseURL });
  const headers = { Authorization: `Bearer ${secret}` };
  const list = await script.get('/api/v1/resumes', { headers });
  expect(list.status()).toBe(200);
  const write = await script.post('/api/v1/resumes', { headers, data: { name: 'From a script' } });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.code).toBe('insufficient_scope');

  // The secret is not shown again; the list says where the token was used.
  await page.reload();
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
  await expect(row).toContainText('from 127.0.0.1');

  await row.getByTestId('token-revoke').click();
  await expect(row).toHaveCount(0);
  const after = await script.get('/api/v1/resumes', { headers });
  expect(after.status()).toBe(401);
  await script.dispose();
});

test('an administrator sees a user\'s tokens and revokes one', async ({ page, baseURL }) => {
  await page.goto('/settings');
  await page.getByTestId('token-name').fill('laptop sync');
  await page.getByTestId('token-scope').selectOption('read-write');
  await page.getByTestId('token-create').click();
  const secret = await page.getByTestId('token-secret').inputValue();
  expect(secret).toMatch(/^re_pat_/);

  await page.context().clearCookies();
  await new LoginPage(page).loginAs(ADMIN);
  const admin = new AdminPage(page);
  await admin.gotoUsers();
  await admin.openEdit(CASEY.username);
  const tokens = admin.editDialog.getByTestId('edit-user-tokens');
  const row = tokens.getByTestId('token-row').filter({ hasText: 'laptop sync' });
  await expect(row).toContainText('read and write');
  await checkScreen(page, 'admin-user-tokens');
  await row.getByTestId('token-revoke').click();
  await expect(row).toHaveCount(0);
  await expect(tokens.getByTestId('tokens-empty')).toBeVisible();

  const script = await playwrightRequest.newContext({ baseURL });
  const answer = await script.get('/api/v1/resumes', {
    headers: { Authorization: `Bearer ${secret}` },
  });
  expect(answer.status()).toBe(401);
  await script.dispose();
});

const BROKEN = `# Personal

## Contact Information

Name: Robin Broken

# Experience

## Roles

### Role

#### Basics

Title: Engineer
Start date: 2020
`;

const JSON_RESUME = JSON.stringify({
  basics: { name: 'Jordan Import', email: 'jordan@example.com', summary: 'Builds reliable systems.' },
  work: [
    {
      name: 'Initrode',
      position: 'Staff Engineer',
      startDate: '2019-04',
      highlights: ['Moved billing to event sourcing'],
    },
  ],
  awards: [{ title: 'Engineer of the year', date: '2021-01-01' }],
});

test('a Markdown file with errors is shown and cannot be saved', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('import-file').setInputFiles({
    name: 'broken.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(BROKEN),
  });
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('import-errors')).toContainText('line ');
  await expect(page.getByTestId('import-save')).toBeDisabled();
  await page.getByTestId('import-cancel').click();
  await expect(dialog).toHaveCount(0);

  // A binary file gets a message at once; nothing is sent.
  await page.getByTestId('import-file').setInputFiles({
    name: 'photo.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x01]),
  });
  await expect(page.getByTestId('import-problem')).toContainText('not a text file');
  await page.getByTestId('import-file').setInputFiles({
    name: 'resume.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7'),
  });
  await expect(page.getByTestId('import-problem')).toContainText('not a resume file');
});

test('a dropped JSON Resume file shows what is dropped, then saves', async ({ page }) => {
  await page.goto('/');
  const zone = page.getByTestId('import-zone');
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'jordan.json', { type: 'application/json' }));
    return data;
  }, JSON_RESUME);
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('import-summary')).toContainText('JSON Resume');
  await expect(page.getByTestId('import-warnings')).toContainText('awards');
  await checkScreen(page, 'import-dialog');
  await expect(page.getByTestId('import-name')).toHaveValue('jordan');
  await page.getByTestId('import-name').fill('Jordan (imported)');
  await page.getByTestId('import-save').click();
  await page.waitForURL(/\/resumes\//);
  await expect(page.getByText('Initrode').first()).toBeVisible();
});

test('all of the account downloads as one zip', async ({ page }) => {
  await page.goto('/settings');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-my-data').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^resume-editor-casey-.*\.zip$/);
  const entries = await zipEntries(download);
  expect(entries).toContain('README.md');
  expect(entries).toContain('account.json');
  expect(entries.some((entry) => entry.endsWith('/resume.md'))).toBe(true);
  expect(JSON.parse(await zipText(download, 'account.json')).username).toBe('casey');
});

test('an account is deleted with its password, after a confirmation', async ({ page }) => {
  // A user of its own, made by the administrator.
  await page.context().clearCookies();
  await new LoginPage(page).loginAs(ADMIN);
  await apiJson(page, 'POST', '/admin/users', {
    username: 'leaving',
    email: 'leaving@example.com',
    password: 'leaving password 123',
  });
  await page.context().clearCookies();
  await new LoginPage(page).loginAs({
    username: 'leaving',
    email: 'leaving@example.com',
    password: 'leaving password 123',
  });
  await page.goto('/settings');
  await page.getByTestId('delete-account-password').fill('not the password');
  await page.getByTestId('delete-account').click();
  await page.getByTestId('delete-account-dialog-confirm').click();
  await expect(page.getByTestId('delete-account-password-error')).toContainText('not correct');

  await page.getByTestId('delete-account-password').fill('leaving password 123');
  await page.getByTestId('delete-account').click();
  await page.getByTestId('delete-account-dialog-confirm').click();
  await page.waitForURL(/\/login/);
  await page.getByTestId('login-username').fill('leaving');
  await page.getByTestId('login-password').fill('leaving password 123');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

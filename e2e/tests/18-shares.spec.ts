// Share links: the owner makes a password-protected link in the editor's Share tab; a visitor
// without a session gets the password form, a wrong password keeps it (401) with its message,
// the right one shows the resume with the person's name and a PDF that downloads; the owner
// sees the view counted; an expiry in the past shows its problem under the field and makes
// nothing; a revoked link answers 404. A link without a password is `noindex` unless the owner
// lets search engines index it.
import type { Page } from '@playwright/test';

import { apiJson } from './fixtures/api';
import { CASEY } from './fixtures/accounts';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { PublicSharePage, SharePanel } from './fixtures/share_page';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

/** Tells this run's resumes from those of an earlier, retried one. */
const RUN = Date.now().toString(36).slice(-6);
const PERSON = 'Robin Sharewell';
const LINK_PASSWORD = 'a phrase to share';

const RESUME_TEXT = `# Personal

## Contact Information

Name: ${PERSON}
Email: robin@example.com
Location: Lisbon, Portugal

# Experience

## Roles

### Role

#### Basics

Company: Harbour Freight Systems
Title: Staff Engineer
Start date: 03/2020

#### Responsibilities

* Led the platform team through a move to managed databases
`;

async function createResume(page: Page, name: string): Promise<string> {
  const created = await apiJson<{ id: string }>(page, 'POST', '/resumes', { name, content: RESUME_TEXT });
  return created.id;
}

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
});

test('a protected link opens with its password, counts the view, and answers 404 once revoked', async ({
  page,
  browser,
}) => {
  const id = await createResume(page, `Shared resume ${RUN}`);
  const panel = new SharePanel(page);
  await panel.open(id);
  await expect(panel.empty).toBeVisible();
  await expect(panel.rows).toHaveCount(0);

  // Make a password-protected link of this version in the classic template.
  await panel.template.selectOption('classic');
  await panel.modeSnapshot.check();
  await panel.password.fill(LINK_PASSWORD);
  await panel.create.click();
  await expect(panel.rows).toHaveCount(1);
  const row = panel.rows.first();
  await expect(row.getByTestId('share-status')).toHaveText('Active');
  await expect(row.getByTestId('share-mode')).toHaveText('This version');
  await expect(row.getByTestId('share-template-name')).toHaveText('Classic');
  await expect(row.getByTestId('share-has-password')).toHaveText('Yes');
  await expect(row.getByTestId('share-views')).toHaveText('0');
  await expect(panel.password).toHaveValue('');
  const url = await panel.url(row);
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  expect(new URL(url).origin).toBe(new URL(page.url()).origin);
  await checkScreen(page, 'editor-share');

  const visitorContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    const site = new PublicSharePage(visitor);

    // No session, no grant: the password form.
    const first = await visitor.goto(url);
    expect(first?.status()).toBe(401);
    await expect(site.passwordInput).toBeVisible();
    await expect(site.heading(PERSON)).toHaveCount(0);

    // A wrong password: the form again, with its message.
    await site.passwordInput.fill('not the right phrase');
    const [wrong] = await Promise.all([
      visitor.waitForResponse((response) => response.url() === url && response.request().method() === 'POST'),
      site.open.click(),
    ]);
    expect(wrong.status()).toBe(401);
    await expect(site.problem).toHaveText('That password is not right.');
    await expect(site.passwordInput).toBeVisible();

    // The right one: the resume, with a PDF that downloads with the grant.
    await site.passwordInput.fill(LINK_PASSWORD);
    const [shown] = await Promise.all([
      visitor.waitForResponse((response) => response.url() === url && response.request().method() === 'GET'),
      site.open.click(),
    ]);
    expect(shown.status()).toBe(200);
    await expect(site.heading(PERSON)).toBeVisible();
    const pdfPath = await site.pdfLink.getAttribute('href');
    expect(pdfPath).toBeTruthy();
    const pdf = await visitorContext.request.get(new URL(pdfPath ?? '', url).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');

    // The owner sees the view (one: neither the form nor the PDF counts).
    await page.reload();
    await panel.tab.click();
    await expect(panel.rows).toHaveCount(1);
    await expect(panel.rows.first().getByTestId('share-views')).toHaveText('1');
    await expect(panel.rows.first().getByTestId('share-last-viewed')).not.toHaveText('Never');

    // An expiry in the past: its problem under the field, and no second link.
    await panel.expiry.fill('2020-01-01T09:00');
    await panel.create.click();
    await expect(panel.error('expires_at')).toBeVisible();
    await expect(panel.error('expires_at')).toContainText('future');
    await expect(panel.rows).toHaveCount(1);
    const stored = await apiJson(page, 'GET', `/resumes/${id}/shares`);
    expect(stored.items).toHaveLength(1);

    // Revoke it after the confirmation: the visitor, grant and all, now gets 404.
    await panel.rows.first().getByTestId('share-revoke').click();
    await panel.revokeConfirm.click();
    await expect(panel.rows.first().getByTestId('share-status')).toHaveText('Revoked');
    await expect(panel.rows.first().getByTestId('share-revoke')).toHaveCount(0);
    const gone = await visitor.goto(url);
    expect(gone?.status()).toBe(404);
    const gonePdf = await visitorContext.request.get(new URL(pdfPath ?? '', url).toString());
    expect(gonePdf.status()).toBe(404);
  } finally {
    await visitorContext.close();
  }
});

test('an open link is noindex unless the owner lets search engines index it', async ({ page, browser }) => {
  const id = await createResume(page, `Indexed resume ${RUN}`);
  const panel = new SharePanel(page);
  await panel.open(id);

  // One link as it comes (not indexable), one with the box ticked.
  await expect(panel.indexable).not.toBeChecked();
  await panel.create.click();
  await expect(panel.rows).toHaveCount(1);
  await panel.indexable.check();
  await panel.create.click();
  await expect(panel.rows).toHaveCount(2);
  const hidden = panel.rows.filter({ has: page.getByTestId('share-search').filter({ hasText: /^No$/ }) });
  const indexed = panel.rows.filter({ has: page.getByTestId('share-search').filter({ hasText: /^May index$/ }) });
  await expect(hidden).toHaveCount(1);
  await expect(indexed).toHaveCount(1);
  await expect(hidden.getByTestId('share-has-password')).toHaveText('No');
  const hiddenUrl = await panel.url(hidden);
  const indexedUrl = await panel.url(indexed);

  const visitorContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    const site = new PublicSharePage(visitor);

    const closed = await visitor.goto(hiddenUrl);
    expect(closed?.status()).toBe(200);
    await expect(site.heading(PERSON)).toBeVisible();
    expect((await closed?.allHeaders())?.['x-robots-tag'] ?? '').toContain('noindex');

    const open = await visitor.goto(indexedUrl);
    expect(open?.status()).toBe(200);
    await expect(site.heading(PERSON)).toBeVisible();
    expect((await open?.allHeaders())?.['x-robots-tag']).toBeUndefined();
  } finally {
    await visitorContext.close();
  }
});

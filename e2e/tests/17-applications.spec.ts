// The application tracker (`/applications`): an application is tracked from the page for one of
// the user's resumes; its card is dragged from "Saved" to "Applied" and moved on with the
// keyboard's "Move to…" choice, each change on the panel's timeline with who made it; the
// panel's form edits the next step and its date, which the list view shows under its status
// filter; a posting URL the server refuses shows its problem under the field and saves nothing;
// the application is deleted after a confirmation, and the resume stays.
import type { Page } from '@playwright/test';

import { api, apiJson } from './fixtures/api';
import { CASEY } from './fixtures/accounts';
import { ApplicationsPage } from './fixtures/applications_page';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

/** The resume tracked from the page. */
const RESUME = 'Developer advocate for Umbrella';
/** A resume whose application is made through the API, as applied: the status filter hides it. */
const OTHER = 'Developer advocate for Hooli';
const NEXT_STEP = 'Technical interview with the platform team';
const NEXT_STEP_ON = '2026-12-15';

/**
 * The id of the signed-in user's resume called `name`, created when missing, without an
 * application (a retried run finds the one it made before and deletes it).
 */
async function resumeWithoutApplication(page: Page, name: string): Promise<string> {
  const list = await apiJson(page, 'GET', `/resumes?per_page=100&q=${encodeURIComponent(name)}`);
  const found = list.items.find((item: { name: string }) => item.name === name);
  const id: string = found ? found.id : (await apiJson(page, 'POST', '/resumes', { name })).id;
  const existing = await api(page, 'GET', `/resumes/${id}/application`);
  if (existing.ok()) {
    const { version } = await existing.json();
    const deleted = await api(page, 'DELETE', `/resumes/${id}/application?version=${version}`);
    expect(deleted.status()).toBe(204);
  }
  return id;
}

/** The id of the resume called `name` (it must exist). */
async function resumeId(page: Page, name: string): Promise<string> {
  const list = await apiJson(page, 'GET', `/resumes?per_page=100&q=${encodeURIComponent(name)}`);
  const found = list.items.find((item: { name: string }) => item.name === name);
  if (!found) {
    throw new Error(`no resume called ${name}`);
  }
  return found.id as string;
}

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
});

test('an application is tracked from the page, dragged to Applied and moved with “Move to…”', async ({ page }) => {
  // Arrange: two resumes without applications; the other one is tracked as applied by the API.
  await resumeWithoutApplication(page, RESUME);
  const otherId = await resumeWithoutApplication(page, OTHER);
  await apiJson(page, 'POST', `/resumes/${otherId}/application`, { status: 'applied' });

  const applications = new ApplicationsPage(page);
  const shell = new Shell(page);
  await applications.goto();
  await expect(applications.cardIn('applied', OTHER)).toBeVisible();
  await expect(applications.card(RESUME)).toHaveCount(0);

  // Track it: the card appears under "Saved" and the panel opens with its first event.
  await applications.track(RESUME, 'saved');
  await expect(shell.successToasts.last()).toContainText(RESUME);
  await expect(applications.cardIn('saved', RESUME)).toBeVisible();
  await expect(page.getByTestId('application-detail-title')).toHaveText(RESUME);
  await expect(applications.field('status')).toHaveValue('saved');
  await expect(applications.timelineEntries).toHaveCount(1);
  await expect(applications.timelineEntries.first().getByTestId('timeline-change')).toHaveText('Tracked as Saved');
  await expect(applications.timelineEntries.first().getByTestId('timeline-actor')).toHaveText(CASEY.username);
  await checkScreen(page, 'applications-board');

  // Drag the card (held by its top left corner, away from its link and controls) to "Applied".
  await applications
    .cardIn('saved', RESUME)
    .dragTo(applications.column('applied'), { sourcePosition: { x: 6, y: 6 } });
  await expect(applications.cardIn('applied', RESUME)).toBeVisible();
  await expect(applications.cardIn('saved', RESUME)).toHaveCount(0);
  await expect(applications.timelineEntries).toHaveCount(2);
  const dragged = applications.timelineEntries.nth(1);
  await expect(dragged.getByTestId('timeline-change')).toHaveText('Saved → Applied');
  await expect(dragged.getByTestId('timeline-actor')).toHaveText(CASEY.username);
  await expect(applications.field('status')).toHaveValue('applied');

  // The keyboard's way: "Move to…" on the card.
  await applications.cardIn('applied', RESUME).getByTestId('application-move').selectOption('interviewing');
  await expect(applications.cardIn('interviewing', RESUME)).toBeVisible();
  await expect(applications.cardIn('applied', RESUME)).toHaveCount(0);
  await expect(applications.cardIn('applied', OTHER)).toBeVisible();
  await expect(applications.timelineEntries).toHaveCount(3);
  await expect(applications.timelineEntries.nth(2).getByTestId('timeline-change')).toHaveText(
    'Applied → Interviewing',
  );

  // The server agrees.
  const stored = await apiJson(page, 'GET', `/resumes/${await resumeId(page, RESUME)}/application`);
  expect(stored.status).toBe('interviewing');
  expect(stored.timeline.map((event: { from?: string; to: string }) => `${event.from ?? ''}>${event.to}`)).toEqual([
    '>saved',
    'saved>applied',
    'applied>interviewing',
  ]);
  expect(stored.timeline[1].actor.username).toBe(CASEY.username);
});

test('the form edits the next step, which the list shows under its status filter', async ({ page }) => {
  const applications = new ApplicationsPage(page);
  const shell = new Shell(page);
  await applications.goto();

  await applications.open(applications.cardIn('interviewing', RESUME));
  await expect(page.getByTestId('application-detail-title')).toHaveText(RESUME);
  await applications.field('next-step').fill(NEXT_STEP);
  await applications.field('next-step-on').fill(NEXT_STEP_ON);
  await applications.save.click();
  await expect(shell.successToasts.last()).toContainText('Application saved.');
  const card = applications.cardIn('interviewing', RESUME);
  await expect(card.getByTestId('card-next-step')).toHaveText(NEXT_STEP);
  await expect(card.getByTestId('card-next-step-on')).toContainText(NEXT_STEP_ON);
  // Saving kept the status: no new event.
  await expect(applications.timelineEntries).toHaveCount(3);

  // The list view, with the view in the address.
  await applications.viewList.click();
  await expect(page).toHaveURL(/\/applications\?view=list$/);
  await expect(applications.row(RESUME)).toBeVisible();
  await expect(applications.row(OTHER)).toBeVisible();

  await applications.statusFilter.selectOption('interviewing');
  await expect(page).toHaveURL(/[?&]status=interviewing/);
  await expect(applications.row(OTHER)).toHaveCount(0);
  const row = applications.row(RESUME);
  await expect(row.getByTestId('row-status')).toHaveText('Interviewing');
  await expect(row.getByTestId('row-next-step')).toHaveText(NEXT_STEP);
  await expect(row.getByTestId('row-next-step-on')).toHaveText(NEXT_STEP_ON);
  await checkScreen(page, 'applications-list');

  await applications.statusFilter.selectOption('applied');
  await expect(applications.row(OTHER)).toBeVisible();
  await expect(applications.row(RESUME)).toHaveCount(0);

  // The text filter (after a pause in the typing) and reload keep the state.
  await applications.statusFilter.selectOption({ label: 'All statuses' });
  await applications.filter.fill('umbrella');
  await expect(applications.row(OTHER)).toHaveCount(0);
  await expect(applications.row(RESUME)).toBeVisible();
  await page.reload();
  await applications.root.waitFor();
  await expect(applications.filter).toHaveValue('umbrella');
  await expect(applications.rows).toHaveCount(1);

  // The export is a plain download link.
  await expect(applications.exportLink).toHaveAttribute('href', '/api/v1/applications/export');
});

test('a posting URL the server refuses is shown under the field and nothing is saved', async ({ page }) => {
  const applications = new ApplicationsPage(page);
  const id = await resumeId(page, RESUME);
  const before = await apiJson(page, 'GET', `/resumes/${id}/application`);
  await applications.goto('?view=list');

  await applications.open(applications.row(RESUME));
  await applications.field('posting-url').fill('jobs.example.com/42');
  await applications.field('contact').fill('Sam Lee, recruiter');
  await applications.save.click();
  await expect(applications.fieldError('posting-url')).toContainText('http');
  await expect(applications.field('posting-url')).toHaveAttribute('aria-invalid', 'true');

  const after = await apiJson(page, 'GET', `/resumes/${id}/application`);
  expect(after.version).toBe(before.version);
  expect(after.posting_url).toBeUndefined();
  expect(after.contact).toBeUndefined();
  expect(after.next_step).toBe(NEXT_STEP);

  // A good address saves.
  await applications.field('posting-url').fill('https://jobs.example.com/42');
  await applications.save.click();
  await expect(applications.fieldError('posting-url')).toHaveCount(0);
  await expect
    .poll(async () => (await apiJson(page, 'GET', `/resumes/${id}/application`)).posting_url)
    .toBe('https://jobs.example.com/42');
});

test('an application is deleted after a confirmation; the resume stays', async ({ page }) => {
  const applications = new ApplicationsPage(page);
  const shell = new Shell(page);
  const id = await resumeId(page, RESUME);
  await applications.goto();

  await applications.open(applications.cardIn('interviewing', RESUME));
  await page.getByTestId('application-delete').click();
  await expect(applications.deleteDialog).toBeVisible();
  await page.getByTestId('delete-application-dialog-cancel').click();
  await expect(applications.deleteDialog).toHaveCount(0);
  await expect(applications.cardIn('interviewing', RESUME)).toBeVisible();

  await page.getByTestId('application-delete').click();
  await page.getByTestId('delete-application-dialog-confirm').click();
  await expect(shell.successToasts.last()).toContainText('Application deleted.');
  await expect(applications.detail).toHaveCount(0);
  await expect(applications.card(RESUME)).toHaveCount(0);
  await expect(applications.cardIn('applied', OTHER)).toBeVisible();
  expect((await api(page, 'GET', `/resumes/${id}/application`)).status()).toBe(404);
  expect((await api(page, 'GET', `/resumes/${id}`)).status()).toBe(200);

  // Without applications, the page says how one is made.
  const otherId = await resumeId(page, OTHER);
  const other = await apiJson(page, 'GET', `/resumes/${otherId}/application`);
  expect((await api(page, 'DELETE', `/resumes/${otherId}/application?version=${other.version}`)).status()).toBe(204);
  await applications.goto();
  await expect(applications.empty).toContainText('Track an application');
});

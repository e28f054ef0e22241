// The resume editor: validation as you type with line numbers, saving (button and Ctrl+S),
// the guard against leaving with unsaved changes, a conflict between two tabs that loses
// nothing, the structured forms keeping the Markdown in step, export (Markdown and both Word
// layouts honour Omit), and the details of a tailored resume.
import { readFile } from 'node:fs/promises';

import type { Page } from '@playwright/test';

import { apiJson } from './fixtures/api';
import { CASEY } from './fixtures/accounts';
import { EditorPage, zipEntries, zipText } from './fixtures/editor_page';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { makeTailoredCopy } from './fixtures/seed';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

const RESUME_TEXT = `# Personal

## Contact Information

Name: Jordan Example
Email: jordan@example.com
Location: Lisbon, Portugal

# Experience

## Roles

### Role

#### Basics

Company: Northwind Logistics
Title: Staff Engineer
Start date: 03/2020

#### Responsibilities

* Led the platform team through a move to managed databases

#### Skills

* Rust
* PostgreSQL

### Role

#### Basics

Company: Bluefin Analytics
Title: Data Engineer
Start date: 01/2016
End date: 02/2020

#### Responsibilities

* Built the nightly reporting pipelines
`;

async function createResume(page: Page, name: string): Promise<string> {
  const created = await apiJson<{ id: string }>(page, 'POST', '/resumes', { name, content: RESUME_TEXT });
  return created.id;
}

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
});

test('an invalid line is reported with its line number, then fixed, saved and kept', async ({ page }) => {
  const id = await createResume(page, 'Editor text flow');
  const editor = new EditorPage(page);
  await editor.goto(id);
  await expect(editor.name).toHaveText('Editor text flow');
  await expect(editor.errors).toHaveCount(0);
  await expect(editor.preview.getByTestId('preview-name')).toHaveText('Jordan Example');
  await expect(editor.save).toBeDisabled();
  await checkScreen(page, 'editor-text');

  // An invalid date on a known line.
  const broken = RESUME_TEXT.replace('Start date: 03/2020', 'Start date: someday');
  const badLine = broken.split('\n').indexOf('Start date: someday') + 1;
  await editor.setText(broken);
  await expect(editor.unsaved).toBeVisible();
  await expect(editor.errors.first()).toBeVisible();
  await expect(editor.errors.first()).toHaveAttribute('data-line', String(badLine));
  await expect(editor.errors.first()).toContainText(`line ${badLine}`);
  await expect(editor.save).toBeDisabled();
  await expect(editor.gutter).toContainText(String(badLine));

  // Clicking the error puts the cursor on that line.
  await editor.errors.first().click();
  expect(await editor.cursorLine()).toBe(badLine);
  await expect(editor.text).toBeFocused();

  // Fixed: the error goes, save works, a reload shows the saved text.
  const fixed = RESUME_TEXT.replace('Start date: 03/2020', 'Start date: 04/2020');
  await editor.setText(fixed);
  await expect(editor.errors).toHaveCount(0);
  await expect(editor.save).toBeEnabled();
  await editor.save.click();
  await editor.savedAs(2);
  await expect(editor.unsaved).toHaveCount(0);
  await page.reload();
  await editor.text.waitFor();
  await expect(editor.text).toHaveValue(/Start date: 04\/2020/);

  // Ctrl+S saves too; Tab inserts spaces.
  await editor.text.click();
  await editor.text.press('Control+End');
  await editor.text.press('Enter');
  await editor.text.press('Tab');
  await editor.text.pressSequentially('* Mentored two engineers');
  await expect(editor.text).toHaveValue(/\n {2}\* Mentored two engineers$/);
  await expect(editor.save).toBeEnabled();
  await page.keyboard.press('Control+s');
  await editor.savedAs(3);
  await expect(editor.saveState).toHaveText('All changes saved');
});

/** Leaves by `leave`, declines the question, and checks that the editor kept its address and its
 * unsaved text (which says "Lead Engineer"). */
async function declineToLeave(
  page: Page,
  id: string,
  editor: EditorPage,
  leave: () => Promise<unknown>,
): Promise<void> {
  const asked: string[] = [];
  page.once('dialog', async (dialog) => {
    asked.push(dialog.message());
    await dialog.dismiss();
  });
  await leave();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('unsaved changes');
  await expect(page).toHaveURL(new RegExp(`/resumes/${id}$`));
  await expect(editor.text).toHaveValue(/Lead Engineer/);
}

test('leaving with unsaved changes asks first', async ({ page }) => {
  const id = await createResume(page, 'Editor leave guard');
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.setText(RESUME_TEXT.replace('Staff Engineer', 'Lead Engineer'));
  await expect(editor.unsaved).toBeVisible();

  await declineToLeave(page, id, editor, () => page.getByTestId('back-to-dashboard').click());

  // Discarded: back to the saved text; then a saved change: nothing to ask.
  await page.getByTestId('editor-discard').click();
  await expect(editor.text).toHaveValue(/Staff Engineer/);
  await expect(editor.unsaved).toHaveCount(0);
  await editor.setText(RESUME_TEXT.replace('Staff Engineer', 'Lead Engineer'));
  await editor.save.click();
  await editor.savedAs(2);
  await page.getByTestId('back-to-dashboard').click();
  await expect(page).toHaveURL(/\/$/);
});

test('the Back button asks before unsaved changes are lost', async ({ page }) => {
  const id = await createResume(page, 'Editor back guard');
  // This resume's own link: a retry of the test creates another with the same name.
  const link = page.locator(`[data-testid="resume-link"][href="/resumes/${id}"]`);
  await page.goto('/');
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/resumes/${id}$`));
  const editor = new EditorPage(page);
  await editor.setText(RESUME_TEXT.replace('Staff Engineer', 'Lead Engineer'));
  await expect(editor.unsaved).toBeVisible();

  // Declined: the editor stays, with the text and with its address.
  await declineToLeave(page, id, editor, () => page.goBack({ waitUntil: 'commit' }));
  await expect(editor.unsaved).toBeVisible();

  // Accepted: the step back happens.
  page.once('dialog', (dialog) => dialog.accept());
  await page.goBack({ waitUntil: 'commit' });
  await expect(page).toHaveURL(/\/$/);
  await expect(link).toBeVisible();
});

test('an open section form with changes asks before it is closed by leaving', async ({ page }) => {
  const id = await createResume(page, 'Editor form guard');
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.tab('sections').click();
  await editor.row('role', 'Staff Engineer — Northwind Logistics').getByTestId('role-edit').click();
  await page.getByTestId('role-title').fill('Principal Engineer');

  // Leaving the pane or the page asks; declined, the form keeps its input.
  const asked: string[] = [];
  page.on('dialog', async (dialog) => {
    asked.push(dialog.message());
    await dialog.dismiss();
  });
  await editor.tab('text').click();
  await expect.poll(() => asked.length).toBe(1);
  await expect(editor.tab('sections')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('back-to-dashboard').click();
  await expect.poll(() => asked.length).toBe(2);
  await expect(page).toHaveURL(new RegExp(`/resumes/${id}$`));
  await expect(page.getByTestId('role-title')).toHaveValue('Principal Engineer');
  expect(asked.every((message) => message.includes('unsaved changes'))).toBe(true);

  // Cancelled, the form holds nothing to lose: no more questions.
  await page.getByTestId('role-cancel').click();
  await editor.tab('text').click();
  await expect(editor.tab('text')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('back-to-dashboard').click();
  await expect(page).toHaveURL(/\/$/);
  expect(asked).toHaveLength(2);
});

test('a save from a second tab leads to the conflict dialog, and nothing is lost', async ({ page }) => {
  const id = await createResume(page, 'Editor conflict');
  const first = new EditorPage(page);
  await first.goto(id);
  const other = await page.context().newPage();
  const second = new EditorPage(other);
  await second.goto(id);

  await second.setText(RESUME_TEXT.replace('Staff Engineer', 'Second Tab Engineer'));
  await second.save.click();
  await second.savedAs(2);

  await first.setText(RESUME_TEXT.replace('Staff Engineer', 'First Tab Engineer'));
  await first.save.click();
  await expect(first.conflictDialog).toBeVisible();
  await expect(page.getByTestId('conflict-theirs')).toContainText('Second Tab Engineer');
  // The dialog shows what differs: the user's line against the newer one, nothing else.
  const diff = page.getByTestId('conflict-diff');
  await expect(diff.getByTestId('diff-removed')).toHaveText([/First Tab Engineer/]);
  await expect(diff.getByTestId('diff-added')).toHaveText([/Second Tab Engineer/]);
  await expect(page.getByTestId('conflict-version')).toHaveText('2');
  await expect(first.text).toHaveValue(/First Tab Engineer/);
  await checkScreen(page, 'editor-conflict');

  await page.getByTestId('conflict-keep-mine').click();
  await expect(first.conflictDialog).toHaveCount(0);
  await first.savedAs(3);
  await page.reload();
  await first.text.waitFor();
  await expect(first.text).toHaveValue(/First Tab Engineer/);

  // The other way out: the second tab, now stale, loads the newer version.
  await second.setText(RESUME_TEXT.replace('Staff Engineer', 'Stale Engineer'));
  await second.save.click();
  await expect(second.conflictDialog).toBeVisible();
  await other.getByTestId('conflict-load-theirs').click();
  await expect(second.text).toHaveValue(/First Tab Engineer/);
  await expect(second.version).toHaveText('3');
  await other.close();
});

test('the forms edit roles and keep the Markdown in step; Omit leaves a role out of every export', async ({ page }) => {
  const id = await createResume(page, 'Editor forms');
  const editor = new EditorPage(page);
  await editor.goto(id);
  // The panes are tabs: the arrow keys move between them.
  await editor.tab('text').focus();
  await page.keyboard.press('ArrowRight');
  await expect(editor.tab('sections')).toHaveAttribute('aria-selected', 'true');
  await expect(editor.tab('sections')).toBeFocused();
  await expect(editor.rows('role')).toHaveCount(2);
  await checkScreen(page, 'editor-sections');

  // Edit a role: the Markdown shows the change.
  await editor.row('role', 'Staff Engineer — Northwind Logistics').getByTestId('role-edit').click();
  await page.getByTestId('role-title').fill('Principal Engineer');
  await page.getByTestId('role-end').fill('2024-06');
  await page.getByTestId('role-skills').fill('Kubernetes');
  await page.getByTestId('role-skills').press('Enter');
  await checkScreen(page, 'editor-role-form');
  await page.getByTestId('role-save').click();
  await editor.savedAs(2);
  await expect(editor.row('role', 'Principal Engineer — Northwind Logistics')).toBeVisible();
  await editor.tab('text').click();
  await expect(editor.text).toHaveValue(/Title: Principal Engineer/);
  await expect(editor.text).toHaveValue(/End date: 06\/2024/);
  await expect(editor.text).toHaveValue(/\* Kubernetes/);

  // The reverse: a text change shows in the forms.
  await editor.setText((await editor.text.inputValue()).replace('Data Engineer', 'Analytics Engineer'));
  await editor.save.click();
  await editor.savedAs(3);
  await editor.tab('sections').click();
  await expect(editor.row('role', 'Analytics Engineer — Bluefin Analytics')).toBeVisible();

  // Reorder, add and delete.
  await editor.row('role', 'Analytics Engineer — Bluefin Analytics').getByTestId('role-up').click();
  await editor.savedAs(4);
  await expect(editor.rows('role').first()).toContainText('Analytics Engineer');
  await page.getByTestId('role-add').click();
  // A new role starts without a start month (a pre-filled one is saved by mistake too easily);
  // what is missing is said under each field, not in the browser's own bubble.
  await expect(page.getByTestId('role-start')).toHaveValue('');
  await page.getByTestId('role-company').fill('Acme Widgets');
  await page.getByTestId('role-save').click();
  await expect(page.getByTestId('role-title-error')).toHaveText('The title is required.');
  await expect(page.getByTestId('role-start-error')).toHaveText('The start month is required.');
  await expect(page.getByTestId('role-title')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('role-start')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('role-title')).toBeFocused();
  await expect(page.getByTestId('role-company-error')).toBeEmpty();
  await expect(page.getByTestId('role-error')).toHaveText('The title is required. The start month is required.');
  await checkScreen(page, 'editor-role-form-errors');
  await expect(editor.version).toHaveText('4');
  await page.getByTestId('role-title').fill('Intern');
  await expect(page.getByTestId('role-title-error')).toBeEmpty();
  await expect(page.getByTestId('role-title')).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('role-start').fill('2015-06');
  await page.getByTestId('role-save').click();
  await editor.savedAs(5);
  await expect(editor.rows('role')).toHaveCount(3);
  await editor.row('role', 'Intern — Acme Widgets').getByTestId('role-delete').click();
  await page.getByTestId('role-delete-dialog-confirm').click();
  await editor.savedAs(6);
  await expect(editor.rows('role')).toHaveCount(2);

  // A degree through its form.
  await page.getByTestId('degree-add').click();
  await page.getByTestId('degree-school').fill('Lisbon Technical University');
  await page.getByTestId('degree-degree').fill('M.Sc. Informatics');
  await page.getByTestId('degree-save').click();
  await editor.savedAs(7);
  await expect(editor.row('degree', 'M.Sc. Informatics, Lisbon Technical University')).toBeVisible();

  // Omit the Bluefin role.
  await editor.row('role', 'Analytics Engineer — Bluefin Analytics').getByTestId('role-inclusion').selectOption('omit');
  await editor.savedAs(8);
  await editor.tab('text').click();
  await expect(editor.text).toHaveValue(/Inclusion: Omit/);
  await expect(editor.preview).not.toContainText('Bluefin Analytics');

  // Export: Markdown lacks the omitted role; both original Word layouts are DOCX files with
  // the names (the designed templates: 12-export).
  await editor.openExport();
  await checkScreen(page, 'editor-export');
  await editor.chooseTemplate('original-ats');
  await expect(page.getByTestId('export-download-pdf')).toBeHidden();
  await expect(page.getByTestId('export-preset')).toHaveValue('general');
  const markdown = await editor.download('markdown');
  expect(markdown.suggestedFilename()).toMatch(/\.md$/);
  const markdownText = (await readFile(await markdown.path())).toString();
  expect(markdownText).toContain('Northwind Logistics');
  expect(markdownText).not.toContain('Bluefin Analytics');

  for (const template of ['original-ats', 'original-plain'] as const) {
    await editor.chooseTemplate(template);
    const download = await editor.download('docx');
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    expect(await zipEntries(download)).toContain('word/document.xml');
    const document = await zipText(download, 'word/document.xml');
    expect(document).toContain('Jordan Example');
    expect(document).toContain('Northwind Logistics');
    expect(document).not.toContain('Bluefin Analytics');
  }

  // The last choice is remembered for this resume.
  await page.getByTestId('export-close').click();
  await page.reload();
  await editor.text.waitFor();
  await editor.openExport();
  await expect(page.getByTestId('export-template-original-plain')).toBeChecked();
});

test('a tailored resume shows its details and links to a new refinement of its base', async ({ page }) => {
  const baseId = await createResume(page, 'Editor base for tailoring');
  const editor = new EditorPage(page);
  await editor.goto(baseId);
  await expect(page.getByTestId('refine-link')).toHaveAttribute('href', `/resumes/${baseId}/refine`);

  // The tailored copy is made the real way: a refinement with the suite's fake LLM, saved as
  // new. The instance's default endpoint is the fake, so CASEY's own LLM settings are cleared.
  await apiJson(page, 'PUT', '/settings', { llm_endpoint: null, api_key: null });
  const tailoredId = await makeTailoredCopy(page, 'Editor base for tailoring', {
    name: 'Editor tailored for Globex',
    company: 'Globex',
    notes: 'Referred by a former colleague.',
  });
  await editor.goto(tailoredId);
  await expect(page.getByTestId('new-refinement')).toHaveAttribute('href', `/resumes/${baseId}/refine`);
  await expect(page.getByTestId('parent-link')).toHaveText('Editor base for tailoring');

  await editor.tab('details').click();
  await expect(page.getByTestId('details-company')).toHaveValue('Globex');
  await expect(page.getByTestId('details-notes')).toHaveValue('Referred by a former colleague.');
  await page.getByTestId('details-job-description').fill('Globex is hiring a platform engineer to run Kubernetes.');
  await page.getByTestId('job-title').fill('Platform Engineer');
  await page.getByTestId('details-introduction').fill('Platform engineer with a decade of Rust and PostgreSQL.');
  await checkScreen(page, 'editor-details');
  await page.getByTestId('details-save').click();
  await editor.savedAs(2);

  await page.reload();
  await editor.text.waitFor();
  await editor.tab('details').click();
  await expect(page.getByTestId('details-job-description')).toHaveValue(/platform engineer to run Kubernetes/);
  await expect(page.getByTestId('job-title')).toHaveValue('Platform Engineer');
  await expect(page.getByTestId('details-introduction')).toHaveValue(/decade of Rust/);
});

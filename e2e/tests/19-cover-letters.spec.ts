// Cover letters: from the resume editor, "Write a cover letter"; a base resume without a job
// description shows the server's problem under the field; the draft's progress streams stage by
// stage; the letter opens in its editor with the planted invented facts listed and marked in
// the preview; editing them away and saving clears the findings and adds a revision; the
// letter downloads as PDF (headed by the resume's name), Word and Markdown; the resume's
// application links it; the list shows it, and deleting it (after a confirmation) empties the
// list.
import { readFileSync } from 'node:fs';

import { apiJson } from './fixtures/api';
import { CASEY } from './fixtures/accounts';
import { ApplicationsPage } from './fixtures/applications_page';
import { LetterEditorPage, WriteLetterPage } from './fixtures/cover_letters_page';
import { scriptFakeLlm } from './fixtures/fake_llm';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

/** Tells this run's resumes from those of an earlier, retried one. */
const RUN = Date.now().toString(36).slice(-6);
const NAME = `Letter base ${RUN}`;
const PLANTED = ' I grew revenue by 45% at Globex Corporation in 2017.';
const JOB = [
  'Platform Engineer',
  'Company: Hooli',
  '',
  'We build developer platforms with Rust and Kubernetes.',
  '- Operate Kubernetes clusters for product teams',
].join('\n');
const CONTENT = `# Personal

## Contact Information

Name: Casey Example
Email: casey@example.com
Location: Berlin, Germany

# Experience

## Roles

### Role

#### Basics

Company: Initech
Title: Platform Engineer
Start date: 01/2021

#### Responsibilities

* Operated Kubernetes clusters for twelve teams

#### Skills

* Rust
* Kubernetes
`;

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
});

test.afterAll(async () => {
  await scriptFakeLlm({});
});

test('a letter is drafted with live progress, its invented facts flagged, edited, exported and deleted', async ({ page }) => {
  await apiJson(page, 'PUT', '/settings', { llm_endpoint: null, api_key: null });
  const resume = await apiJson(page, 'POST', '/resumes', { name: NAME, content: CONTENT });
  // Invented facts in the letter; the letter takes long enough to watch the stages.
  await scriptFakeLlm({
    plant_invented_facts: true,
    faults: [{ kind: 'cover_letter', action: { type: 'delay', ms: 2500 } }],
  });

  // From the resume editor.
  await page.goto(`/resumes/${resume.id}`);
  await page.getByTestId('write-cover-letter').click();
  await expect(page).toHaveURL(new RegExp(`/cover-letters/new\\?resume=${resume.id}`));
  const write = new WriteLetterPage(page);
  await expect(write.resume).toHaveValue(resume.id);
  await checkScreen(page, 'letter-form');

  // A base resume needs a job description: the server's answer shows under the field.
  await write.write.click();
  await expect(write.jobDescriptionError).toContainText('required for a base resume');

  await write.jobDescription.fill(JOB);
  await write.company.fill('Hooli');
  await write.contact.fill('Sam Lee');
  await write.tone.selectOption('warm');
  await write.length.selectOption('half_page');
  await write.write.click();

  // The stages stream: the analysis is done while the letter is being written.
  await expect(write.drafting).toBeVisible();
  await expect(page).toHaveURL(/draft=[0-9a-f-]{36}/);
  await expect(write.stage('analysis')).toHaveAttribute('data-state', 'done');
  await expect(write.stage('letter')).toHaveAttribute('data-state', 'active');
  await expect(write.progressEntries.filter({ hasText: 'writing the letter' })).toHaveCount(1);
  await checkScreen(page, 'letter-drafting');

  // Done: the letter's editor.
  await expect(page).toHaveURL(/\/cover-letters\/[0-9a-f-]{36}$/, { timeout: 15_000 });
  const editor = new LetterEditorPage(page);
  await expect(editor.title).toContainText('Hooli');
  await expect(editor.text).toHaveValue(/^Dear Sam Lee,/);
  await expect(editor.text).toHaveValue(/Kind regards,\nCasey Example$/);
  await expect(editor.version).toHaveText('1');
  // The planted facts are listed and marked.
  await expect(editor.flags).toHaveCount(3);
  for (const term of ['45%', 'Globex Corporation', '2017']) {
    await expect(editor.flags.filter({ hasText: term })).toHaveCount(1);
    await expect(editor.flaggedTerms.filter({ hasText: term })).not.toHaveCount(0);
  }
  await checkScreen(page, 'letter-editor');

  // Editing them away clears the findings and makes a revision.
  const drafted = await editor.text.inputValue();
  expect(drafted).toContain(PLANTED);
  await editor.text.fill(drafted.replace(PLANTED, ''));
  await editor.save.click();
  await expect(editor.saveState).toHaveText('Saved');
  await expect(editor.version).toHaveText('2');
  await expect(editor.noFlags).toBeVisible();
  await expect(editor.flaggedTerms).toHaveCount(0);
  await expect(editor.revisions).toHaveCount(2);

  // Downloads: the PDF is headed by the resume's name; Word is a package; Markdown the text.
  await editor.template.selectOption('classic');
  const pdf = await editor.download('pdf');
  expect(pdf.suggestedFilename()).toMatch(/^Casey_Example_Cover_Letter_Hooli\.pdf$/);
  const pdfBytes = readFileSync(await pdf.path());
  expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
  const docx = await editor.download('docx');
  expect(readFileSync(await docx.path()).subarray(0, 2).toString()).toBe('PK');
  const markdown = await editor.download('markdown');
  const text = readFileSync(await markdown.path(), 'utf8');
  expect(text.startsWith('# Casey Example\n')).toBe(true);
  expect(text).toContain('Hooli');
  expect(text).not.toContain('Globex');

  // The application of the resume links its letter.
  await apiJson(page, 'POST', `/resumes/${resume.id}/application`, { status: 'applied' });
  const applications = new ApplicationsPage(page);
  await page.goto('/applications');
  await applications.open(applications.card(NAME));
  await expect(applications.detail.getByTestId('application-letter')).toHaveText('Cover letter – Hooli');
  await expect(applications.detail.getByTestId('application-write-letter')).toHaveAttribute(
    'href',
    `/cover-letters/new?resume=${resume.id}`,
  );

  // The list shows it; deleting it asks first and empties the list of this resume.
  await page.getByTestId('nav-cover-letters').click();
  await expect(page).toHaveURL(/\/cover-letters$/);
  const row = page.getByTestId('letter-row').filter({ hasText: NAME });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('letter-row-company')).toHaveText('Hooli');
  await checkScreen(page, 'letters-list');
  await row.getByTestId('letter-row-name').click();
  await editor.deleteButton.click();
  await editor.deleteConfirm.click();
  await expect(page).toHaveURL(/\/cover-letters$/);
  await expect(page.getByTestId('letter-row').filter({ hasText: NAME })).toHaveCount(0);
  const left = await apiJson(page, 'GET', `/cover-letters?resume_id=${resume.id}`);
  expect(left.items).toEqual([]);
});

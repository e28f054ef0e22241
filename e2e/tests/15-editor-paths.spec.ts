// Browser paths that only the API tests covered: renaming a resume in the editor, the Personal,
// project and certification forms (saved, shown in the text and the preview, kept after a
// reload; a bad entry answered next to the form), "Not relevant" on a role and a project (kept,
// and applied to the preview and the exports), an export limited to a date range, the
// executive-summary preset and the projects / education choices of the Word layouts, and a
// refinement limited to the last N years (only the roles in range are sent to the fake LLM).
// Also how the section panels fetch: each reads and writes its own fragment, only the panel
// that wrote redraws, and the text follows through the version.
import { readFile } from 'node:fs/promises';

import type { Download, Page } from '@playwright/test';

import { apiJson } from './fixtures/api';
import { CASEY } from './fixtures/accounts';
import { DashboardPage } from './fixtures/dashboard_page';
import { EditorPage, zipText } from './fixtures/editor_page';
import { fakeLlmCalls, resetFakeLlmCalls, scriptFakeLlm } from './fixtures/fake_llm';
import { LoginPage } from './fixtures/login_page';
import { RefinePage } from './fixtures/refine_page';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

/** Makes the names of this run's resumes unique: a retry must not meet the first try's. */
const RUN = Date.now().toString(36).slice(-6);

async function createResume(page: Page, name: string, content: string): Promise<string> {
  const created = await apiJson<{ id: string }>(page, 'POST', '/resumes', { name, content });
  return created.id;
}

/** The text of a downloaded Markdown file. */
async function markdownText(download: Download): Promise<string> {
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  return (await readFile(await download.path())).toString();
}

/** The paragraphs of a downloaded Word file's body, as text, in reading order. */
async function docxParagraphs(download: Download): Promise<string[]> {
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const xml = await zipText(download, 'word/document.xml');
  return xml
    .split('</w:p>')
    .map((paragraph) =>
      paragraph
        .replace(/<w:tab\/>/g, '\t')
        .replace(/<w:br\/>/g, '\n')
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&')
        .trim(),
    )
    .filter(Boolean);
}

/** `MM/YYYY` of the month `monthsAgo` months before this one. */
function monthsAgo(monthsAgo: number): string {
  const now = new Date();
  const date = new Date(now.getFullYear(), now.getMonth() - monthsAgo, 1);
  return `${String(date.getMonth() + 1).padStart(2, '0')}/${date.getFullYear()}`;
}

interface RoleText {
  company: string;
  title: string;
  start: string;
  end?: string;
  category?: string;
  inclusion?: string;
  summary?: string;
  responsibilities: string[];
  skills: string[];
}

function role(r: RoleText): string {
  return [
    '### Role',
    '',
    '#### Basics',
    '',
    `Company: ${r.company}`,
    `Title: ${r.title}`,
    ...(r.category ? [`Job category: ${r.category}`] : []),
    `Start date: ${r.start}`,
    ...(r.end ? [`End date: ${r.end}`] : []),
    ...(r.inclusion ? [`Inclusion: ${r.inclusion}`] : []),
    '',
    ...(r.summary ? ['#### Summary', '', r.summary, ''] : []),
    '#### Responsibilities',
    '',
    ...r.responsibilities.map((line) => `* ${line}`),
    '',
    '#### Skills',
    '',
    ...r.skills.map((skill) => `* ${skill}`),
    '',
  ].join('\n');
}

const PERSONAL = `# Personal

## Contact Information

Name: Jordan Example
Email: jordan@example.com
Location: Lisbon, Portugal
`;

/** A resume of three roles (2021–now, 2016–2020, 2010–2015), a dated and an undated project,
 * a degree and a certification. */
const HISTORY = [
  PERSONAL,
  '# Education',
  '',
  '## Degrees',
  '',
  '### Degree',
  '',
  'School: Lisbon Technical University',
  'Degree: M.Sc. Informatics',
  'Start date: 09/2008',
  'End date: 06/2010',
  '',
  '# Certifications',
  '',
  '## Certification',
  '',
  'Name: Certified Kubernetes Administrator',
  'Issuer: CNCF',
  '',
  '# Experience',
  '',
  '## Projects',
  '',
  '### Project',
  '',
  '#### Overview',
  '',
  'Title: Harbour tide tables',
  'Start date: 03/2012',
  'End date: 08/2013',
  '',
  '#### Description',
  '',
  'Tide predictions for the harbour pilots.',
  '',
  '### Project',
  '',
  '#### Overview',
  '',
  'Title: Open-source route planner',
  'Url: https://example.org/planner',
  '',
  '#### Description',
  '',
  'Plans delivery routes for small couriers.',
  '',
  '#### Skills',
  '',
  '* Rust',
  '',
  '## Roles',
  '',
  role({
    company: 'Northwind Logistics',
    title: 'Staff Engineer',
    category: 'Platform engineering',
    start: '03/2021',
    summary: 'Runs the platform the product teams deploy to.',
    responsibilities: ['Led the platform team through a move to managed databases'],
    skills: ['Rust', 'PostgreSQL'],
  }),
  role({
    company: 'Bluefin Analytics',
    title: 'Data Engineer',
    category: 'Data engineering',
    start: '01/2016',
    end: '02/2020',
    summary: 'Reporting for the finance team.',
    responsibilities: ['Built the nightly reporting pipelines'],
    skills: ['Airflow', 'PostgreSQL'],
  }),
  role({
    company: 'Copperleaf Systems',
    title: 'Junior Developer',
    category: 'Platform engineering',
    start: '06/2010',
    end: '12/2015',
    summary: 'Kept the billing system running.',
    responsibilities: ['Maintained the billing batch jobs'],
    skills: ['Java'],
  }),
].join('\n');

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
});

test.afterAll(async () => {
  await scriptFakeLlm({});
});

test('a resume renamed in the editor keeps its new name after a reload and on the dashboard', async ({ page }) => {
  const original = `Paths rename ${RUN} draft`;
  const renamed = `Paths rename ${RUN} final`;
  const id = await createResume(page, original, HISTORY);
  const editor = new EditorPage(page);
  await editor.goto(id);
  await expect(editor.name).toHaveText(original);
  await expect(editor.nameInput).toHaveValue(original);

  // An empty name is refused in place and cannot be saved.
  await editor.nameInput.fill('   ');
  await expect(page.getByTestId('editor-name-error')).toHaveText('The name must not be empty.');
  await expect(editor.nameInput).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.save).toBeDisabled();

  await editor.nameInput.fill(renamed);
  await expect(page.getByTestId('editor-name-error')).toHaveCount(0);
  await expect(editor.unsaved).toBeVisible();
  await expect(editor.save).toBeEnabled();
  await editor.save.click();
  await editor.savedAs(2);
  await expect(editor.name).toHaveText(renamed);
  await expect(editor.unsaved).toHaveCount(0);
  await expect(page).toHaveTitle(`${renamed} · Resume Editor`);

  await page.reload();
  await editor.text.waitFor();
  await expect(editor.name).toHaveText(renamed);
  await expect(editor.nameInput).toHaveValue(renamed);
  // Only the name changed: the text is as it was.
  await expect(editor.text).toHaveValue(/Company: Bluefin Analytics/);

  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  await dashboard.filter.fill(`Paths rename ${RUN}`);
  await expect(dashboard.row(renamed)).toHaveCount(1);
  await expect(dashboard.row(original)).toHaveCount(0);
  await expect(page.getByTestId('resume-link')).toHaveText([renamed]);
});

test('the Personal form saves the contact details into the text and the preview; a contact without a name is refused', async ({ page }) => {
  // A resume without a Personal section.
  const id = await createResume(
    page,
    `Paths personal ${RUN}`,
    ['# Experience', '', '## Roles', '', role({ company: 'Northwind Logistics', title: 'Staff Engineer', start: '03/2021', responsibilities: ['Led the platform team'], skills: ['Rust'] })].join('\n'),
  );
  const editor = new EditorPage(page);
  await editor.goto(id);
  await expect(editor.preview.getByTestId('preview-name')).toHaveCount(0);

  await editor.tab('sections').click();
  await expect(page.getByTestId('personal-name')).toHaveValue('');
  await page.getByTestId('personal-name').fill('Riley Example');
  await page.getByTestId('personal-email').fill('riley@example.com');
  await page.getByTestId('personal-phone').fill('+351 912 345 678');
  await page.getByTestId('personal-location').fill('Porto, Portugal');
  await page.getByTestId('personal-github').fill('https://github.com/riley-example');
  await page.getByTestId('personal-linkedin').fill('https://www.linkedin.com/in/riley-example');
  await page.getByTestId('personal-authorization').fill('EU citizen');
  await page.getByTestId('personal-sponsorship').selectOption('no');
  await page.getByTestId('personal-banner').fill('Platform engineer who likes boring infrastructure.');
  await page.getByTestId('personal-save').click();
  await editor.savedAs(2);
  await expect(page.getByTestId('personal-error')).toHaveCount(0);

  // The text and the preview show what was saved.
  await editor.tab('text').click();
  const text = editor.text;
  await expect(text).toHaveValue(/^# Personal$/m);
  await expect(text).toHaveValue(/^Name: Riley Example$/m);
  await expect(text).toHaveValue(/^Email: riley@example\.com$/m);
  await expect(text).toHaveValue(/^Phone: \+351 912 345 678$/m);
  await expect(text).toHaveValue(/^Location: Porto, Portugal$/m);
  await expect(text).toHaveValue(/^GitHub: https:\/\/github\.com\/riley-example$/m);
  await expect(text).toHaveValue(/^LinkedIn: https:\/\/www\.linkedin\.com\/in\/riley-example$/m);
  await expect(text).toHaveValue(/^Work Authorization: EU citizen$/m);
  await expect(text).toHaveValue(/^Require sponsorship: No$/m);
  await expect(text).toHaveValue(/Platform engineer who likes boring infrastructure\./);
  await expect(editor.preview.getByTestId('preview-name')).toHaveText('Riley Example');
  await expect(editor.preview).toContainText('riley@example.com | +351 912 345 678 | Porto, Portugal');
  await expect(editor.preview).toContainText('https://www.linkedin.com/in/riley-example | https://github.com/riley-example');
  await expect(editor.preview).toContainText('EU citizen | No sponsorship required');
  await expect(editor.preview).toContainText('Platform engineer who likes boring infrastructure.');

  // Kept after a reload, in the text and in the form.
  await page.reload();
  await editor.text.waitFor();
  await expect(editor.text).toHaveValue(/^Name: Riley Example$/m);
  await editor.tab('sections').click();
  await expect(page.getByTestId('personal-name')).toHaveValue('Riley Example');
  await expect(page.getByTestId('personal-email')).toHaveValue('riley@example.com');
  await expect(page.getByTestId('personal-sponsorship')).toHaveValue('no');

  // Contact details without a name: refused next to the form, nothing saved.
  await page.getByTestId('personal-name').fill('');
  await page.getByTestId('personal-save').click();
  await expect(page.getByTestId('personal-error')).toHaveText('The name is required when there is contact information.');
  await expect(editor.version).toHaveText('2');
  const stored = await apiJson(page, 'GET', `/resumes/${id}`);
  expect(stored.version).toBe(2);
  expect(stored.content).toContain('Name: Riley Example');
});

test('each section panel reads and writes its own fragment; only it redraws, and the text follows through the version', async ({ page }) => {
  const id = await createResume(page, `Paths fragments ${RUN}`, [PERSONAL, '# Experience', '', '## Roles', '', role({ company: 'Northwind Logistics', title: 'Staff Engineer', start: '03/2021', responsibilities: ['Led the platform team'], skills: ['Rust'] })].join('\n'));
  const editor = new EditorPage(page);
  const inclusion = () => editor.row('role', 'Staff Engineer — Northwind Logistics').getByTestId('role-inclusion');
  await editor.goto(id);
  // Every call the app makes to this resume's routes, from here on.
  const calls: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith(`/api/v1/resumes/${id}`)) {
      calls.push(`${request.method()} ${path.slice(`/api/v1/resumes/${id}`.length) || '/'}`);
    }
  });

  // Opening the forms reads each section's fragment, not the whole resume.
  await editor.tab('sections').click();
  await expect(page.getByTestId('personal-name')).toBeEnabled();
  await expect(editor.rows('role')).toHaveCount(1);
  await expect
    .poll(() => [...calls].sort())
    .toEqual(['GET /certifications', 'GET /degrees', 'GET /personal', 'GET /projects', 'GET /roles']);
  calls.length = 0;

  // A role write answers only the collection and the new version; the other panels stay as
  // they were (the same elements, the unsaved input in the Personal form still there).
  await page.getByTestId('personal-section').evaluate((element) => element.setAttribute('data-probe', 'kept'));
  await page.getByTestId('personal-note').fill('Typed, not saved');
  const answer = page.waitForResponse((response) => response.request().method() === 'PUT' && response.url().endsWith(`/resumes/${id}/roles/0`));
  await inclusion().selectOption('not_relevant');
  const body = await (await answer).json();
  expect(Object.keys(body).sort()).toEqual(['items', 'version']);
  expect(body.version).toBe(2);
  expect(body.items[0].basics.inclusion).toBe('not_relevant');
  await editor.savedAs(2);
  await expect(page.getByTestId('personal-section')).toHaveAttribute('data-probe', 'kept');
  await expect(page.getByTestId('personal-note')).toHaveValue('Typed, not saved');
  await expect(inclusion()).toHaveValue('not_relevant');
  expect(calls).toEqual(['PUT /roles/0']);
  await page.getByTestId('personal-note').fill('');

  // The text is behind the version now: opening it reads the whole resume once.
  calls.length = 0;
  await editor.tab('text').click();
  await expect(editor.text).toHaveValue(/^Inclusion: Not Relevant$/m);
  expect(calls).toEqual(['GET /']);

  // A change made elsewhere: the next panel write is refused as stale, every panel reads its
  // fragment again (showing the other change), and the write then goes through.
  await editor.tab('sections').click();
  await expect(page.getByTestId('personal-name')).toBeEnabled();
  const personal = await apiJson(page, 'GET', `/resumes/${id}/personal`);
  personal.personal.contact.name = 'Changed Elsewhere';
  await apiJson(page, 'PUT', `/resumes/${id}/personal`, { version: 2, personal: personal.personal });
  await inclusion().selectOption('include');
  await expect(page.getByTestId('role-error')).toContainText('changed elsewhere');
  await expect(page.getByTestId('personal-name')).toHaveValue('Changed Elsewhere');
  await expect(inclusion()).toHaveValue('not_relevant');
  await expect(editor.version).toHaveText('3');
  await inclusion().selectOption('include');
  await editor.savedAs(4);
  await editor.tab('text').click();
  await expect(editor.text).toHaveValue(/^Name: Changed Elsewhere$/m);
  await expect(editor.text).not.toHaveValue(/Inclusion: Not Relevant/);
});

test('the project and certification forms save into the text and the preview; bad dates and missing names are answered in the form', async ({ page }) => {
  const id = await createResume(page, `Paths items ${RUN}`, [PERSONAL, '# Experience', '', '## Roles', '', role({ company: 'Northwind Logistics', title: 'Staff Engineer', start: '03/2021', responsibilities: ['Led the platform team'], skills: ['Rust'] })].join('\n'));
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.tab('sections').click();
  await expect(editor.rows('project')).toHaveCount(0);
  await expect(editor.rows('certification')).toHaveCount(0);

  // A project: the title is required (checked in the page) …
  await page.getByTestId('project-add').click();
  await page.getByTestId('project-save').click();
  await expect(page.getByTestId('project-error')).toHaveText('The title is required.');
  // … and an end before the start is refused by the server, shown in the form, which stays open.
  await page.getByTestId('project-title').fill('Open-source route planner');
  await page.getByTestId('project-url').fill('https://example.org/planner');
  await page.getByTestId('project-url-description').fill('example.org/planner');
  await page.getByTestId('project-start').fill('2021-02');
  await page.getByTestId('project-end').fill('2020-05');
  await page.getByTestId('project-description').fill('Plans delivery routes for small couriers.');
  await page.getByTestId('project-skills').fill('Rust');
  await page.getByTestId('project-skills').press('Enter');
  await page.getByTestId('project-save').click();
  await expect(page.getByTestId('project-error')).toContainText('must not be before the start');
  await expect(page.getByTestId('project-form')).toBeVisible();
  await expect(editor.version).toHaveText('1');
  await page.getByTestId('project-end').fill('2022-11');
  await page.getByTestId('project-save').click();
  await editor.savedAs(2);
  await expect(page.getByTestId('project-form')).toHaveCount(0);
  await expect(page.getByTestId('project-error')).toHaveCount(0);
  const project = editor.row('project', 'Open-source route planner');
  await expect(project).toContainText('February 2021 – November 2022');

  // A certification: the name is required, and it cannot expire before it was issued. (The
  // toasts go first: they may cover the button.)
  await new Shell(page).dismissToasts();
  await page.getByTestId('certification-add').click();
  await page.getByTestId('certification-save').click();
  await expect(page.getByTestId('certification-error')).toHaveText('The name is required.');
  await page.getByTestId('certification-name').fill('Certified Kubernetes Administrator');
  await page.getByTestId('certification-issuer').fill('CNCF');
  await page.getByTestId('certification-issued').fill('2022-05');
  await page.getByTestId('certification-expires').fill('2021-05');
  await page.getByTestId('certification-id').fill('CKA-2200-0042');
  await page.getByTestId('certification-save').click();
  await expect(page.getByTestId('certification-error')).toContainText('must not be before the start');
  await expect(editor.version).toHaveText('2');
  await page.getByTestId('certification-expires').fill('2025-05');
  await page.getByTestId('certification-save').click();
  await editor.savedAs(3);
  await expect(page.getByTestId('certification-form')).toHaveCount(0);
  await expect(editor.row('certification', 'Certified Kubernetes Administrator')).toContainText(
    'CNCF, issued May 2022, expires May 2025',
  );

  // The text holds both in the format's words; the preview shows them.
  await editor.tab('text').click();
  const text = editor.text;
  await expect(text).toHaveValue(/^## Projects$/m);
  await expect(text).toHaveValue(/^Title: Open-source route planner$/m);
  await expect(text).toHaveValue(/^Url: https:\/\/example\.org\/planner$/m);
  await expect(text).toHaveValue(/^Url Description: example\.org\/planner$/m);
  await expect(text).toHaveValue(/^Start date: 02\/2021$/m);
  await expect(text).toHaveValue(/^End date: 11\/2022$/m);
  await expect(text).toHaveValue(/^Plans delivery routes for small couriers\.$/m);
  await expect(text).toHaveValue(/^# Certifications$/m);
  await expect(text).toHaveValue(/^Name: Certified Kubernetes Administrator$/m);
  await expect(text).toHaveValue(/^Issuer: CNCF$/m);
  await expect(text).toHaveValue(/^Issued: 05\/2022$/m);
  await expect(text).toHaveValue(/^Expires: 05\/2025$/m);
  await expect(text).toHaveValue(/^Certification ID: CKA-2200-0042$/m);
  const previewProject = editor.preview.getByTestId('preview-project');
  await expect(previewProject).toHaveCount(1);
  await expect(previewProject).toContainText('Open-source route planner');
  await expect(previewProject).toContainText('February 2021 – November 2022');
  await expect(previewProject).toContainText('example.org/planner');
  await expect(previewProject).toContainText('Plans delivery routes for small couriers.');
  await expect(previewProject).toContainText('Skills: Rust');
  await expect(editor.preview).toContainText('Certified Kubernetes Administrator, CNCF, May 2022');

  // Kept after a reload.
  await page.reload();
  await editor.text.waitFor();
  await expect(editor.text).toHaveValue(/^Title: Open-source route planner$/m);
  await expect(editor.text).toHaveValue(/^Certification ID: CKA-2200-0042$/m);
  await editor.tab('sections').click();
  await editor.row('certification', 'Certified Kubernetes Administrator').getByTestId('certification-edit').click();
  await expect(page.getByTestId('certification-issuer')).toHaveValue('CNCF');
  await expect(page.getByTestId('certification-issued')).toHaveValue('2022-05');
  await expect(page.getByTestId('certification-expires')).toHaveValue('2025-05');
  await page.getByTestId('certification-cancel').click();
});

test('"Not relevant" on a role and a project is kept and shortens them in the preview and the exports', async ({ page }) => {
  const id = await createResume(page, `Paths not relevant ${RUN}`, HISTORY);
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.tab('sections').click();
  const bluefin = editor.row('role', 'Data Engineer — Bluefin Analytics');
  await expect(bluefin.getByTestId('role-inclusion')).toHaveValue('include');
  await bluefin.getByTestId('role-inclusion').selectOption('not_relevant');
  await editor.savedAs(2);
  await editor.row('project', 'Open-source route planner').getByTestId('project-inclusion').selectOption('not_relevant');
  await editor.savedAs(3);

  // Kept: after a reload the choices are still there, in the text and in the lists.
  await page.reload();
  await editor.text.waitFor();
  expect((await editor.text.inputValue()).match(/^Inclusion: Not Relevant$/gm)).toHaveLength(2);
  await editor.tab('sections').click();
  await expect(editor.row('role', 'Data Engineer — Bluefin Analytics').getByTestId('role-inclusion')).toHaveValue('not_relevant');
  await expect(editor.row('role', 'Staff Engineer — Northwind Logistics').getByTestId('role-inclusion')).toHaveValue('include');
  await expect(editor.row('project', 'Open-source route planner').getByTestId('project-inclusion')).toHaveValue('not_relevant');
  await expect(editor.row('project', 'Harbour tide tables').getByTestId('project-inclusion')).toHaveValue('include');

  // The preview: the role keeps its basics, summary and skills but not its responsibilities;
  // the project keeps its overview only.
  await editor.tab('text').click();
  const previewRole = editor.preview.getByTestId('preview-role').filter({ hasText: 'Bluefin Analytics' });
  await expect(previewRole).toContainText('Data Engineer — Bluefin Analytics');
  await expect(previewRole).toContainText('Reporting for the finance team.');
  await expect(previewRole).toContainText('Airflow');
  await expect(previewRole).not.toContainText('Built the nightly reporting pipelines');
  await expect(editor.preview.getByTestId('preview-role').filter({ hasText: 'Northwind Logistics' })).toContainText(
    'Led the platform team through a move to managed databases',
  );
  const previewProject = editor.preview.getByTestId('preview-project').filter({ hasText: 'Open-source route planner' });
  await expect(previewProject).toBeVisible();
  await expect(previewProject).not.toContainText('Plans delivery routes');
  await expect(editor.preview.getByTestId('preview-project').filter({ hasText: 'Harbour tide tables' })).toContainText(
    'Tide predictions for the harbour pilots.',
  );

  // The Markdown export: the placeholder instead of the responsibilities, no Inclusion key.
  await editor.openExport();
  const markdown = await markdownText(await editor.download('markdown'));
  expect(markdown).toContain('Company: Bluefin Analytics');
  expect(markdown).toContain('Reporting for the finance team.');
  expect(markdown).toContain('(no relevant experience)');
  expect(markdown).not.toContain('Built the nightly reporting pipelines');
  expect(markdown).toContain('Led the platform team through a move to managed databases');
  expect(markdown).toContain('Title: Open-source route planner');
  expect(markdown).not.toContain('Plans delivery routes');
  expect(markdown).toContain('Tide predictions for the harbour pilots.');
  expect(markdown).not.toContain('Inclusion');

  // The ATS Word file the same way.
  await editor.chooseTemplate('original-ats');
  const paragraphs = (await docxParagraphs(await editor.download('docx'))).join('\n');
  expect(paragraphs).toContain('Bluefin Analytics');
  expect(paragraphs).toContain('(no relevant experience)');
  expect(paragraphs).not.toContain('Built the nightly reporting pipelines');
  expect(paragraphs).toContain('Led the platform team through a move to managed databases');
  expect(paragraphs).toContain('Open-source route planner');
  expect(paragraphs).not.toContain('Plans delivery routes');

  // The stored text is not changed by exporting.
  const stored = await apiJson(page, 'GET', `/resumes/${id}`);
  expect(stored.content).toContain('* Built the nightly reporting pipelines');
});

test('an export limited to a date range holds only the roles and projects in it', async ({ page }) => {
  const id = await createResume(page, `Paths date range ${RUN}`, HISTORY);
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.openExport();
  await editor.chooseTemplate('original-ats');

  // A range that ends before it starts is refused, and the downloads are blocked.
  await page.getByTestId('export-from').fill('2019-12');
  await page.getByTestId('export-to').fill('2016-01');
  await expect(page.getByTestId('export-error')).toHaveText('The range ends before it starts.');
  await expect(page.getByTestId('export-download-markdown')).toHaveAttribute('aria-disabled', 'true');

  // 2016-01 to 2019-12: only the 2016–2020 role; the ongoing role started after it, the
  // 2010–2015 role ended before it; the 2012–2013 project is out, the undated one stays.
  await page.getByTestId('export-from').fill('2016-01');
  await page.getByTestId('export-to').fill('2019-12');
  await expect(page.getByTestId('export-error')).toBeHidden();
  await expect(page.getByTestId('export-download-markdown')).toHaveAttribute('href', /from=2016-01/);
  await expect(page.getByTestId('export-download-markdown')).toHaveAttribute('href', /to=2019-12/);
  const markdown = await markdownText(await editor.download('markdown'));
  expect(markdown).toContain('Company: Bluefin Analytics');
  expect(markdown).not.toContain('Northwind Logistics');
  expect(markdown).not.toContain('Copperleaf Systems');
  expect(markdown).toContain('Title: Open-source route planner');
  expect(markdown).not.toContain('Harbour tide tables');
  // Personal data, education and certifications are never filtered.
  expect(markdown).toContain('Name: Jordan Example');
  expect(markdown).toContain('School: Lisbon Technical University');
  expect(markdown).toContain('Name: Certified Kubernetes Administrator');

  const paragraphs = (await docxParagraphs(await editor.download('docx'))).join('\n');
  expect(paragraphs).toContain('Bluefin Analytics');
  expect(paragraphs).not.toContain('Northwind Logistics');
  expect(paragraphs).not.toContain('Copperleaf Systems');
  expect(paragraphs).not.toContain('Harbour tide tables');

  // An open end: from 2016-01 on, the ongoing role is back.
  await page.getByTestId('export-to').fill('');
  await expect(page.getByTestId('export-download-markdown')).not.toHaveAttribute('href', /to=[0-9]/);
  const open = await markdownText(await editor.download('markdown'));
  expect(open).toContain('Company: Northwind Logistics');
  expect(open).toContain('Company: Bluefin Analytics');
  expect(open).not.toContain('Copperleaf Systems');

  // The range is remembered for this resume.
  await page.getByTestId('export-close').click();
  await page.reload();
  await editor.text.waitFor();
  await editor.openExport();
  await expect(page.getByTestId('export-from')).toHaveValue('2016-01');
  await expect(page.getByTestId('export-to')).toHaveValue('');
});

test('the executive-summary preset adds the summary and the skills matrix to the plain Word layout', async ({ page }) => {
  const id = await createResume(page, `Paths presets ${RUN}`, HISTORY);
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.openExport();
  await editor.chooseTemplate('original-plain');
  await expect(page.getByTestId('export-preset')).toHaveValue('general');

  const general = await docxParagraphs(await editor.download('docx'));
  expect(general).toContain('Work History');
  expect(general).not.toContain('Executive Summary');
  expect(general.join('\n')).not.toContain('YOE (from - to)');
  // General shows the role summaries in the work history.
  expect(general.join('\n')).toContain('Runs the platform the product teams deploy to.');

  await page.getByTestId('export-preset').selectOption('executive_summary');
  await expect(page.getByTestId('export-download-docx')).toHaveAttribute('href', /preset=executive_summary/);
  const executive = await docxParagraphs(await editor.download('docx'));
  const summaryAt = executive.indexOf('Executive Summary');
  expect(summaryAt).toBeGreaterThanOrEqual(0);
  // One heading per job category in order of first appearance, a bullet per summarised role.
  const platformAt = executive.indexOf('Platform engineering');
  const dataAt = executive.indexOf('Data engineering');
  expect(platformAt).toBeGreaterThan(summaryAt);
  expect(dataAt).toBeGreaterThan(platformAt);
  const text = executive.join('\n');
  expect(text).toContain('Runs the platform the product teams deploy to. (Northwind Logistics, Present)');
  expect(text).toContain('Kept the billing system running. (Copperleaf Systems, 2015)');
  expect(text).toContain('Reporting for the finance team. (Bluefin Analytics, 2020)');
  // The skills matrix, then the whole work history after it.
  expect(text).toContain('YOE (from - to)');
  expect(executive).toContain('Airflow');
  expect(executive.indexOf('Work History')).toBeGreaterThan(dataAt);
  expect(text).toContain('Maintained the billing batch jobs');

  // Remembered on the resume.
  const stored = await apiJson(page, 'GET', `/resumes/${id}`);
  expect(stored.export_preferences).toMatchObject({ template: 'original-plain', preset: 'executive_summary' });
});

test('the Word layouts follow "projects first", "include projects" and "include education"; the Markdown does not', async ({ page }) => {
  const id = await createResume(page, `Paths sections ${RUN}`, HISTORY);
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.openExport();
  await editor.chooseTemplate('original-ats');
  await expect(page.getByTestId('export-include-projects')).toBeChecked();
  await expect(page.getByTestId('export-projects-first')).not.toBeChecked();
  await expect(page.getByTestId('export-include-education')).toBeChecked();

  // By default the work history comes before the projects.
  const standard = await docxParagraphs(await editor.download('docx'));
  expect(standard.indexOf('Work History')).toBeGreaterThanOrEqual(0);
  expect(standard.indexOf('Projects')).toBeGreaterThan(standard.indexOf('Work History'));
  expect(standard).toContain('Education');

  // Projects first.
  await page.getByTestId('export-projects-first').check();
  await expect(page.getByTestId('export-download-docx')).toHaveAttribute('href', /projects_first=true/);
  const first = await docxParagraphs(await editor.download('docx'));
  expect(first.indexOf('Projects')).toBeGreaterThanOrEqual(0);
  expect(first.indexOf('Projects')).toBeLessThan(first.indexOf('Work History'));
  const firstText = first.join('\n');
  expect(firstText.indexOf('Open-source route planner')).toBeLessThan(firstText.indexOf('Northwind Logistics'));

  // Without projects and without education.
  await page.getByTestId('export-include-projects').uncheck();
  await page.getByTestId('export-include-education').uncheck();
  await expect(page.getByTestId('export-download-docx')).toHaveAttribute('href', /include_education=false/);
  const without = await docxParagraphs(await editor.download('docx'));
  const withoutText = without.join('\n');
  expect(without).not.toContain('Projects');
  expect(withoutText).not.toContain('Open-source route planner');
  expect(withoutText).not.toContain('Harbour tide tables');
  expect(without).not.toContain('Education');
  expect(withoutText).not.toContain('Lisbon Technical University');
  expect(without).toContain('Work History');
  expect(withoutText).toContain('Northwind Logistics');

  // The Markdown export is the resume text: the Word choices do not change it.
  const markdown = await markdownText(await editor.download('markdown'));
  expect(markdown).toContain('Title: Open-source route planner');
  expect(markdown).toContain('School: Lisbon Technical University');

  // The choices are remembered.
  await page.getByTestId('export-close').click();
  await page.reload();
  await editor.text.waitFor();
  await editor.openExport();
  await expect(page.getByTestId('export-projects-first')).toBeChecked();
  await expect(page.getByTestId('export-include-projects')).not.toBeChecked();
  await expect(page.getByTestId('export-include-education')).not.toBeChecked();
});

test('a refinement limited to the last N years refines only the included roles in range', async ({ page }) => {
  // The instance's endpoint is the fake LLM: CASEY's own settings are cleared.
  await apiJson(page, 'PUT', '/settings', { llm_endpoint: null, api_key: null });
  await scriptFakeLlm({});
  const content = [
    PERSONAL,
    '# Experience',
    '',
    '## Roles',
    '',
    role({ company: 'Initech', title: 'Platform Engineer', start: '01/2021', responsibilities: ['Operated Kubernetes clusters for twelve teams'], skills: ['Kubernetes'] }),
    role({ company: 'Hooli', title: 'Site Reliability Engineer', start: '01/2019', end: monthsAgo(14), inclusion: 'Not Relevant', responsibilities: ['Ran the on-call rotation'], skills: ['Go'] }),
    role({ company: 'Umbrella Health', title: 'Backend Engineer', start: '03/2016', end: monthsAgo(18), responsibilities: ['Built billing services'], skills: ['PostgreSQL'] }),
    role({ company: 'Acme Widgets', title: 'Software Engineer', start: '06/2008', end: '02/2012', responsibilities: ['Maintained the order system'], skills: ['Python'] }),
  ].join('\n');
  const id = await createResume(page, `Paths years limit ${RUN}`, content);
  const version = (await apiJson(page, 'GET', `/resumes/${id}`)).version;

  const refine = new RefinePage(page);
  await refine.goto(id);
  await refine.jobDescription.fill(
    ['Senior Platform Engineer', 'Company: Hooli', '', 'We run Kubernetes and PostgreSQL.', '- Operate Kubernetes clusters'].join('\n'),
  );
  // A limit that is not a whole number of years is refused next to the field.
  await refine.yearsLimit.fill('0');
  await refine.start.click();
  await expect(page.getByTestId('refine-years-limit-error')).toHaveText('A whole number of years from 1 to 100.');
  await expect(refine.yearsLimit).toHaveAttribute('aria-invalid', 'true');
  await expect(refine.form).toBeVisible();

  await resetFakeLlmCalls();
  await refine.yearsLimit.fill('3');
  await refine.start.click();
  await expect(page).toHaveURL(/\?job=[0-9a-f-]{36}$/);
  await expect(refine.status).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  await expect(page.getByTestId('refine-job-summary')).toContainText('roles from the last 3 years');
  // The activity says what is refined and what is kept.
  await expect(refine.progressEntries.filter({ hasText: '2 roles to refine; 2 kept as they are' })).toHaveCount(1);

  // Only the ongoing role and the one that ended 18 months ago: not the Not Relevant role, not
  // the role that ended in 2012.
  await expect(refine.cards).toHaveCount(2);
  expect(await refine.cards.evaluateAll((cards) => cards.map((card) => card.getAttribute('data-index')))).toEqual(['0', '2']);
  await expect(refine.card(0).getByTestId('role-heading')).toContainText('Platform Engineer at Initech');
  await expect(refine.card(2).getByTestId('role-heading')).toContainText('Backend Engineer at Umbrella Health');
  await expect(page.getByTestId('refine-accepted-count')).toContainText('2 roles');
  expect((await fakeLlmCalls()).by_kind.refine_role).toBe(2);

  // The job's own record: the others are skipped, not dropped.
  const job = await apiJson(page, 'GET', `/refinements/${refine.jobId()}`);
  expect(job.years_limit).toBe(3);
  expect(job.roles.map((r: { index: number; status: string }) => [r.index, r.status])).toEqual([
    [0, 'done'],
    [1, 'skipped'],
    [2, 'done'],
    [3, 'skipped'],
  ]);

  // Discard: back to the form, the resume unchanged.
  await refine.discard.click();
  await expect(refine.form).toBeVisible();
  expect((await apiJson(page, 'GET', `/resumes/${id}`)).version).toBe(version);
});

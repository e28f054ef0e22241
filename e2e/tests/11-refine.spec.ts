// Refining a base resume with the fake LLM: the stages in order, the job analysis, role cards
// one by one with original and refined side by side, a planted invented metric flagged, a
// rejected role kept as it was, Save as new (the primary choice), Replace the base resume (asks
// first; a new revision of the base), reconnecting
// after a reload, a failing role resumed without redoing the others, and cancelling.
import { apiJson } from './fixtures/api';
import { CASEY } from './fixtures/accounts';
import { DashboardPage } from './fixtures/dashboard_page';
import { fakeLlmCalls, resetFakeLlmCalls, scriptFakeLlm } from './fixtures/fake_llm';
import { LoginPage } from './fixtures/login_page';
import { RefinePage } from './fixtures/refine_page';
import { checkScreen } from './fixtures/screens';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

const BASE = 'Refinement base';
const STAGES = ['parse', 'analysis', 'roles', 'introduction', 'coverage'];
const JOB = [
  'Senior Platform Engineer',
  'Company: Hooli',
  'Location: Remote',
  '',
  'We build developer platforms with Rust, Kubernetes and PostgreSQL.',
  '- Operate Kubernetes clusters for product teams',
  '- Build internal tooling in Rust',
].join('\n');

function role(company: string, title: string, start: string, end: string | null, lines: string[], skills: string[]): string {
  return [
    '### Role',
    '',
    '#### Basics',
    '',
    `Company: ${company}`,
    `Title: ${title}`,
    'Employment type: Full-time',
    'Location: Remote',
    `Start date: ${start}`,
    ...(end ? [`End date: ${end}`] : []),
    '',
    '#### Summary',
    '',
    `Platform work for the teams of ${company}.`,
    '',
    '#### Responsibilities',
    '',
    ...lines.map((line) => `* ${line}`),
    '',
    '#### Skills',
    '',
    ...skills.map((skill) => `* ${skill}`),
    '',
  ].join('\n');
}

const CONTENT = [
  '# Personal',
  '',
  '## Contact Information',
  '',
  'Name: Casey Example',
  'Email: casey@example.com',
  'Location: Berlin, Germany',
  '',
  '## Banner',
  '',
  'Engineer who builds platforms.',
  '',
  '# Experience',
  '',
  '## Roles',
  '',
  role('Initech', 'Platform Engineer', '01/2021', null, ['Operated Kubernetes clusters for twelve teams', 'Wrote deployment tooling in Rust'], ['Rust', 'Kubernetes']),
  role('Umbrella Health', 'Backend Engineer', '03/2018', '12/2020', ['Built billing services', 'Ran PostgreSQL upgrades'], ['Go', 'PostgreSQL']),
  role('Acme Widgets', 'Software Engineer', '06/2015', '02/2018', ['Maintained the order system', 'Added monitoring'], ['Python']),
].join('\n');

let baseId = '';

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
});

test.afterAll(async () => {
  await scriptFakeLlm({});
});

test('a refinement streams its progress; a rejected role stays as it was in the resume saved as new', async ({ page }) => {
  // The instance's endpoint (the fake LLM), whatever earlier flows set. A server on loopback
  // gets one request at a time unless the user says otherwise; the fake answers in parallel,
  // and the roles below must overtake one another.
  await apiJson(page, 'PUT', '/settings', {
    llm_endpoint: null,
    api_key: null,
    llm_options: { concurrency: 4 },
  });
  const created = await apiJson(page, 'POST', '/resumes', { name: BASE, content: CONTENT });
  baseId = created.id;
  const base = await apiJson(page, 'GET', `/resumes/${baseId}`);
  // Planted invented facts in every answer; the roles finish one after the other.
  await scriptFakeLlm({
    latency_ms: 200,
    plant_invented_facts: true,
    faults: [
      { kind: 'refine_role', contains: 'Umbrella Health', action: { type: 'delay', ms: 2000 } },
      { kind: 'refine_role', contains: 'Acme Widgets', action: { type: 'delay', ms: 12000 } },
    ],
  });

  // The entry point on the dashboard.
  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  await dashboard.filter.fill(BASE);
  await dashboard.row(BASE).getByTestId('refine-resume').click();
  await expect(page).toHaveURL(new RegExp(`/resumes/${baseId}/refine$`));
  const refine = new RefinePage(page);
  await expect(refine.title).toContainText(BASE);
  await checkScreen(page, 'refine-form');

  await refine.start.click();
  await expect(refine.jobDescriptionError).toHaveText('Paste the job description.');
  await expect(refine.jobDescription).toHaveAttribute('aria-invalid', 'true');
  await checkScreen(page, 'refine-form-errors');

  await refine.startRefinement({ jobDescription: JOB, notes: 'Referred by Sam.' });
  await expect(page).toHaveURL(/\?job=[0-9a-f-]{36}$/);

  // The analysis shows as soon as it arrives; the roles come one by one.
  await expect(refine.analysis).toBeVisible();
  await expect(refine.analysisSkills.filter({ hasText: 'Kubernetes' })).toHaveCount(1);
  await expect(refine.cards).toHaveCount(1);
  await expect(refine.stage('roles')).toHaveAttribute('data-state', 'active');
  await expect(refine.cancel).toBeVisible();
  await expect(refine.cards).toHaveCount(2);
  // The third role takes a while longer.
  await checkScreen(page, 'refine-running');
  await expect(refine.cards).toHaveCount(3, { timeout: 20_000 });
  await expect(refine.status).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  for (const stage of STAGES) {
    await expect(refine.stage(stage as 'parse')).toHaveAttribute('data-state', 'done');
  }
  // The stages in the order they ran.
  const seen = (await refine.progressStages()).filter((stage, i, all) => i === 0 || all[i - 1] !== stage);
  expect(seen).toEqual(STAGES);

  // Original and refined side by side; the planted metric is flagged and marked.
  const first = refine.card(0);
  await expect(first.getByTestId('role-original')).toContainText('Operated Kubernetes clusters');
  await expect(first.getByTestId('role-refined')).toContainText('45%');
  await expect(first.getByTestId('role-flag').filter({ hasText: '45%' })).toHaveCount(1);
  await expect(first.getByTestId('flagged-term').filter({ hasText: '45%' })).toHaveCount(1);
  await expect(refine.introduction).toBeVisible();
  await expect(refine.coverage.getByTestId('coverage-after')).toHaveText(/\d+%/);
  await checkScreen(page, 'refine-finished');

  // Reject the second role, keep the others.
  await refine.card(1).getByTestId('role-reject').click();
  await expect(refine.card(1).getByTestId('role-decision')).toHaveText('The original text will be kept.');
  await expect(page.getByTestId('refine-accepted-count')).toContainText('2 roles');

  // Save as new is the first and primary choice; replacing the base is the plain one after it.
  const choices = refine.decision.getByRole('button');
  await expect(choices.first()).toHaveText('Save as new…');
  await expect(refine.accept).toHaveText('Replace the base resume…');
  // Save as new: the company comes from the analysis.
  await refine.saveNew.click();
  await expect(refine.saveDialog).toBeVisible();
  await expect(refine.saveCompany).toHaveValue('Hooli');
  await expect(refine.saveName).toHaveValue(`${BASE} – Hooli`);
  await expect(refine.saveNotes).toHaveValue('Referred by Sam.');
  await checkScreen(page, 'refine-save-dialog');
  await refine.saveName.fill(`${BASE} for Hooli`);
  await refine.saveSubmit.click();
  await expect(page).toHaveURL(/\/resumes\/[0-9a-f-]{36}$/);
  const tailoredId = new URL(page.url()).pathname.split('/').pop() ?? '';
  expect(tailoredId).not.toBe(baseId);

  const tailored = await apiJson(page, 'GET', `/resumes/${tailoredId}`);
  expect(tailored.kind).toBe('tailored');
  expect(tailored.name).toBe(`${BASE} for Hooli`);
  expect(tailored.company).toBe('Hooli');
  expect(tailored.parent.id).toBe(baseId);
  expect(tailored.job_description).toBe(JOB);
  const roles = tailored.resume.experience.roles;
  const baseRoles = base.resume.experience.roles;
  expect(roles[1]).toEqual(baseRoles[1]);
  expect(roles[0].responsibilities).toContain('45%');
  expect(roles[0].responsibilities).not.toEqual(baseRoles[0].responsibilities);
});

test('Replace the base resume asks first, then makes a new revision; a reload reconnects to the running job', async ({ page }) => {
  const before = await apiJson(page, 'GET', `/resumes/${baseId}/revisions`);
  await scriptFakeLlm({
    latency_ms: 100,
    faults: [{ kind: 'refine_role', contains: 'Acme Widgets', action: { type: 'delay', ms: 4000 } }],
  });
  const refine = new RefinePage(page);
  await refine.goto(baseId);
  await refine.startRefinement({ jobDescription: JOB, company: 'Hooli' });
  await expect(refine.cards).toHaveCount(2);
  const job = refine.jobId();

  // Reloading follows the same job: the stream replays what happened and goes on.
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`job=${job}`));
  await expect(refine.cards).toHaveCount(2);
  await expect(refine.status).toHaveAttribute('data-status', 'running');
  await expect(refine.cards).toHaveCount(3);
  await expect(refine.status).toHaveAttribute('data-status', 'succeeded');

  // Replacing asks first, saying what is replaced; Cancel changes nothing.
  const version = (await apiJson(page, 'GET', `/resumes/${baseId}`)).version;
  await refine.accept.click();
  await expect(refine.acceptDialog).toBeVisible();
  await expect(refine.acceptDialog).toContainText(`“${BASE}” gets the refined text of the 3 roles you accepted`);
  await expect(refine.acceptDialog).toContainText('the current text stays in the history');
  await expect(refine.acceptCancel).toBeFocused();
  await checkScreen(page, 'refine-replace-dialog');
  await refine.acceptCancel.click();
  await expect(refine.acceptDialog).toHaveCount(0);
  expect((await apiJson(page, 'GET', `/resumes/${baseId}`)).version).toBe(version);

  await refine.replaceBase();
  await expect(page).toHaveURL(new RegExp(`/resumes/${baseId}$`));
  await expect(new Shell(page).successToasts.last()).toContainText('replaced the base resume');
  const after = await apiJson(page, 'GET', `/resumes/${baseId}/revisions`);
  expect(after.items.length).toBe(before.items.length + 1);
  expect(after.items[0].reason).toBe('refinement applied');
});

test('a role that keeps failing stops the job; Resume refines only that role', async ({ page }) => {
  await scriptFakeLlm({
    faults: [{ kind: 'refine_role', contains: 'Acme Widgets', action: { type: 'status', status: 500 } }],
  });
  const refine = new RefinePage(page);
  await refine.goto(baseId);
  await refine.startRefinement({ jobDescription: JOB });
  await expect(refine.status).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  await expect(refine.error).toContainText('could not be refined');
  await expect(refine.card(2)).toHaveAttribute('data-status', 'failed');
  await expect(refine.card(2).getByTestId('role-failed-title')).toHaveText(/ at Acme Widgets$/);
  await expect(refine.card(0)).toHaveAttribute('data-status', 'refined');
  await expect(refine.card(1)).toHaveAttribute('data-status', 'refined');
  await expect(refine.resume).toBeVisible();
  await expect(refine.decision).toHaveCount(0);
  await checkScreen(page, 'refine-failed');

  // A reload replays the finished run: still failed, still resumable.
  await page.reload();
  await expect(refine.status).toHaveAttribute('data-status', 'failed');
  await expect(refine.card(2)).toHaveAttribute('data-status', 'failed');
  await expect(refine.card(2).getByTestId('role-failed-title')).toHaveText(/ at Acme Widgets$/);

  await scriptFakeLlm({});
  await resetFakeLlmCalls();
  await refine.resume.click();
  await expect(refine.status).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(refine.card(2)).toHaveAttribute('data-status', 'refined');
  await expect(refine.cards).toHaveCount(3);
  const calls = await fakeLlmCalls();
  expect(calls.by_kind.refine_role).toBe(1);

  // Discard: back to the form, the base unchanged.
  const version = (await apiJson(page, 'GET', `/resumes/${baseId}`)).version;
  await refine.discard.click();
  await expect(refine.form).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/resumes/${baseId}/refine$`));
  expect((await apiJson(page, 'GET', `/resumes/${baseId}`)).version).toBe(version);
});

test('a running refinement can be cancelled and resumed', async ({ page }) => {
  await scriptFakeLlm({ latency_ms: 1500 });
  const refine = new RefinePage(page);
  await refine.goto(baseId);
  await refine.startRefinement({ jobDescription: JOB });
  await expect(refine.status).toHaveAttribute('data-status', /queued|running/);
  await refine.cancel.click();
  await expect(refine.status).toHaveAttribute('data-status', 'cancelled');
  await expect(refine.resume).toBeVisible();
  await checkScreen(page, 'refine-cancelled');

  await scriptFakeLlm({});
  await refine.resume.click();
  await expect(refine.status).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(refine.cards).toHaveCount(3);
});

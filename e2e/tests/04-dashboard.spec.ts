// The dashboard: creating a resume opens it; base and tailored resumes with company, notes and
// parent; the filter (as you type), the kind tabs, sorting and paging; deleting with a
// confirmation that says what goes to the trash; restoring and deleting for good in the trash.
import { apiJson } from './fixtures/api';
import { CASEY } from './fixtures/accounts';
import { DashboardPage, TrashPage } from './fixtures/dashboard_page';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { makeTailoredCopy } from './fixtures/seed';
import { Shell } from './fixtures/shell';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

const BASE = 'Platform engineer';
const TAILORED = 'Platform engineer for Initech';
const MORE: { name: string; company?: string; notes?: string }[] = [
  { name: 'Data analyst', company: 'Acme' },
  { name: 'Backend developer', company: 'Globex' },
  { name: 'Cloud architect', company: 'Acme', notes: 'Remote only, Europe time zones.' },
  { name: 'Engineering manager' },
  { name: 'Frontend developer' },
  { name: 'Mobile developer' },
  { name: 'QA engineer' },
  { name: 'Security engineer' },
  { name: 'Site reliability engineer' },
  { name: 'Technical writer' },
  { name: 'UX designer' },
];

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY);
});

test('creating a resume opens it in the editor route', async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.goto();

  await dashboard.createResume('   ');
  await expect(dashboard.newNameError).not.toBeEmpty();

  await dashboard.createResume(BASE);

  await expect(page).toHaveURL(/\/resumes\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('editor-name')).toHaveText(BASE);
  await checkScreen(page, 'editor');
  await page.getByTestId('back-to-dashboard').click();
  await expect(dashboard.row(BASE)).toBeVisible();
});

test('the list shows base and tailored resumes, filters as you type, sorts and pages', async ({ page }) => {
  // Arrange: a tailored copy of the base resume, and eleven more resumes.
  await makeTailoredCopy(page, BASE, {
    name: TAILORED,
    company: 'Initech',
    notes:
      'Applied through the careers site on Monday. Follow up with the hiring manager about the platform team, the on-call rotation and the relocation package.',
  });
  for (const resume of MORE) {
    const created = await apiJson(page, 'POST', '/resumes', { name: resume.name });
    if (resume.company || resume.notes) {
      await apiJson(page, 'PUT', `/resumes/${created.id}`, {
        version: created.version,
        company: resume.company,
        notes: resume.notes,
      });
    }
  }
  const dashboard = new DashboardPage(page);
  await dashboard.goto();

  // Paging: 13 resumes, 10 to a page.
  await expect(dashboard.pagerStatus).toHaveText('Page 1 of 2 · 13 resumes');
  await expect(dashboard.rows).toHaveCount(10);
  await dashboard.next.click();
  await expect(dashboard.pagerStatus).toHaveText('Page 2 of 2 · 13 resumes');
  await expect(dashboard.rows).toHaveCount(3);
  await dashboard.previous.click();
  await expect(dashboard.rows).toHaveCount(10);
  await dashboard.perPage.selectOption('20');
  await expect(dashboard.rows).toHaveCount(13);
  await checkScreen(page, 'dashboard');

  // The tailored resume: kind, company, parent, notes preview.
  await dashboard.kindTab('tailored').click();
  await expect(dashboard.rows).toHaveCount(1);
  const tailored = dashboard.row(TAILORED);
  await expect(tailored.getByTestId('resume-kind')).toHaveText('Tailored');
  await expect(tailored.getByTestId('resume-company')).toHaveText('Initech');
  await expect(tailored.getByTestId('resume-parent')).toHaveText(BASE);
  await expect(tailored.getByTestId('resume-notes')).toContainText('Applied through the careers site');
  await expect(tailored.getByTestId('resume-notes')).toContainText('…');
  await dashboard.kindTab('base').click();
  await expect(dashboard.rows).toHaveCount(12);
  await dashboard.kindTab('all').click();
  await expect(dashboard.rows).toHaveCount(13);

  // The filter applies as you type: every term must match the name, company or notes.
  await dashboard.filter.pressSequentially('acme');
  await expect(dashboard.rows).toHaveCount(2);
  expect((await dashboard.names()).sort()).toEqual(['Cloud architect', 'Data analyst']);
  await dashboard.filter.pressSequentially(' remote');
  await expect(dashboard.rows).toHaveCount(1);
  await expect(dashboard.row('Cloud architect')).toBeVisible();
  await dashboard.filter.fill('no such resume');
  await expect(dashboard.empty).toHaveText('No resume matches the filter.');
  await checkScreen(page, 'dashboard-no-match');
  await dashboard.filter.fill('');
  await expect(dashboard.rows).toHaveCount(13);

  // Sorting.
  await dashboard.sort.selectOption('name');
  await expect(dashboard.rows.first().getByTestId('resume-link')).toHaveText('Backend developer');
  await dashboard.sort.selectOption('-name');
  await expect(dashboard.rows.first().getByTestId('resume-link')).toHaveText('UX designer');
  await dashboard.sort.selectOption('company');
  await expect(dashboard.rows.nth(0).getByTestId('resume-company')).toHaveText('Acme');
  await expect(dashboard.rows.nth(1).getByTestId('resume-company')).toHaveText('Acme');
  await expect(dashboard.rows.nth(2).getByTestId('resume-company')).toHaveText('Globex');
  await expect(dashboard.rows.nth(3).getByTestId('resume-company')).toHaveText('Initech');
  await dashboard.sort.selectOption('created');
  await expect(dashboard.rows.first().getByTestId('resume-link')).toHaveText(new RegExp(`^${BASE}`));
  await dashboard.sort.selectOption('-created');
  await expect(dashboard.rows.first().getByTestId('resume-link')).toHaveText('UX designer');
});

test('deleting a base resume says which tailored resumes go with it; the trash restores them', async ({ page }) => {
  const dashboard = new DashboardPage(page);
  const shell = new Shell(page);
  await dashboard.goto();
  await dashboard.perPage.selectOption('20');

  // Escape closes the confirmation without deleting.
  await dashboard.openDelete(BASE);
  await expect(page.getByTestId('delete-summary')).toHaveText(
    `Its 1 tailored resume goes to the trash with it: “${TAILORED}”.`,
  );
  await checkScreen(page, 'delete-dialog');
  await page.keyboard.press('Escape');
  await expect(dashboard.deleteDialog).toHaveCount(0);
  await expect(dashboard.rows).toHaveCount(13);

  await dashboard.openDelete(BASE);
  await page.getByTestId('delete-dialog-confirm').click();

  await expect(shell.successToasts.last()).toContainText('Moved 2 resumes to the trash');
  await expect(dashboard.rows).toHaveCount(11);
  await expect(dashboard.row(BASE)).toHaveCount(0);
  await expect(dashboard.row(TAILORED)).toHaveCount(0);

  const trash = new TrashPage(page);
  await shell.navTrash.click();
  await expect(trash.rows).toHaveCount(2);
  expect((await trash.names()).sort()).toEqual([BASE, TAILORED]);
  await checkScreen(page, 'trash');

  // A tailored resume cannot come back before its base.
  await trash.row(TAILORED).getByTestId('trash-restore').click();
  await expect(shell.errorToasts.last()).toBeVisible();
  await expect(trash.rows).toHaveCount(2);

  await trash.row(BASE).getByTestId('trash-restore').click();
  await expect(shell.successToasts.last()).toContainText('Restored 2 resumes');
  await expect(trash.empty).toBeVisible();
  await shell.navDashboard.click();
  await dashboard.perPage.selectOption('20');
  await expect(dashboard.rows).toHaveCount(13);
  await expect(dashboard.row(TAILORED)).toBeVisible();
});

test('a resume in the trash can be deleted for good', async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  await dashboard.perPage.selectOption('20');
  await dashboard.openDelete('Technical writer');
  await expect(page.getByTestId('delete-summary')).toHaveText(
    'It has no tailored resumes: only this resume goes to the trash.',
  );
  await page.getByTestId('delete-dialog-confirm').click();
  await expect(dashboard.row('Technical writer')).toHaveCount(0);

  const trash = new TrashPage(page);
  await trash.goto();
  await trash.row('Technical writer').getByTestId('trash-purge').click();
  await expect(trash.purgeDialog).toBeVisible();
  await checkScreen(page, 'purge-dialog');
  await page.getByTestId('purge-dialog-confirm').click();
  await expect(trash.empty).toBeVisible();
});

// The history of a resume: every save is a revision with when, why and who; the diff between
// two versions shows the change; restoring the first version makes it current again as a new
// version.
import { apiJson } from './fixtures/api';
import { CASEY } from './fixtures/accounts';
import { EditorPage } from './fixtures/editor_page';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { expect, test } from './fixtures/test';

const FIRST = `# Personal

## Contact Information

Name: Riley Example
Email: riley@example.com
`;

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
});

test('two saves, the diff between them, and restoring the first version', async ({ page }) => {
  const created = await apiJson<{ id: string }>(page, 'POST', '/resumes', {
    name: 'Editor history',
    content: FIRST,
  });
  const editor = new EditorPage(page);
  await editor.goto(created.id);

  await editor.setText(FIRST.replace('riley@example.com', 'riley@work.example.com'));
  await editor.save.click();
  await editor.savedAs(2);
  await editor.setText(
    (await editor.text.inputValue()).replace('Email: riley@work.example.com', 'Email: riley@work.example.com\nPhone: 555-0199'),
  );
  await editor.save.click();
  await editor.savedAs(3);

  await editor.tab('history').click();
  const rows = page.getByTestId('revision-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.first().getByTestId('revision-version')).toHaveText('3');
  await expect(rows.first()).toContainText('casey');
  await expect(rows.last().getByTestId('revision-reason')).toHaveText('create');

  // The diff between the two saves.
  await page.getByTestId('diff-from').selectOption('2');
  await page.getByTestId('diff-to').selectOption('3');
  await page.getByTestId('diff-show').click();
  await expect(page.getByTestId('diff-added')).toContainText(['Phone: 555-0199']);
  await expect(page.getByTestId('diff-removed')).toHaveCount(0);
  // And from the first version to the last.
  await page.getByTestId('diff-from').selectOption('1');
  await page.getByTestId('diff-show').click();
  await expect(page.getByTestId('diff-removed')).toContainText(['Email: riley@example.com']);
  await checkScreen(page, 'editor-history');

  // Restore the first version.
  await rows.last().getByTestId('revision-restore').click();
  await page.getByTestId('restore-dialog-confirm').click();
  await editor.savedAs(4);
  await expect(rows).toHaveCount(4);
  await expect(rows.first().getByTestId('revision-reason')).toHaveText('restore');
  await editor.tab('text').click();
  await expect(editor.text).toHaveValue(/Email: riley@example\.com/);
  await expect(editor.text).not.toHaveValue(/Phone/);
  await page.reload();
  await editor.text.waitFor();
  await expect(editor.text).toHaveValue(/Email: riley@example\.com/);
  await expect(editor.text).not.toHaveValue(/Phone/);
});

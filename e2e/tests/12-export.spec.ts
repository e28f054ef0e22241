// The export dialog's templates: a card per template with a picture of the user's own resume,
// each design's options (accent colour, page size) carried into its picture and its PDF and
// Word files, the full-size preview with its pages, the page size the browser's locale
// suggests, and the choices remembered after a reload.
import type { Page } from '@playwright/test';

import { apiJson } from './fixtures/api';
import { CASEY } from './fixtures/accounts';
import { EditorPage, pdfPages, pdfText, zipEntries, zipText } from './fixtures/editor_page';
import { LoginPage } from './fixtures/login_page';
import { checkScreen } from './fixtures/screens';
import { expect, test } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

const RESUME_TEXT = `# Personal

## Contact Information

Name: Morgan Example
Email: morgan@example.com
Location: Toronto, Canada

# Experience

## Roles

### Role

#### Basics

Company: Harbour Freight Systems
Title: Staff Engineer
Start date: 03/2020

#### Responsibilities

* Led the **platform** team through a move to *managed* databases

### Role

#### Basics

Company: Maple Data
Title: Data Engineer
Start date: 01/2016
End date: 02/2020

#### Responsibilities

* Built the nightly reporting pipelines
`;

/** The role title the spec gives the first role through the editor before exporting. */
const EDITED_TITLE = 'Principal Export Engineer';

async function createResume(page: Page, name: string): Promise<string> {
  const created = await apiJson<{ id: string }>(page, 'POST', '/resumes', { name, content: RESUME_TEXT });
  return created.id;
}

/** Waits until the picture of `template` has loaded (a page image, not a broken one). */
async function thumbnailLoaded(page: Page, template: string): Promise<void> {
  const thumbnail = page.getByTestId(`export-thumbnail-${template}`);
  await thumbnail.scrollIntoViewIfNeeded();
  await expect
    .poll(() => thumbnail.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
}

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).loginAs(CASEY, CASEY.newPassword);
});

test.describe('in a US English browser', () => {
  test.use({ locale: 'en-US' });

  test('every design exports PDF and Word with its options, and the choices are remembered', async ({ page }) => {
    test.setTimeout(180_000);
    const id = await createResume(page, 'Export templates');
    const editor = new EditorPage(page);
    await editor.goto(id);

    // A role title edited in the text, and bold and italic in the live preview.
    await editor.setText(RESUME_TEXT.replace('Title: Staff Engineer', `Title: ${EDITED_TITLE}`));
    await editor.save.click();
    await editor.savedAs(2);
    await expect(editor.preview.locator('span.font-bold', { hasText: 'platform' })).toBeVisible();
    await expect(editor.preview.locator('span.italic', { hasText: 'managed' })).toBeVisible();
    await expect(editor.preview).not.toContainText('**');

    await editor.openExport();
    const cards = page.getByTestId('export-template-card');
    await expect(cards).toHaveCount(5);
    for (const template of ['modern', 'classic', 'compact', 'original-ats', 'original-plain']) {
      await expect(page.getByTestId(`export-template-${template}`)).toHaveCount(1);
    }
    // The originals are Word only, without a picture; the designs offer PDF and Word.
    await expect(page.getByTestId('export-thumbnail-original-ats')).toHaveCount(0);
    await expect(cards.filter({ has: page.getByTestId('export-template-original-ats') })).toContainText('Word');
    await expect(cards.filter({ has: page.getByTestId('export-template-modern') })).toContainText('PDF');
    // Nothing remembered yet: the first design, and the locale's page size (en-US: Letter).
    await expect(page.getByTestId('export-template-modern')).toBeChecked();
    await expect(page.getByTestId('export-option-paper')).toHaveValue('letter');
    await expect(page.getByTestId('export-option-font_size')).toHaveAttribute('type', 'number');
    await expect(page.getByTestId('export-section-experience')).toBeChecked();
    await thumbnailLoaded(page, 'modern');
    await checkScreen(page, 'editor-export-templates');

    const designs = [
      { template: 'modern', accent: '#aa3300', paper: 'a4', size: 'A4' },
      { template: 'classic', accent: '#225588', paper: 'letter', size: 'letter' },
      { template: 'compact', accent: '#117744', paper: 'a4', size: 'A4' },
    ];
    for (const design of designs) {
      await editor.chooseTemplate(design.template);
      await page.getByTestId('export-option-accent').fill(design.accent);
      await page.getByTestId('export-option-paper').selectOption(design.paper);

      // The picture shows the resume with these options.
      const thumbnail = page.getByTestId(`export-thumbnail-${design.template}`);
      await expect(thumbnail).toHaveAttribute('src', new RegExp(`accent=${encodeURIComponent(design.accent)}`));
      await expect(thumbnail).toHaveAttribute('src', new RegExp(`paper=${design.paper}`));
      await thumbnailLoaded(page, design.template);

      const pdf = await editor.download('pdf');
      expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
      expect(await pdfText(pdf)).toContain(EDITED_TITLE);
      expect((await pdfPages(pdf)).size).toBe(design.size);

      const docx = await editor.download('docx');
      expect(docx.suggestedFilename()).toMatch(/\.docx$/);
      expect(await zipEntries(docx)).toContain('word/document.xml');
      expect(await zipText(docx, 'word/document.xml')).toContain(EDITED_TITLE);
    }

    // The full-size preview of the chosen design, page by page.
    await page.getByTestId('export-preview-open').click();
    const image = page.getByTestId('export-preview-image');
    await expect(image).toHaveAttribute('src', /width=1000/);
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect(page.getByTestId('export-preview-page')).toHaveText(/^Page 1 of \d+$/);
    const pages = Number((await page.getByTestId('export-preview-page').textContent())?.split(' of ')[1]);
    if (pages > 1) {
      await page.getByTestId('export-preview-next').click();
      await expect(page.getByTestId('export-preview-page')).toHaveText(`Page 2 of ${pages}`);
      await expect(image).toHaveAttribute('src', /page=2/);
    } else {
      await expect(page.getByTestId('export-preview-next')).toBeDisabled();
    }
    await checkScreen(page, 'editor-export-preview');
    await page.getByTestId('export-preview-close').click();
    await expect(page.getByTestId('export-preview')).toHaveCount(0);

    // After a reload the dialog opens with the last choices.
    await page.getByTestId('export-close').click();
    await page.reload();
    await editor.text.waitFor();
    await editor.openExport();
    await expect(page.getByTestId('export-template-compact')).toBeChecked();
    await expect(page.getByTestId('export-option-accent')).toHaveValue('#117744');
    await expect(page.getByTestId('export-option-paper')).toHaveValue('a4');
    const stored = await apiJson(page, 'GET', `/resumes/${id}`);
    expect(stored.export_preferences).toMatchObject({
      format: 'docx',
      template: 'compact',
      accent: '#117744',
      paper: 'a4',
    });
  });
});

test.describe('in a German browser', () => {
  test.use({ locale: 'de-DE' });

  test('without a remembered page size the locale suggests A4', async ({ page }) => {
    const id = await createResume(page, 'Export in German locale');
    const editor = new EditorPage(page);
    await editor.goto(id);
    await editor.openExport();
    await expect(page.getByTestId('export-template-modern')).toBeChecked();
    await expect(page.getByTestId('export-option-paper')).toHaveValue('a4');
    await expect(page.getByTestId('export-download-pdf')).toHaveAttribute('href', /paper=a4/);
  });
});

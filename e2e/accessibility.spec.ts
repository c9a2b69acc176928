import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { HUB_URL } from './ports';
import { expectRanked, revealCard } from './tagger-page';

/** Light and dark on a laptop, and a phone: each must have no serious or critical axe-core violation. */
const MODES = [
  { name: 'light', options: { viewport: { width: 1280, height: 800 }, colorScheme: 'light' as const } },
  { name: 'dark', options: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' as const } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
];

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** Opens every folded panel, so that what they hold is checked too. */
async function openPanels(page: Page): Promise<void> {
  const folded = page.locator('details:not([open]) > summary:visible');
  while ((await folded.count()) > 0) await folded.first().click();
}

/** The demo's photos, whose names say their right label ("red-circle-64.png": red circle). */
const DEMO_PHOTOS = [
  'red-circle-64.png',
  'blue-square-64.png',
  'yellow-triangle-64.png',
  'blue-circle-64.png',
  'purple-square-64.jpg',
  'green-star-128x96.png',
  'orange-square-200x300.png',
  'purple-triangle-640x480.png',
  'yellow-star-90x64.png',
  'orange-circle-96x128.jpg',
  'red-star-300x200.png',
  'green-triangle-160x160.png',
];

for (const mode of MODES) {
  test.describe(mode.name, () => {
    test.use(mode.options);

    test(`axe-core finds nothing serious: ${mode.name}`, async ({ page }) => {
      await page.goto(`./?host=${encodeURIComponent(HUB_URL)}`);
      await page
        .getByRole('region', { name: 'Choose a model' })
        .getByText(/On this device/)
        .waitFor();
      expect(await seriousViolations(page), 'the first screen').toEqual([]);

      await page.getByRole('button', { name: /^Try the demo/ }).click();
      await expectRanked(page, ['red-circle-64.png'], 12);
      // Corrections and an accuracy check, so that the examples list and the report are checked too.
      await page.getByRole('combobox', { name: 'Correct it: red-circle-64.png' }).selectOption('red circle');
      await revealCard(page, 'blue-circle-64.png');
      await page.getByRole('combobox', { name: 'Correct it: blue-circle-64.png' }).selectOption('not blue square');
      const answers = DEMO_PHOTOS.map((name) => `${name},${name.replace(/-\d.*$/, '').replace('-', ' ')}`);
      await page.getByLabel('Add a CSV of answers').setInputFiles({
        name: 'answers.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`file,label\n${answers.join('\n')}\n`),
      });
      await expect(page.getByText('Answers from answers.csv (12 photos).')).toBeAttached();
      await page.getByText('Check accuracy on labelled photos').click();
      await page.getByRole('button', { name: 'Check accuracy', exact: true }).click();
      await expect(page.getByRole('img', { name: /^Confusion matrix of 12 photos/ })).toBeVisible();
      await openPanels(page);
      expect(await seriousViolations(page), 'examples and the accuracy report').toEqual([]);
      await page.screenshot({ path: `test-results/screenshots/evaluation-${mode.name}.png`, fullPage: true });
      // Two right labels on one photo: the report checks tagging, with its precision-recall curve.
      await page.getByLabel('Add a CSV of answers').setInputFiles({
        name: 'tags.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`red-circle-64.png,red circle,red star\n${answers.slice(1).join('\n')}\n`),
      });
      await expect(page.getByText('Answers from tags.csv (12 photos).')).toBeAttached();
      await page.getByRole('button', { name: 'Check accuracy', exact: true }).click();
      await expect(page.getByRole('img', { name: /^Precision against recall/ })).toBeVisible();
      expect(await seriousViolations(page), 'the tagging report').toEqual([]);
      await page.getByRole('button', { name: 'Close the report' }).click();
      await openPanels(page);
      await page.getByRole('radio', { name: 'Tag all that apply' }).check();
      await expect(page.locator('.tag').first()).toBeVisible();
      // Cards off screen skip rendering (content-visibility); a tall viewport brings them all in.
      await page.setViewportSize({ width: mode.options.viewport.width, height: 4000 });
      expect(await seriousViolations(page), 'results, tags and every panel open').toEqual([]);
      // Every panel open, the export menu too: nothing makes the page scroll sideways.
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBe(mode.options.viewport.width);
      await page.screenshot({ path: `test-results/screenshots/cards-${mode.name}.png` });

      await page.getByRole('button', { name: 'Table', exact: true }).click();
      await page.getByRole('button', { name: 'Remove red-circle-64.png' }).waitFor({ state: 'detached' });
      await page.getByRole('table', { name: 'Photo table' }).locator('tbody tr[data-index]').first().focus();
      await page.keyboard.press('Delete');
      await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
      expect(await seriousViolations(page), 'the table, and the offer to undo').toEqual([]);
      await page.screenshot({ path: `test-results/screenshots/table-${mode.name}.png` });
      await page.getByRole('button', { name: 'Cards', exact: true }).click();

      await page.getByRole('button', { name: 'Model settings' }).first().click();
      await expect(page.getByRole('dialog', { name: 'Model settings' })).toBeVisible();
      expect(await seriousViolations(page), 'the settings dialog').toEqual([]);
    });
  });
}

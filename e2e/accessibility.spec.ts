import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { HUB_URL } from './ports';
import { expectRanked } from './tagger-page';

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
      await openPanels(page);
      await page.getByRole('radio', { name: 'Tag all that apply' }).check();
      await expect(page.locator('.tag').first()).toBeVisible();
      // Cards off screen skip rendering (content-visibility); a tall viewport brings them all in.
      await page.setViewportSize({ width: mode.options.viewport.width, height: 4000 });
      expect(await seriousViolations(page), 'results, tags and every panel open').toEqual([]);
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

import { basename } from 'node:path';
import { expect, test } from './fixtures';
import { catalogEntry } from '../src/core/catalog';
import { formatBytes } from '../src/core/progress';
import { HUB_URL } from './ports';
import { loadReference, probePath } from './reference';
import { dropFiles, expectRanked, openWithModel, rankingOf } from './tagger-page';

const reference = loadReference();
const hub = `./?host=${encodeURIComponent(HUB_URL)}`;

test('asks before downloading: no model file is fetched until a model is chosen', async ({ page }) => {
  const modelFiles: string[] = [];
  page.context().on('request', (request) => {
    if (request.url().endsWith('.onnx')) modelFiles.push(request.url());
  });
  await page.goto(hub);
  const picker = page.getByRole('region', { name: 'Choose a model' });
  await expect(picker).toContainText('On this device it will run on the processor');
  await expect(picker.getByRole('button', { name: 'Download 154 MB and use: CLIP ViT-B/32' })).toBeVisible();
  await expect(picker.getByRole('button', { name: 'Download 211 MB and use: SigLIP B/16' })).toBeVisible();
  await page.waitForTimeout(1000); // Long enough for an eager download to have started.
  expect(modelFiles).toEqual([]);

  await picker.getByRole('button', { name: /^Try the demo/ }).click();
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  expect(modelFiles.length).toBeGreaterThan(0);
  expect(modelFiles.every((url) => url.includes('/models/cliptag/toy-clip/'))).toBe(true);
});

test("the demo's labels name every demo photo, and each photo's top label is right", async ({ page }) => {
  await page.goto(hub);
  await page.getByRole('button', { name: /^Try the demo/ }).click();
  const photos = [
    ...reference.probes.map((probe) => ({ name: basename(probe.file), labels: [probe.true_label] })),
    ...reference.scene_probes.map((scene) => ({ name: basename(scene.file), labels: scene.labels })),
  ];
  const labelCount = await page.getByRole('button', { name: /^Remove label / }).count();
  await expectRanked(
    page,
    photos.map((photo) => photo.name),
    labelCount,
  );
  const wrong: string[] = [];
  for (const { name, labels } of photos) {
    const ranking = await rankingOf(page, name);
    expect(
      ranking.map((row) => row.label),
      `${name}: the demo's labels include its own`,
    ).toEqual(expect.arrayContaining(labels));
    if (!labels.includes(ranking[0]!.label)) wrong.push(name);
  }
  expect(wrong).toEqual([]);
  await expect(page.locator('[aria-live="polite"]')).toHaveText(new RegExp(`^${photos.length} photos ranked; top: `));
});

test('a model downloaded before loads at once on the next visit, and the choice is remembered', async ({ page }) => {
  await openWithModel(page, reference.model);
  await page.goto(hub);
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  await expect(page.getByRole('region', { name: 'Choose a model' })).toHaveCount(0);
});

test('the download shows its size from the start, and Cancel stops it and offers the models again', async ({
  page,
}) => {
  const stalled: string[] = [];
  // A host that answers everything but the vision encoder, which never comes: a stalled download.
  await page.route(`${HUB_URL}**/vision_model_quantized.onnx`, (route) => {
    stalled.push(route.request().url());
  });
  await page.goto(`${hub}&model=${encodeURIComponent(reference.model)}`);
  const size = formatBytes(catalogEntry(reference.model)!.encoderBytes.q8!);
  await expect(page.getByRole('status').first()).toContainText(
    new RegExp(`Loading Demo: toy CLIP \\(built in\\)… .* of ${size.replace('.', '\\.')}`),
  );
  await expect.poll(() => stalled.length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('region', { name: 'Choose a model' })).toBeVisible();
  await expect(page.getByTestId('device-status')).toHaveCount(0);
});

test('keyboard: focus lands somewhere sensible after each removal, and Escape closes panels', async ({ page }) => {
  await page.goto(hub);
  await page.getByRole('button', { name: /^Try the demo/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Photos' })).toBeFocused();
  await expectRanked(page, ['red-circle-64.png'], 12);

  await page.getByRole('button', { name: 'Remove label red circle' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove label red star' })).toBeFocused();

  const cards = page
    .getByRole('list', { name: 'Photo results' })
    .getByRole('listitem')
    .filter({ has: page.locator('.remove') });
  const firstTwo = await cards.evaluateAll((items) => items.slice(0, 2).map((item) => item.getAttribute('aria-label')));
  await page.getByRole('button', { name: `Remove ${firstTwo[0]}` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: `Remove ${firstTwo[1]}` })).toBeFocused();

  await page.getByRole('button', { name: 'Clear all' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Choose photos' })).toBeFocused();

  const settingsButton = page.getByRole('button', { name: 'Model settings' }).first();
  await settingsButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Model settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Model settings' })).toBeHidden();
  await expect(settingsButton).toBeFocused();

  const templates = page.getByText(/^Prompt templates:/);
  await templates.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Templates' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Templates' }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('textbox', { name: 'Templates' })).toBeHidden();
  await expect(templates).toBeFocused();

  await dropFiles(page, [probePath('red-circle-64.png')]);
  await expectRanked(page, ['red-circle-64.png'], 11);
});

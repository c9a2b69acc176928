import { expect, test } from './fixtures';
import { loadReference, probePath } from './reference';
import { dropFiles, encoderStats, expectRanked, openWithModel, rankingOf } from './tagger-page';

const reference = loadReference();
// The photo of three shapes has tags the toy is unsure of, so the threshold changes what is tagged.
const probes = [
  'red-circle-64.png',
  'blue-square-64.png',
  'yellow-triangle-64.png',
  'green-star-128x96.png',
  'red-circle-blue-square-yellow-triangle-64.png',
];

test('presets, template editing, scoring modes and saved sets, without encoding any photo again', async ({ page }) => {
  await openWithModel(page, reference.model);
  await dropFiles(page, probes.map(probePath));

  await page.getByText('Label sets').click();
  await page.getByRole('group', { name: 'Presets' }).getByRole('button', { name: 'Demo: colours and shapes' }).click();
  await expect(page.getByRole('button', { name: /^Remove label / })).toHaveCount(12);
  await expectRanked(page, probes, 12);
  const encodedPhotos = (await encoderStats(page)).imagesEncoded;
  expect(encodedPhotos).toBe(probes.length);
  const defaultRanking = await rankingOf(page, probes[0]!);

  await page.getByText(/^Prompt templates:/).click();
  await page.getByRole('textbox', { name: 'Templates' }).fill('a photo of a {}.\na picture of a {}.\n\nthis is a {}.');
  await page.getByRole('button', { name: 'Apply templates' }).click();
  await expect(page.getByText('Prompt templates: ensemble of 3')).toBeVisible();
  await expect.poll(() => rankingOf(page, probes[0]!)).not.toEqual(defaultRanking);

  await page.getByRole('textbox', { name: 'Templates' }).fill('a photo.');
  await page.getByRole('button', { name: 'Apply templates' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Line 1, "a photo.", has no {}' })).toBeVisible();
  await expect(page.getByText('Prompt templates: ensemble of 3')).toBeVisible();

  await page.getByRole('radio', { name: 'Tag all that apply' }).check();
  const tagsOf = (name: string) => page.getByRole('list', { name: `Tags for ${name}` }).locator('.tag');
  await expect(page.getByRole('list', { name: `Tags for ${probes[0]}` })).toBeVisible();
  const slider = page.getByRole('slider', { name: 'Tag threshold' });
  const countTags = async () =>
    (await Promise.all(probes.map((name) => tagsOf(name).count()))).reduce((a, b) => a + b, 0);
  await slider.fill('0.05');
  const loose = await countTags();
  await slider.fill('0.95');
  const strict = await countTags();
  expect(loose).toBeGreaterThan(strict);
  await slider.fill('0.5');
  // Among the tags, not necessarily first.
  await expect(tagsOf(probes[1]!).filter({ hasText: /^blue square$/ })).toHaveCount(1);
  await page.screenshot({ path: `test-results/screenshots/tags-${test.info().project.name}.png`, fullPage: true });
  // Each label on its own: the three shapes' scores add up to about two, not one.
  const scores = await rankingOf(page, probes[4]!);
  expect(scores.reduce((sum, row) => sum + row.probability, 0)).toBeGreaterThan(1.5);

  await page.getByRole('radio', { name: 'Pick one' }).check();
  await expect
    .poll(async () => (await rankingOf(page, probes[4]!)).reduce((sum, row) => sum + row.probability, 0))
    .toBeCloseTo(1, 4);

  await page.getByRole('textbox', { name: 'Name for this label set' }).fill('my shapes');
  await page.getByRole('button', { name: 'Save labels and templates' }).click();
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded again by any of this').toBe(encodedPhotos);

  await page.reload();
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  await page.getByText('Label sets').click();
  await page.getByRole('button', { name: 'my shapes (12)' }).click();
  await expect(page.getByRole('button', { name: /^Remove label / })).toHaveCount(12);
  await expect(page.getByText('Prompt templates: ensemble of 3')).toBeVisible();
});

import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { REFERENCE_DIR, loadReference, probePath } from './reference';
import {
  addLabels,
  dropFiles,
  encoderStats,
  expectRanked,
  openWithModel,
  rankingOf,
  useSingleTemplate,
} from './tagger-page';

const reference = loadReference();
/** A label the toy cannot read: it never saw a hexagon, and its tokenizer knows no "hexagon". */
const taught = reference.teach.label;
const labels = [...reference.prompts.map((prompt) => prompt.label), taught];
const hexagons = reference.teach.photos.map((photo) => basename(photo.file));

/**
 * Opens the toy with its labels and the one it cannot read, under one template, and drops the given probe
 * photos and the photos of that label; returns every photo's name, probes first, once all are ranked.
 */
async function rankProbesAndHexagons(page: Page, probes: string[]): Promise<string[]> {
  await openWithModel(page, reference.model);
  await useSingleTemplate(page);
  await addLabels(page, labels);
  const names = [...probes, ...hexagons];
  await dropFiles(page, [...probes.map(probePath), ...hexagons.map((name) => join(REFERENCE_DIR, 'teach', name))]);
  await expectRanked(page, names, labels.length);
  return names;
}

test('"this is X" makes a label the model cannot read recognisable from two examples, without encoding any photo, and is kept', async ({
  page,
}) => {
  const probes = ['blue-circle-64.png', 'blue-square-64.png'];
  const names = await rankProbesAndHexagons(page, probes);
  const top = async (name: string) => (await rankingOf(page, name))[0]!.label;
  for (const photo of reference.teach.photos) expect(photo.zero_shot_top, `${photo.file} in PyTorch`).not.toBe(taught);
  for (const name of hexagons) expect(await top(name), `${name} before`).not.toBe(taught);
  const encoded = (await encoderStats(page)).imagesEncoded;
  expect(encoded).toBe(names.length);

  // Two examples of the unreadable label (one is not always enough: tools/toy-clip/README.md's few-shot
  // curve), and one each of its nearest readable ones so that they keep their photos.
  const [first, second, ...others] = hexagons;
  for (const example of [first!, second!])
    await page.getByRole('combobox', { name: `Correct it: ${example}` }).selectOption(taught);
  for (const probe of probes) {
    const label = reference.probes.find((each) => basename(each.file) === probe)!.true_label;
    await page.getByRole('combobox', { name: `Correct it: ${probe}` }).selectOption(label);
  }
  for (const name of others) await expect.poll(() => top(name), `${name} after`).toBe(taught);
  expect(await top('blue-circle-64.png')).toBe('blue circle');
  expect(await top('blue-square-64.png')).toBe('blue square');
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded again').toBe(encoded);

  // The examples are kept in this browser with the labels: after a reload the photos come back taught.
  await page.reload();
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  await expectRanked(page, names, labels.length);
  for (const name of others) await expect.poll(() => top(name), `${name} after a reload`).toBe(taught);
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded after the reload').toBe(0);
});

test('"not X" lowers X for similar photos without encoding; removing the example undoes it; a card dropped on a chip teaches', async ({
  page,
}) => {
  const names = await rankProbesAndHexagons(page, ['blue-circle-64.png']);
  const probability = async (name: string, label: string) =>
    (await rankingOf(page, name)).find((row) => row.label === label)!.probability;
  const before = await Promise.all(names.map((name) => rankingOf(page, name)));
  const encoded = (await encoderStats(page)).imagesEncoded;
  const [example] = hexagons;
  // The wrong answer zero-shot gives the first hexagon (a shape it knows, as it cannot read "hexagon").
  const mistaken = before[names.indexOf(example!)]![0]!.label;
  expect(mistaken).not.toBe(taught);

  await page.getByRole('combobox', { name: `Correct it: ${example}` }).selectOption(`not ${mistaken}`);
  for (const name of hexagons) {
    const was = before[names.indexOf(name)]!.find((row) => row.label === mistaken)!.probability;
    await expect.poll(() => probability(name, mistaken), `${name}: ${mistaken} after "not"`).toBeLessThan(was / 2);
  }
  const examples = page.getByRole('group').filter({ hasText: 'Examples you taught (1)' });
  await page.getByText('Examples you taught (1)').click();
  await expect(page.getByRole('region', { name: `Examples of ${mistaken}` })).toContainText('1 is not');

  await page.getByRole('button', { name: `Remove example ${example} (not ${mistaken})` }).click();
  await expect(examples).toHaveCount(0);
  for (const [index, name] of names.entries()) {
    await expect.poll(() => rankingOf(page, name), `${name} as before the example`).toEqual(before[index]);
  }

  // Dragging the card onto a label's chip teaches it, as "Correct it: this is" does.
  const card = page.getByRole('listitem', { name: example, exact: true });
  await card.dragTo(page.locator('.chip', { hasText: new RegExp(`^${taught}×$`) }));
  await page.getByText('Examples you taught (1)').click();
  await expect(page.getByRole('region', { name: `Examples of ${taught}` })).toContainText('1 photo is it');
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded again').toBe(encoded);
});

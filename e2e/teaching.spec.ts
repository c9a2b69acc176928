import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
const labels = reference.prompts.map((prompt) => prompt.label);
/** Two photos of blue circles from the committed evaluation set that the toy's zero-shot calls blue squares. */
const MISTAKEN = [143, 144];

/** An evaluation photo (raw 64x64 RGB) as a PNG file, drawn by the browser. */
async function evalPhotoAsPng(page: Page, index: number, dir: string): Promise<string> {
  const size = 64 * 64 * 3;
  const rgb = [...readFileSync(join(REFERENCE_DIR, 'eval', 'images.u8')).subarray(index * size, (index + 1) * size)];
  const dataUrl = await page.evaluate((rgb) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const context = canvas.getContext('2d')!;
    const image = context.createImageData(64, 64);
    for (let i = 0; i < 64 * 64; i++) {
      image.data.set([rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!, 255], 4 * i);
    }
    context.putImageData(image, 0, 0);
    return canvas.toDataURL('image/png');
  }, rgb);
  const path = join(dir, `eval-${index}.png`);
  writeFileSync(path, Buffer.from(dataUrl.split(',')[1]!, 'base64'));
  return path;
}

/**
 * Opens the toy with its labels under one template and drops the given probe photos and the
 * evaluation photos zero-shot mistakes; returns every photo's name, probes first, once all are ranked.
 */
async function rankProbesAndMistaken(page: Page, probes: string[], dir: string): Promise<string[]> {
  await openWithModel(page, reference.model);
  await useSingleTemplate(page);
  await addLabels(page, labels);
  mkdirSync(dir, { recursive: true });
  const similar = await Promise.all(MISTAKEN.map((index) => evalPhotoAsPng(page, index, dir)));
  const names = [...probes, ...similar.map((path) => path.split('/').pop()!)];
  await dropFiles(page, [...probes.map(probePath), ...similar]);
  await expectRanked(page, names, labels.length);
  return names;
}

test('"this is X" corrections re-rank similar photos without encoding any photo, and are kept', async ({
  page,
}, testInfo) => {
  const names = await rankProbesAndMistaken(
    page,
    ['blue-circle-64.png', 'blue-square-64.png'],
    testInfo.outputPath('photos'),
  );
  const top = async (name: string) => (await rankingOf(page, name))[0]!.label;
  for (const name of names.slice(2)) expect(await top(name), `${name} before`).toBe('blue square');
  const encoded = (await encoderStats(page)).imagesEncoded;
  expect(encoded).toBe(names.length);

  // One correction per label: a label taught alone pulls in its neighbours too (the real blue square here).
  await page.getByRole('combobox', { name: 'Correct it: blue-circle-64.png' }).selectOption('blue circle');
  await page.getByRole('combobox', { name: 'Correct it: blue-square-64.png' }).selectOption('blue square');
  for (const name of names.slice(2)) await expect.poll(() => top(name), `${name} after`).toBe('blue circle');
  expect(await top('blue-circle-64.png')).toBe('blue circle');
  expect(await top('blue-square-64.png')).toBe('blue square');
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded again').toBe(encoded);

  // The examples are kept in this browser with the labels: after a reload the photos come back taught.
  await page.reload();
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  await expectRanked(page, names, labels.length);
  for (const name of names.slice(2)) await expect.poll(() => top(name), `${name} after a reload`).toBe('blue circle');
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded after the reload').toBe(0);
});

test('"not X" lowers X for similar photos without encoding; removing the example undoes it; a card dropped on a chip teaches', async ({
  page,
}, testInfo) => {
  const names = await rankProbesAndMistaken(page, ['blue-circle-64.png'], testInfo.outputPath('photos'));
  const probability = async (name: string, label: string) =>
    (await rankingOf(page, name)).find((row) => row.label === label)!.probability;
  const before = await Promise.all(names.map((name) => rankingOf(page, name)));
  const encoded = (await encoderStats(page)).imagesEncoded;

  await page.getByRole('combobox', { name: 'Correct it: blue-circle-64.png' }).selectOption('not blue square');
  for (const [index, name] of names.entries()) {
    const was = before[index]!.find((row) => row.label === 'blue square')!.probability;
    await expect.poll(() => probability(name, 'blue square'), `${name}: blue square after "not"`).toBeLessThan(was / 2);
  }
  const examples = page.getByRole('group').filter({ hasText: 'Examples you taught (1)' });
  await page.getByText('Examples you taught (1)').click();
  await expect(page.getByRole('region', { name: 'Examples of blue square' })).toContainText('1 is not');

  await page.getByRole('button', { name: 'Remove example blue-circle-64.png (not blue square)' }).click();
  await expect(examples).toHaveCount(0);
  for (const [index, name] of names.entries()) {
    await expect.poll(() => rankingOf(page, name), `${name} as before the example`).toEqual(before[index]);
  }

  // Dragging the card onto a label's chip teaches it, as "Correct it: this is" does.
  const card = page.getByRole('listitem', { name: 'blue-circle-64.png', exact: true });
  await card.dragTo(page.locator('.chip', { hasText: /^blue circle×$/ }));
  await page.getByText('Examples you taught (1)').click();
  await expect(page.getByRole('region', { name: 'Examples of blue circle' })).toContainText('1 photo is it');
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded again').toBe(encoded);
});

import { writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO_LABEL_SET } from '../src/core/presets';
import { HUB_URL } from './ports';
import { loadReference, probePath } from './reference';
import {
  addLabels,
  dropFiles,
  encoderStats,
  expectRanked,
  openWithModel,
  rankingOf,
  rankingsSettled,
  revealCard,
  useSingleTemplate,
} from './tagger-page';

const reference = loadReference();
const labels = reference.prompts.map((prompt) => prompt.label);
const probeNames = reference.probes.map((probe) => probe.file.replace(/^probes\//, ''));

test('tags dropped photos with the reference answers, streams them in, and re-ranks without re-encoding', async ({
  page,
}, testInfo) => {
  const device = testInfo.project.metadata.device as 'webgpu' | 'wasm';
  const ortBinaries: string[] = [];
  page.context().on('request', (request) => {
    // The service worker precaches both builds for offline visits; this counts what the model worker loads.
    if (request.url().endsWith('.wasm') && !request.serviceWorker())
      ortBinaries.push(new URL(request.url()).pathname.split('/').pop()!);
  });
  await openWithModel(page, reference.model);

  const status = page.getByTestId('device-status');
  if (device === 'webgpu') {
    await expect(status).toContainText(/WebGPU \(.+\)/);
  } else {
    await expect(status).toContainText(/WASM, \d+ threads?/);
    await expect(status).toContainText('not WebGPU: no WebGPU adapter is available');
  }
  await expect(status).toContainText(reference.model);
  // fp32 on WebGPU (SwiftShader has no shader-f16); q8 on WASM, since the toy ships _quantized files.
  await expect(status).toContainText(device === 'webgpu' ? ' · fp32 · ' : ' · q8 · ');
  // WebGPU needs ORT's asyncify build; on WASM alone the plain build runs q8 about 3x faster.
  expect(ortBinaries).toEqual([
    expect.stringMatching(device === 'webgpu' ? /^ort-wasm-simd-threaded\.asyncify-/ : /^ort-wasm-simd-threaded-/),
  ]);

  await useSingleTemplate(page);
  await addLabels(page, labels);
  await expect(page.getByRole('listitem').filter({ hasText: labels[0]! }).first()).toBeVisible();
  await dropFiles(page, probeNames.map(probePath));
  await expect(page.getByRole('status', { name: 'Encoding progress' })).toHaveText(`${probeNames.length} photos`);
  await expectRanked(page, probeNames, labels.length);

  for (const probe of reference.probes) {
    const name = probe.file.replace(/^probes\//, '');
    const ranking = await rankingOf(page, name);
    expect(ranking[0]!.label, `${name}: top label`).toBe(labels[probe.argmax]);
    expect(ranking.reduce((sum, row) => sum + row.probability, 0)).toBeCloseTo(1, 4);
    if (probe.width === reference.image_size && probe.height === reference.image_size) {
      for (const row of ranking) {
        const expected = probe.probs[labels.indexOf(row.label)]!;
        expect(Math.abs(row.probability - expected), `${name}: P(${row.label})`).toBeLessThanOrEqual(0.02);
      }
    }
  }

  const notes = join(tmpdir(), 'notes.pdf');
  writeFileSync(notes, '%PDF-1.4\n% not a photo\n');
  await dropFiles(page, [notes]);
  await expect(page.getByRole('listitem', { name: 'notes.pdf' }).getByRole('alert')).toHaveText(
    /notes\.pdf is not an image/,
  );
  await expectRanked(page, probeNames, labels.length);

  const before = await encoderStats(page);
  expect(before.imagesEncoded).toBe(probeNames.length);
  // WebGPU encodes the photos prepared while the encoder ran in one batch; WASM one photo a run.
  if (device === 'webgpu') expect(before.imageRuns).toBeLessThan(probeNames.length);
  else expect(before.imageRuns).toBe(probeNames.length);
  const firstName = probeNames[0]!;
  const oldTop = (await rankingOf(page, firstName))[0]!;
  await page.getByRole('button', { name: `Remove label ${oldTop.label}` }).click();
  await expectRanked(page, probeNames, labels.length - 1);
  const newRanking = await rankingOf(page, firstName);
  expect(newRanking.map((row) => row.label)).not.toContain(oldTop.label);
  expect(newRanking[0]!.probability).not.toBeCloseTo(oldTop.probability, 6);
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded again when labels change').toBe(
    before.imagesEncoded,
  );

  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/results-${device}.png`, fullPage: true });
});

/** Opens the demo under "tag all that apply", at the default threshold. */
async function openDemoTaggingAll(page: Page): Promise<void> {
  await page.goto(`./?host=${encodeURIComponent(HUB_URL)}`);
  await page.getByRole('button', { name: /^Try the demo/ }).click();
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  await page.getByRole('radio', { name: 'Tag all that apply' }).check();
}

test('the demo tags its photo of several shapes with exactly its shapes at the default threshold', async ({ page }) => {
  await openDemoTaggingAll(page);
  await expect(page.getByRole('slider', { name: 'Tag threshold' })).toHaveValue('0.5');
  expect(reference.scene_probes.length).toBeGreaterThan(0);
  for (const scene of reference.scene_probes) {
    const name = basename(scene.file);
    await rankingsSettled(page);
    const tags = (await revealCard(page, name)).getByRole('list', { name: `Tags for ${name}` }).locator('.tag');
    await expect.poll(async () => (await tags.allTextContents()).sort(), name).toEqual([...scene.labels].sort());
  }
});

/** The demo's photos: the shapes each shows, and PyTorch's tagging probability for each of the 24 labels. */
const demoPhotos = [
  ...reference.scene_probes,
  ...reference.probes.map((probe) => ({ ...probe, labels: [probe.true_label] })),
].map((photo) => ({ name: basename(photo.file), labels: photo.labels, tagProbs: photo.tag_probs }));
type DemoPhoto = (typeof demoPhotos)[number];

/** The demo labels PyTorch tags a demo photo with at a threshold, sorted (a label's tag ignores the others). */
function taggedAt(photo: DemoPhoto, threshold: number): string[] {
  return labels
    .filter((label, index) => DEMO_LABEL_SET.labels.includes(label) && photo.tagProbs[index]! >= threshold)
    .sort();
}

/** A photo's tags on the page, sorted, once the rankings have settled. */
async function tagsOf(page: Page, photo: string): Promise<string[]> {
  await rankingsSettled(page);
  const tags = (await revealCard(page, photo)).getByRole('list', { name: `Tags for ${photo}` }).locator('.tag');
  return (await tags.allTextContents()).sort();
}

test('under "tag all that apply", "not X" takes each of the demo\'s wrong tags off without encoding; removing it brings it back', async ({
  page,
}) => {
  await openDemoTaggingAll(page);
  // Demo photos PyTorch tags with a label they do not show, where that label has a demo photo of its own
  // (tools/toy-clip/README.md: on a photo of one shape the toy's mistakes keep its colour and name another shape).
  const photoOf = (label: string) => reference.probes.find((probe) => probe.true_label === label);
  const mistakes = demoPhotos.flatMap((photo) =>
    taggedAt(photo, 0.5)
      .filter((label) => !photo.labels.includes(label) && photoOf(label))
      .map((label) => ({ photo, label })),
  );
  expect(mistakes.length, "the toy's wrong tags on the demo").toBeGreaterThan(0);
  await expect(page.getByText('“Correct it” on its photo teaches that label.')).toBeVisible();
  for (const { photo, label: mistaken } of mistakes) {
    const name = photo.name;
    const tagged = taggedAt(photo, 0.5);
    // The demo's photo of that very label, which must keep its tag.
    const single = basename(photoOf(mistaken)!.file);
    await expect.poll(() => tagsOf(page, name), name).toEqual(tagged);
    await expect.poll(() => tagsOf(page, single), single).toContain(mistaken);
    const encoded = (await encoderStats(page)).imagesEncoded;

    // From the keyboard: moving through the picker teaches nothing until Enter.
    const picker = (await revealCard(page, name)).getByRole('combobox', { name: `Correct it: ${name}` });
    await picker.focus();
    await page.keyboard.type(`not ${mistaken}`);
    await expect(picker).toHaveValue(`not ${mistaken}`);
    await expect(page.getByText(/^Examples you taught/)).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(picker).toBeFocused();
    const corrected = tagged.filter((label) => label !== mistaken);
    await expect.poll(() => tagsOf(page, name), `${name} after "not ${mistaken}"`).toEqual(corrected);
    expect(await tagsOf(page, single)).toContain(mistaken);
    expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded again').toBe(encoded);

    await page.getByText('Examples you taught (1)').click();
    await page.getByRole('button', { name: `Remove example ${name} (not ${mistaken})` }).click();
    await expect.poll(() => tagsOf(page, name), `${name} without the example`).toEqual(tagged);
  }
});

test('under "tag all that apply", "this is X" brings back a shape a stricter threshold left off, without encoding, and no other photo changes', async ({
  page,
}) => {
  await openDemoTaggingAll(page);
  // The demo's least sure shape, and the first threshold step above its probability, which leaves it off.
  const [weakest] = demoPhotos
    .flatMap((photo) => photo.labels.map((label) => ({ photo, label, p: photo.tagProbs[labels.indexOf(label)]! })))
    .sort((a, b) => a.p - b.p);
  const { photo, label } = weakest!;
  // The slider moves in steps of 0.05 from 0.05 to 0.95, and starts at step 10 (0.5).
  const targetStep = Math.floor(weakest!.p / 0.05) + 1;
  expect(targetStep, `${photo.name}: ${label} at ${weakest!.p}`).toBeLessThanOrEqual(19);
  const threshold = targetStep * 0.05;
  const slider = page.getByRole('slider', { name: 'Tag threshold' });
  await expect(slider).toHaveValue('0.5');
  await slider.focus();
  for (let step = 10; step !== targetStep; step += Math.sign(targetStep - step))
    await page.keyboard.press(targetStep > step ? 'ArrowRight' : 'ArrowLeft');
  await expect.poll(async () => Number(await slider.inputValue())).toBeCloseTo(threshold, 6);
  for (const each of demoPhotos)
    await expect.poll(() => tagsOf(page, each.name), `${each.name} at ${threshold}`).toEqual(taggedAt(each, threshold));
  expect(await tagsOf(page, photo.name)).not.toContain(label);
  const encoded = (await encoderStats(page)).imagesEncoded;

  const picker = (await revealCard(page, photo.name)).getByRole('combobox', { name: `Correct it: ${photo.name}` });
  await picker.focus();
  await page.keyboard.type(label);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => tagsOf(page, photo.name), `${photo.name} after "this is ${label}"`)
    .toEqual([...taggedAt(photo, threshold), label].sort());
  for (const each of demoPhotos.filter((other) => other !== photo))
    expect(await tagsOf(page, each.name), `${each.name} after "this is ${label}" on ${photo.name}`).toEqual(
      taggedAt(each, threshold),
    );
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded again').toBe(encoded);
});

test('offers the built-in demo model when the Hub cannot be reached', async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'the offline path does not depend on the device');
  await page.goto(`./?host=${encodeURIComponent('http://127.0.0.1:9/')}`);
  await page.getByRole('button', { name: /: CLIP ViT-B\/32$/ }).click();
  await expect(page.getByRole('alert').first()).toContainText('127.0.0.1:9 cannot be reached');
  await expect(page.getByText('Failed to fetch'), 'the technical cause waits behind Details').toBeHidden();
  await page.getByRole('button', { name: 'Use the built-in demo model' }).click();
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  await expect(page.getByTestId('device-status')).toContainText('It knows colours and shapes, not real photos.');
  const cards = page
    .getByRole('list', { name: 'Photo results' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('list') });
  await expect(cards.first()).toBeVisible();
  await expect(page.getByRole('status', { name: 'Encoding progress' })).toHaveText(/^\d+ photos$/);
});

test('the demo does not wait for a model download that hangs', async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'the download path does not depend on the device');
  // A Hub that accepts requests and never answers, like a stalled connection.
  await page.route(`${HUB_URL}**`, () => undefined);
  await page.goto(`./?host=${encodeURIComponent(HUB_URL)}`);
  await page.getByRole('button', { name: /: CLIP ViT-B\/32$/ }).click();
  await expect(page.getByRole('status').first()).toContainText('Loading CLIP ViT-B/32 from 127.0.0.1');
  await page.getByRole('button', { name: 'Use the demo instead' }).click();
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  await expect(page.getByRole('status', { name: 'Encoding progress' })).toHaveText(/^\d+ photos$/);
});

import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { loadReference, probePath } from './reference';
import {
  addLabels,
  dropFiles,
  encoderStats,
  expectRanked,
  guardNetwork,
  openWithModel,
  rankingOf,
  useSingleTemplate,
} from './tagger-page';

const reference = loadReference();
const labels = reference.prompts.map((prompt) => prompt.label);
const probeNames = reference.probes.map((probe) => probe.file.replace(/^probes\//, ''));

/** Opens the app on the toy CLIP with the reference labels under their one template. */
async function openTagger(page: Page): Promise<void> {
  await openWithModel(page, reference.model);
  await expect(page.getByTestId('device-status')).toContainText(/WebGPU \(.+\)/);
  await useSingleTemplate(page);
  await addLabels(page, labels);
}

/** Every probe's probability of every label, as the cards show them. */
async function probabilities(page: Page): Promise<Map<string, Map<string, number>>> {
  const byPhoto = new Map<string, Map<string, number>>();
  for (const name of probeNames) {
    const ranking = await rankingOf(page, name);
    byPhoto.set(name, new Map(ranking.map((row) => [row.label, row.probability])));
  }
  return byPhoto;
}

test('on WebGPU, photos encoded together rank as they do encoded one at a time', async ({
  page,
  browser,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'webgpu', 'WASM encodes one photo a run');

  // One at a time: each photo is dropped once the one before is ranked, so it is the only one waiting.
  await openTagger(page);
  for (const name of probeNames) {
    await dropFiles(page, [probePath(name)]);
    await expectRanked(page, [name], labels.length);
  }
  const alone = await encoderStats(page);
  expect(alone.imageRuns).toBe(probeNames.length);
  const one = await probabilities(page);

  // Together, in a fresh profile where no embedding is kept: photos prepared while the encoder runs share a run.
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const guard = await guardNetwork(context);
  try {
    const batched = await context.newPage();
    await openTagger(batched);
    await dropFiles(batched, probeNames.map(probePath));
    await expectRanked(batched, probeNames, labels.length);
    const together = await encoderStats(batched);
    expect(together.imagesEncoded).toBe(probeNames.length);
    expect(together.imageRuns, 'some runs encoded several photos').toBeLessThan(probeNames.length);
    const many = await probabilities(batched);
    for (const name of probeNames) {
      for (const label of labels) {
        const difference = Math.abs(many.get(name)!.get(label)! - one.get(name)!.get(label)!);
        expect(difference, `${name}: P(${label})`).toBeLessThanOrEqual(1e-4);
      }
    }
  } finally {
    await context.close();
  }
  expect(guard.violations).toEqual([]);
});

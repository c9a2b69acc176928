import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO_LABEL_SET } from '../src/core/presets';
import { HUB_URL } from './ports';
import { loadReference, probePath } from './reference';
import { addLabels, dropFolder, encoderStats, expectRanked, openWithModel, useSingleTemplate } from './tagger-page';

const reference = loadReference();
const labels = reference.prompts.map((prompt) => prompt.label);
const probes = reference.probes.map((probe) => ({
  name: basename(probe.file),
  truth: probe.true_label,
  // PyTorch's answer over all the labels, from the reference file: not from the app.
  predicted: labels[probe.argmax]!,
}));

/** The SigLIP-layout toy's PyTorch scores (tools/toy-clip/toyclip/siglip.py), for the model compared with. */
const siglip = JSON.parse(
  readFileSync(new URL('../fixtures/reference/toy-siglip/reference.json', import.meta.url), 'utf8'),
) as { model: string; labels: string[]; probes: { file: string }[]; sigmoid_scores: number[][] };

interface LabelledProbe {
  name: string;
  truth: string;
}

/**
 * Puts the photos in a folder of the origin's private file system, one subfolder per right label
 * (shapes/<right label>/<photo>), answers the directory picker with it (a real directory handle), opens it
 * on the toy model with every label under one template, and waits for the photos' rankings. Returns how
 * many photos the model has encoded.
 */
async function rankLabelledFolder(page: Page, photos: readonly LabelledProbe[]): Promise<number> {
  await page.addInitScript(() => {
    Object.assign(window, {
      showDirectoryPicker: async () => (await navigator.storage.getDirectory()).getDirectoryHandle('shapes'),
    });
  });
  await openWithModel(page, reference.model);
  await page.evaluate(
    async (photos) => {
      const root = await navigator.storage.getDirectory();
      const shapes = await root.getDirectoryHandle('shapes', { create: true });
      for (const photo of photos) {
        const folder = await shapes.getDirectoryHandle(photo.truth, { create: true });
        const writable = await (await folder.getFileHandle(photo.name, { create: true })).createWritable();
        await writable.write(new Uint8Array(photo.bytes));
        await writable.close();
      }
    },
    photos.map((photo) => ({ ...photo, bytes: [...readFileSync(probePath(photo.name))] })),
  );
  await useSingleTemplate(page);
  await addLabels(page, labels);
  await page.getByRole('button', { name: 'Open a folder' }).click();
  await expectRanked(
    page,
    photos.map((photo) => photo.name),
    labels.length,
  );
  return (await encoderStats(page)).imagesEncoded;
}

test("checking accuracy on a folder of labelled subfolders shows PyTorch's top-1 and confusion counts, encoding nothing", async ({
  page,
}) => {
  const encoded = await rankLabelledFolder(page, probes);

  await page.getByText('Check accuracy on labelled photos').click();
  await page.getByRole('button', { name: 'Check accuracy' }).click();
  const report = page.getByRole('region', { name: 'How well the labels did' });
  await expect(report).toContainText(`${probes.length} photos with right answers`);
  const right = probes.filter((probe) => probe.predicted === probe.truth).length;
  const top1 = `${((right / probes.length) * 100).toFixed(1)}%`;
  await expect(report.locator('tr[data-variant="templates"] td[data-metric="top1"]')).toHaveText(top1);
  await expect(report.locator('tr[data-variant="first-template"] td[data-metric="top1"]')).toHaveText(top1);
  await expect(report.locator('tr[data-variant="few-shot"]')).toContainText('5 groups');
  // Every probe is the only photo of its label, so the report says the taught row cannot score them fairly.
  const onePhoto = labels.filter((label) => probes.filter((probe) => probe.truth === label).length === 1);
  expect(onePhoto.length).toBeGreaterThan(5);
  await expect(report.getByTestId('one-photo-labels')).toContainText(
    `“${onePhoto[0]}”, “${onePhoto[1]}”, “${onePhoto[2]}”, “${onePhoto[3]}”, “${onePhoto[4]}” and ${onePhoto.length - 5} more are each the right answer for one photo only`,
  );

  await expect(report.getByRole('img', { name: /^Confusion matrix of 12 photos/ })).toBeVisible();
  await report.getByText('The same as a table').click();
  const counts = new Map<string, number>();
  for (const probe of probes)
    counts.set(`${probe.truth}|${probe.predicted}`, (counts.get(`${probe.truth}|${probe.predicted}`) ?? 0) + 1);
  for (const [pair, count] of counts) {
    const [truth, predicted] = pair.split('|');
    await expect(report.locator(`td[data-truth="${truth}"][data-predicted="${predicted}"]`), pair).toHaveText(
      String(count),
    );
  }
  const cells = await report.locator('td[data-truth]').allTextContents();
  expect(cells.reduce((sum, cell) => sum + Number(cell), 0)).toBe(probes.length);
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded to check').toBe(encoded);

  const download = page.waitForEvent('download');
  await report.getByRole('button', { name: 'Save the report (JSON)' }).click();
  const saved = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as {
    variants: { id: string; single: { top1: number } }[];
  };
  expect(saved.variants[0]!.single.top1).toBeCloseTo(right / probes.length, 6);
  const picture = page.waitForEvent('download');
  await report.getByRole('button', { name: 'Save the picture (SVG)' }).click();
  expect(readFileSync(await (await picture).path(), 'utf8')).toMatch(
    /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
  );
});

test('answers with several labels per photo check tagging against PyTorch, and tagging taught by the other photos', async ({
  page,
}) => {
  await page.goto(`./?host=${encodeURIComponent(HUB_URL)}`);
  await page.getByRole('button', { name: /^Try the demo/ }).click();
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  const photos = [...reference.probes, ...reference.scene_probes].map((probe) => ({
    name: basename(probe.file),
    truth: 'labels' in probe ? probe.labels : [probe.true_label],
    // PyTorch's tags among the demo's labels: a label's tag does not depend on the other labels.
    tagged: labels.filter((label, index) => DEMO_LABEL_SET.labels.includes(label) && probe.tag_probs[index]! >= 0.5),
  }));
  await expectRanked(
    page,
    photos.map((photo) => photo.name),
    DEMO_LABEL_SET.labels.length,
  );
  const encoded = (await encoderStats(page)).imagesEncoded;
  await page.getByLabel('Add a CSV of answers').setInputFiles({
    name: 'tags.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(photos.map((photo) => [photo.name, ...photo.truth].join(',')).join('\n')),
  });
  await page.getByText('Check accuracy on labelled photos').click();
  await page.getByRole('button', { name: 'Check accuracy', exact: true }).click();
  const report = page.getByRole('region', { name: 'How well the labels did' });
  await expect(report).toContainText('this checks tagging');

  const count = (test: (photo: (typeof photos)[number], label: string) => boolean) =>
    photos.reduce((sum, photo) => sum + DEMO_LABEL_SET.labels.filter((label) => test(photo, label)).length, 0);
  const truePositives = count((photo, label) => photo.tagged.includes(label) && photo.truth.includes(label));
  const falsePositives = count((photo, label) => photo.tagged.includes(label) && !photo.truth.includes(label));
  const falseNegatives = count((photo, label) => !photo.tagged.includes(label) && photo.truth.includes(label));
  expect(falsePositives, 'the toy makes tagging mistakes on the demo').toBeGreaterThan(0);
  const asText = (value: number) => `${(value * 100).toFixed(1)}%`;
  const precision = truePositives / (truePositives + falsePositives);
  const recall = truePositives / (truePositives + falseNegatives);
  await expect(report.locator('tr[data-variant="templates"] td')).toHaveText([
    asText(precision),
    asText(recall),
    asText((2 * precision * recall) / (precision + recall)),
  ]);
  const taught = report.locator('tr[data-variant="few-shot"]');
  await expect(taught).toContainText('5 groups');
  await expect(taught.locator('td')).toHaveText([/%$/, /%$/, /%$/]);
  expect((await encoderStats(page)).imagesEncoded, 'no photo is encoded to check').toBe(encoded);
});

test("a folder dropped from disk: each photo's own folder is its right answer, at any depth, hidden files left out", async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'reading a dropped folder does not depend on the device');
  // shapes/<right label>/<photo>, one a level deeper (holiday/shapes/...), and a hidden file the page must skip.
  const dropped = testInfo.outputPath('shapes');
  const placed = probes.slice(0, 4).map((probe, index) => {
    const folder = join(dropped, ...(index === 0 ? ['more', probe.truth] : [probe.truth]));
    mkdirSync(folder, { recursive: true });
    copyFileSync(probePath(probe.name), join(folder, probe.name));
    return probe;
  });
  writeFileSync(join(dropped, placed[1]!.truth, '.DS_Store'), 'not a photo');
  await openWithModel(page, reference.model);
  await useSingleTemplate(page);
  await addLabels(page, labels);
  await dropFolder(page, dropped);
  await expectRanked(
    page,
    placed.map((probe) => probe.name),
    labels.length,
  );
  await expect(page.getByRole('listitem', { name: '.DS_Store' })).toHaveCount(0);

  await page.getByText('Check accuracy on labelled photos').click();
  await page.getByRole('button', { name: 'Check accuracy' }).click();
  const report = page.getByRole('region', { name: 'How well the labels did' });
  await expect(report).toContainText(`${placed.length} photos with right answers`);
  const right = placed.filter((probe) => probe.predicted === probe.truth).length;
  await expect(report.locator('tr[data-variant="templates"] td[data-metric="top1"]')).toHaveText(
    `${((right / placed.length) * 100).toFixed(1)}%`,
  );
  await report.getByText('The same as a table').click();
  for (const probe of placed) {
    await expect(
      report.locator(`td[data-truth="${probe.truth}"][data-predicted="${probe.predicted}"]`),
      probe.name,
    ).toHaveText('1');
  }
});

test('comparing with a second model checks the same photos with it, encoding each photo once per model', async ({
  page,
}) => {
  const siglipProbes = siglip.probes.map((probe, index) => {
    const name = basename(probe.file);
    const scores = siglip.sigmoid_scores[index]!;
    return {
      name,
      truth: probes.find((each) => each.name === name)!.truth,
      predictedByClip: probes.find((each) => each.name === name)!.predicted,
      predictedBySiglip: siglip.labels[scores.indexOf(Math.max(...scores))]!,
    };
  });
  expect(siglip.labels).toEqual(labels);
  const encoded = await rankLabelledFolder(page, siglipProbes);

  await page.getByText('Check accuracy on labelled photos').click();
  const compareWith = page.getByRole('combobox', { name: 'Compare with another model (optional)' });
  const check = page.getByRole('button', { name: 'Check accuracy' });
  const report = page.getByRole('region', { name: 'How well the labels did' });
  // A name the host does not know: the message points at the box, and the first model's report stands.
  await compareWith.fill(`${siglip.model}-typo`);
  await check.click();
  await expect(page.getByRole('alert')).toHaveText(
    `${new URL(HUB_URL).host} has no model named ${siglip.model}-typo. Check the name under “Compare with another model”, or pick one it suggests.`,
  );
  await expect(report.locator('tr[data-variant="templates"]')).toHaveCount(1);

  // Started from the keyboard: a button disabled while it ran would have dropped the focus on the page.
  await compareWith.fill(siglip.model);
  await check.focus();
  await page.keyboard.press('Enter');
  await expect(report).toContainText(
    `${siglip.model} encoded ${siglipProbes.length} of the ${siglipProbes.length} photos`,
  );
  await expect(check).toBeFocused();
  const top1 = (predicted: 'predictedByClip' | 'predictedBySiglip') =>
    `${((siglipProbes.filter((probe) => probe[predicted] === probe.truth).length / siglipProbes.length) * 100).toFixed(1)}%`;
  const row = (model: string) => report.locator(`tr[data-model="${model}"][data-variant="templates"]`);
  await expect(row(reference.model).locator('td[data-metric="top1"]')).toHaveText(top1('predictedByClip'));
  await expect(row(siglip.model).locator('td[data-metric="top1"]')).toHaveText(top1('predictedBySiglip'));
  expect((await encoderStats(page)).imagesEncoded, 'the model in use encodes nothing').toBe(encoded);

  // The second model's own confusion counts, from its own PyTorch scores.
  await report.getByRole('combobox', { name: 'Details for' }).selectOption(`${siglip.model}|templates`);
  await report.getByText('The same as a table').click();
  for (const probe of siglipProbes) {
    const cell = report.locator(`td[data-truth="${probe.truth}"][data-predicted="${probe.predictedBySiglip}"]`);
    await expect(cell, probe.name).not.toHaveText('0');
  }

  const download = page.waitForEvent('download');
  await report.getByRole('button', { name: 'Save the report (JSON)' }).click();
  const saved = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as {
    model: string;
    comparison: { model: string; photoIds: string[] };
  };
  expect([saved.model, saved.comparison.model]).toEqual([reference.model, siglip.model]);
  expect(saved.comparison.photoIds).toHaveLength(siglipProbes.length);

  // A second check: the compared model has kept every photo's embedding.
  await page.getByRole('button', { name: 'Check accuracy' }).click();
  await expect(report).toContainText(`${siglip.model} had every photo’s embedding from an earlier comparison`);
  await expect(row(siglip.model).locator('td[data-metric="top1"]')).toHaveText(top1('predictedBySiglip'));
});

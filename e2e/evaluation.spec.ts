import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test } from './fixtures';
import { loadReference, probePath } from './reference';
import { addLabels, encoderStats, expectRanked, mimeFor, openWithModel, useSingleTemplate } from './tagger-page';

const reference = loadReference();
const labels = reference.prompts.map((prompt) => prompt.label);
const probes = reference.probes.map((probe) => ({
  name: basename(probe.file),
  truth: probe.true_label,
  // PyTorch's answer over all the labels, from the reference file: not from the app.
  predicted: labels[probe.argmax]!,
}));

test("checking accuracy on a folder of labelled subfolders shows PyTorch's top-1 and confusion counts, encoding nothing", async ({
  page,
}) => {
  // The directory picker, answered with a folder in the origin's private file system: a real directory handle.
  await page.addInitScript(() => {
    Object.assign(window, {
      showDirectoryPicker: async () => (await navigator.storage.getDirectory()).getDirectoryHandle('shapes'),
    });
  });
  await openWithModel(page, reference.model);
  // shapes/<right label>/<photo>: the folder a photo sits in is its right answer.
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
    probes.map((probe) => ({ ...probe, type: mimeFor(probe.name), bytes: [...readFileSync(probePath(probe.name))] })),
  );
  await useSingleTemplate(page);
  await addLabels(page, labels);
  await page.getByRole('button', { name: 'Open a folder' }).click();
  await expectRanked(
    page,
    probes.map((probe) => probe.name),
    labels.length,
  );
  const encoded = (await encoderStats(page)).imagesEncoded;

  await page.getByText('Check accuracy on labelled photos').click();
  await page.getByRole('button', { name: 'Check accuracy' }).click();
  const report = page.getByRole('region', { name: 'How well the labels did' });
  await expect(report).toContainText(`${probes.length} photos with right answers`);
  const right = probes.filter((probe) => probe.predicted === probe.truth).length;
  const top1 = `${((right / probes.length) * 100).toFixed(1)}%`;
  await expect(report.locator('tr[data-variant="templates"] td[data-metric="top1"]')).toHaveText(top1);
  await expect(report.locator('tr[data-variant="first-template"] td[data-metric="top1"]')).toHaveText(top1);
  await expect(report.locator('tr[data-variant="few-shot"]')).toContainText('5 groups');

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

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { REFERENCE_DIR, loadReference } from './reference';
import { addLabels, dropFiles, openWithModel, useSingleTemplate } from './tagger-page';

/**
 * Figures for the notes, not a check: the accuracy report on the toy's committed evaluation photos
 * (tools/toy-clip), through the app, and how long the report takes for about 1,000 photos; and the tagging
 * report on photos of several shapes that the toy's Python code draws (Debian's python3-numpy and -pil).
 * Run with CLIPTAG_MEASURE=1 npx playwright test e2e/measure-evaluation.spec.ts --project=wasm.
 */
test.skip(!process.env.CLIPTAG_MEASURE, 'measurements run on request (CLIPTAG_MEASURE=1)');
test.setTimeout(900_000);

interface EvalIndex {
  items: { label: string; seen: boolean; pytorch_pred: number }[];
}
const index = JSON.parse(readFileSync(join(REFERENCE_DIR, 'eval', 'index.json'), 'utf8')) as EvalIndex;
const images = readFileSync(join(REFERENCE_DIR, 'eval', 'images.u8'));
const labels = loadReference().prompts.map((prompt) => prompt.label);

/** Writes the evaluation photos as PNGs into toy-eval/<label>/ in the origin's private file system, `copies` times over. */
async function writeEvalFolder(page: Page, copies: number): Promise<void> {
  const size = 64 * 64 * 3;
  for (let copy = 0; copy < copies; copy++) {
    for (let start = 0; start < index.items.length; start += 30) {
      const batch = index.items.slice(start, start + 30).map((item, offset) => ({
        name: copy === 0 ? `eval-${start + offset}.png` : `eval-${start + offset}-copy${copy}.png`,
        label: item.label,
        rgb: [...images.subarray((start + offset) * size, (start + offset + 1) * size)],
      }));
      await page.evaluate(async (batch) => {
        const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('toy-eval', { create: true });
        const canvas = new OffscreenCanvas(64, 64);
        const context = canvas.getContext('2d')!;
        for (const photo of batch) {
          const image = context.createImageData(64, 64);
          for (let i = 0; i < 64 * 64; i++) image.data.set([...photo.rgb.slice(3 * i, 3 * i + 3), 255], 4 * i);
          context.putImageData(image, 0, 0);
          const blob = await canvas.convertToBlob({ type: 'image/png' });
          const folder = await root.getDirectoryHandle(photo.label, { create: true });
          const writable = await (await folder.getFileHandle(photo.name, { create: true })).createWritable();
          await writable.write(blob);
          await writable.close();
        }
      }, batch);
    }
  }
}

async function checkAccuracy(page: Page): Promise<{ ms: number; rows: string[] }> {
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Check accuracy', exact: true }).click();
  const report = page.getByRole('region', { name: 'How well the labels did' });
  await expect(page.getByRole('button', { name: 'Check accuracy', exact: true })).toBeEnabled();
  await expect(report.locator('tr[data-variant]').first()).toBeVisible();
  const ms = (await page.evaluate(() => performance.now())) - started;
  const rows = await report.locator('tr[data-variant]').allInnerTexts();
  return { ms, rows };
}

async function answersCsv(page: Page, name: string, rows: string[]): Promise<void> {
  await page.getByLabel('Add a CSV of answers').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(`file,label\n${rows.join('\n')}\n`),
  });
  await expect(page.getByText(`Answers from ${name}`)).toBeAttached();
}

for (const { copies, photos } of [
  { copies: 1, photos: 180 },
  { copies: 6, photos: 1080 },
]) {
  test(`the accuracy report on the toy's evaluation photos (${photos} photos)`, async ({ page }) => {
    await page.addInitScript(() => {
      Object.assign(window, {
        showDirectoryPicker: async () => (await navigator.storage.getDirectory()).getDirectoryHandle('toy-eval'),
      });
    });
    await openWithModel(page, 'cliptag/toy-clip');
    await writeEvalFolder(page, copies);
    await useSingleTemplate(page);
    await addLabels(page, labels);
    await page.getByRole('button', { name: 'Open a folder' }).click();
    await expect(page.getByText(`${photos} photos ranked`)).toBeAttached({ timeout: 600_000 });
    await page.getByText('Check accuracy on labelled photos').click();
    const all = await checkAccuracy(page);
    console.log(
      `${photos} photos, answers from folders: report in ${all.ms.toFixed(0)} ms\n  ${all.rows.join('\n  ')}`,
    );
    if (copies > 1) return;
    const pytorch = (seen: boolean) => {
      const items = index.items.filter((item) => item.seen === seen);
      return items.filter((item) => labels[item.pytorch_pred] === item.label).length / items.length;
    };
    for (const seen of [true, false]) {
      const rows = index.items.flatMap((item, i) => (item.seen === seen ? [`eval-${i}.png,${item.label}`] : []));
      await answersCsv(page, seen ? 'seen.csv' : 'unseen.csv', rows);
      const result = await checkAccuracy(page);
      console.log(
        `${seen ? 'seen' : 'unseen'} pairs (${rows.length} photos; PyTorch top-1 ${(pytorch(seen) * 100).toFixed(1)}%): report in ${result.ms.toFixed(0)} ms\n  ${result.rows.join('\n  ')}`,
      );
    }
  });
}

for (const { pairs, set, seed } of [
  { pairs: 'SEEN_PAIRS', set: 'seen pairs', seed: 5300 },
  { pairs: 'ALL_PAIRS', set: 'any pairs', seed: 5400 },
]) {
  test(`the tagging report on held-out photos of two or three shapes (${set}): the neutral prompts against tagging taught by the other photos`, async ({
    page,
  }) => {
    // Photos drawn by the toy's own code (Debian's numpy and Pillow), as measure.py draws its check photos.
    const dir = join(test.info().outputDir, `scenes-${seed}`);
    mkdirSync(dir, { recursive: true });
    const drawn = execFileSync('/usr/bin/python3', [
      '-c',
      `import sys, json; sys.path.insert(0, "tools/toy-clip")
from PIL import Image
from toyclip import data
imgs, metas = data.make_scenes(data.${pairs}, 400, seed=${seed})
rows = []
for i, (img, meta) in enumerate(zip(imgs, metas)):
    Image.fromarray(img).save(f"${dir}/scene-{i}.png")
    rows.append([f"scene-{i}.png"] + [data.label_of(c, s) for c, s in meta["objects"]])
print(json.dumps(rows))`,
    ]);
    const rows = JSON.parse(drawn.toString()) as string[][];
    await openWithModel(page, 'cliptag/toy-clip');
    await addLabels(page, labels);
    await dropFiles(
      page,
      rows.map((row) => join(dir, row[0]!)),
    );
    await expect(page.getByText(`${rows.length} photos ranked`)).toBeAttached({ timeout: 600_000 });
    await page.getByText('Check accuracy on labelled photos').click();
    await answersCsv(
      page,
      'scenes.csv',
      rows.map((row) => row.join(',')),
    );
    const result = await checkAccuracy(page);
    console.log(
      `${rows.length} photos of 2-3 shapes, ${set}: report in ${result.ms.toFixed(0)} ms\n  ${result.rows.join('\n  ')}`,
    );
  });
}

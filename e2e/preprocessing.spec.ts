import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as Transformers from '@huggingface/transformers';
import { expect, test } from './fixtures';
import { HUB_URL } from './ports';
import {
  addLabels,
  dropFiles,
  expectRanked,
  mimeFor,
  modelInputOf,
  openWithModel,
  rankingOf,
  useSingleTemplate,
} from './tagger-page';

/** PIL's reference for each photo format people have (tools/toy-clip/toyclip/cases.py). */
interface Cases {
  model: string;
  image_size: number;
  prompts: Array<{ label: string; text: string }>;
  cases: Array<{ file: string; description: string; pixels_file: string; image_embeds: number[]; argmax: number }>;
}

/** More formats and layouts, with PIL's pixels only (tools/toy-clip/toyclip/format_cases.py). */
interface FormatCases {
  image_size: number;
  cases: Array<{ file: string; description: string; pixels_file: string; twin?: string }>;
}

const dir = fileURLToPath(new URL('../fixtures/reference/preprocess/', import.meta.url));
const reference = JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) as Cases;
const formatsDir = fileURLToPath(new URL('../fixtures/reference/formats/', import.meta.url));
const formats = JSON.parse(readFileSync(`${formatsDir}cases.json`, 'utf8')) as FormatCases;
const preprocessor = JSON.parse(
  readFileSync(
    fileURLToPath(new URL(`../fixtures/models/${reference.model}/preprocessor_config.json`, import.meta.url)),
    'utf8',
  ),
) as { image_mean: number[]; image_std: number[] };
const caseName = (file: string) => file.replace(/^cases\//, '');
const casePath = (file: string) => `${dir}${file}`;

/** Errors on the 0..1 scale before normalisation: CHW normalised values against PIL's HWC uint8 crop. */
function pixelErrors(pixelValues: ArrayLike<number>, pixelsFile: string, caseDir = dir): { max: number; mean: number } {
  const expected = readFileSync(`${caseDir}${pixelsFile}`);
  const plane = reference.image_size * reference.image_size;
  let max = 0;
  let sum = 0;
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < plane; i++) {
      const actual = pixelValues[c * plane + i]! * preprocessor.image_std[c]! + preprocessor.image_mean[c]!;
      const error = Math.abs(actual - expected[i * 3 + c]! / 255);
      max = Math.max(max, error);
      sum += error;
    }
  }
  return { max, mean: sum / (3 * plane) };
}

test('the worker feeds the encoder the pixels PIL gives CLIP, for every kind of photo', async ({ page }) => {
  await openWithModel(page, reference.model);
  for (const entry of reference.cases) {
    const input = await modelInputOf(page, casePath(entry.file));
    const { max, mean } = pixelErrors(input.pixelValues, entry.pixels_file);
    expect
      .soft(max * 255, `${entry.description} (${caseName(entry.file)}): max error in 1/255 units`)
      .toBeLessThanOrEqual(1 + 1e-4);
    expect
      .soft(mean * 255, `${entry.description} (${caseName(entry.file)}): mean error in 1/255 units`)
      .toBeLessThanOrEqual(0.25);
  }
});

test('HEIC, TIFF, a wide transparent panorama, an oriented WebP and a transparent GIF: the pixels PIL gives', async ({
  page,
}) => {
  await openWithModel(page, reference.model);
  for (const entry of formats.cases) {
    const input = await modelInputOf(page, `${formatsDir}${entry.file}`);
    const { max, mean } = pixelErrors(input.pixelValues, entry.pixels_file, formatsDir);
    const label = `${entry.description} (${caseName(entry.file)})`;
    expect.soft(max * 255, `${label}: max error in 1/255 units`).toBeLessThanOrEqual(1 + 1e-4);
    expect.soft(mean * 255, `${label}: mean error in 1/255 units`).toBeLessThanOrEqual(0.25);
  }
});

test('HEIC and TIFF photos rank like their JPEG twins', async ({ page }) => {
  await openWithModel(page, reference.model);
  await useSingleTemplate(page);
  const labels = reference.prompts.map((prompt) => prompt.label);
  await addLabels(page, labels);
  const twins = formats.cases.filter((entry) => entry.twin);
  const files = [...new Set(twins.flatMap((entry) => [entry.file, entry.twin!]))];
  await dropFiles(
    page,
    files.map((file) => `${formatsDir}${file}`),
  );
  await expectRanked(page, files.map(caseName), labels.length);
  for (const entry of twins) {
    const ranking = await rankingOf(page, caseName(entry.file));
    const twinRanking = await rankingOf(page, caseName(entry.twin!));
    expect(ranking[0]!.label, `${entry.description}: top label`).toBe(twinRanking[0]!.label);
    for (const row of ranking) {
      const twinRow = twinRanking.find((other) => other.label === row.label)!;
      expect(Math.abs(row.probability - twinRow.probability), `${entry.description}: P(${row.label})`).toBeLessThan(
        0.05,
      );
    }
  }
});

test('every kind of photo gets the reference top label', async ({ page }) => {
  await openWithModel(page, reference.model);
  await useSingleTemplate(page);
  const labels = reference.prompts.map((prompt) => prompt.label);
  await addLabels(page, labels);
  const names = reference.cases.map((entry) => caseName(entry.file));
  await dropFiles(
    page,
    reference.cases.map((entry) => casePath(entry.file)),
  );
  await expectRanked(page, names, labels.length);
  for (const entry of reference.cases) {
    const ranking = await rankingOf(page, caseName(entry.file));
    expect.soft(ranking[0]!.label, `${entry.description}: top label`).toBe(labels[entry.argmax]);
  }
});

test("side by side: the library's own browser preprocessing against ours", async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'pixels do not depend on the device; measured once');
  const libraryDir = fileURLToPath(new URL('../node_modules/@huggingface/transformers/dist/', import.meta.url));
  const ortDir = fileURLToPath(new URL('../node_modules/onnxruntime-web/dist/', import.meta.url));
  // The library's self-contained browser bundle, served on the app's origin for this comparison only.
  await page.route('**/__library/**', (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    const path = name.startsWith('ort-') ? `${ortDir}${name}` : `${libraryDir}${name}`;
    return route.fulfill({ path, contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
  });
  await openWithModel(page, reference.model);

  const rows = [];
  for (const entry of reference.cases) {
    const ours = await modelInputOf(page, casePath(entry.file));
    const bytes = [...readFileSync(casePath(entry.file))];
    const measured = await page.evaluate(
      async ({ bytes, type, hub, model, ourPixels, size }) => {
        const lib = (await import(
          /* @vite-ignore */ `${location.origin}/__library/transformers.min.js`
        )) as typeof Transformers;
        lib.env.allowLocalModels = false;
        lib.env.remoteHost = hub;
        lib.env.backends.onnx.wasm!.wasmPaths = {
          wasm: `${location.origin}/__library/ort-wasm-simd-threaded.asyncify.wasm`,
          mjs: `${location.origin}/__library/ort-wasm-simd-threaded.asyncify.mjs`,
        };
        const processor = await lib.AutoImageProcessor.from_pretrained(model);
        const vision = await lib.CLIPVisionModelWithProjection.from_pretrained(model, {
          device: 'wasm',
          dtype: 'fp32',
        });
        const image = await lib.RawImage.fromBlob(new Blob([new Uint8Array(bytes)], { type }));
        const { pixel_values } = (await processor(image)) as { pixel_values: Transformers.Tensor };
        const embed = async (pixels: Float32Array) => {
          const outputs = (await vision({
            pixel_values: new lib.Tensor('float32', pixels, [1, 3, size, size]),
          })) as Record<string, Transformers.Tensor>;
          return Array.from(outputs.image_embeds!.data as Float32Array);
        };
        return {
          libraryPixels: Array.from(pixel_values.data as Float32Array),
          libraryEmbedding: await embed(pixel_values.data as Float32Array),
          ourEmbedding: await embed(Float32Array.from(ourPixels)),
        };
      },
      {
        bytes,
        type: mimeFor(entry.file),
        hub: HUB_URL,
        model: reference.model,
        ourPixels: ours.pixelValues,
        size: reference.image_size,
      },
    );
    const cosine = (a: number[], b: number[]) => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      a.forEach((v, i) => ((dot += v * b[i]!), (na += v * v), (nb += b[i]! * b[i]!)));
      return dot / Math.sqrt(na * nb);
    };
    const ourPixelsError = pixelErrors(ours.pixelValues, entry.pixels_file);
    const libraryPixelsError = pixelErrors(measured.libraryPixels, entry.pixels_file);
    rows.push({
      case: caseName(entry.file),
      ours: {
        maxPixel255: ourPixelsError.max * 255,
        meanPixel255: ourPixelsError.mean * 255,
        embeddingCosine: cosine(measured.ourEmbedding, entry.image_embeds),
      },
      library: {
        maxPixel255: libraryPixelsError.max * 255,
        meanPixel255: libraryPixelsError.mean * 255,
        embeddingCosine: cosine(measured.libraryEmbedding, entry.image_embeds),
      },
    });
  }
  const table = rows
    .map(
      (r) =>
        `${r.case.padEnd(26)} ours max ${r.ours.maxPixel255.toFixed(2)} mean ${r.ours.meanPixel255.toFixed(3)} cos ${r.ours.embeddingCosine.toFixed(6)} | library max ${r.library.maxPixel255.toFixed(2)} mean ${r.library.meanPixel255.toFixed(3)} cos ${r.library.embeddingCosine.toFixed(6)}`,
    )
    .join('\n');
  console.log(
    `Pixel errors in 1/255 units and embedding cosine to PyTorch's, ours vs transformers.js RawImage:\n${table}`,
  );
  await testInfo.attach('preprocessing-comparison.json', {
    body: JSON.stringify(rows, null, 1),
    contentType: 'application/json',
  });
  for (const row of rows) expect(row.ours.embeddingCosine, row.case).toBeGreaterThan(0.9999);
});

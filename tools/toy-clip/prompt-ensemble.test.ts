// Prompt ensembling on the toy CLIP, through transformers.js and the app's own core maths: top-1 on the
// held-out evaluation set with one template against ensembles of several.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalModels } from './test-helpers';
import {
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  Tensor,
} from '@huggingface/transformers';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { ensembleEmbeddings } from '../../src/core/ensemble';
import { parsePreprocessorConfig, toPixelValues } from '../../src/core/preprocess';
import { buildRankingRequest } from '../../src/core/prompts';
import { DEFAULT_TEMPLATES } from '../../src/core/templates';
import { multiplyByTranspose, normalizeRows } from '../../src/core/vectors';
import { TEXT_RULES, textInputs } from '../../src/worker/model/text-inputs';

const MODELS = fileURLToPath(new URL('../../fixtures/models/', import.meta.url));
const EVAL = fileURLToPath(new URL('../../fixtures/reference/toy-clip/eval/', import.meta.url));
const MODEL = 'cliptag/toy-clip';
const index = JSON.parse(fs.readFileSync(`${EVAL}index.json`, 'utf8')) as {
  n: number;
  prompts: { label: string }[];
  items: { label_index: number; seen: boolean }[];
};
const labels = index.prompts.map((prompt) => prompt.label);

/** Phrasings like the toy's training captions, for comparison with the everyday defaults. */
const CAPTION_LIKE = [
  'a photo of a {}.',
  'a {}.',
  'a picture of a {}.',
  'this is a {}.',
  'a close-up photo of a {}.',
  'a drawing of a {}.',
];

let tokenizer: PreTrainedTokenizer;
let textModel: CLIPTextModelWithProjection;
let images: Float32Array;
let dim: number;

beforeAll(async () => {
  useLocalModels(MODELS);
  tokenizer = await AutoTokenizer.from_pretrained(MODEL);
  textModel = await CLIPTextModelWithProjection.from_pretrained(MODEL, { dtype: 'fp32' });
  const vision = await CLIPVisionModelWithProjection.from_pretrained(MODEL, { dtype: 'fp32' });
  const config = parsePreprocessorConfig(
    JSON.parse(fs.readFileSync(`${MODELS}${MODEL}/preprocessor_config.json`, 'utf8')) as Record<string, unknown>,
  );
  const raw = fs.readFileSync(`${EVAL}images.u8`);
  const side = config.crop!.width;
  const plane = 3 * side * side;
  const pixels = new Float32Array(index.n * plane);
  for (let i = 0; i < index.n; i++) {
    pixels.set(toPixelValues(new Uint8Array(raw.subarray(i * plane, (i + 1) * plane)), side, side, config), i * plane);
  }
  const { image_embeds } = (await vision({
    pixel_values: new Tensor('float32', pixels, [index.n, 3, side, side]),
  })) as { image_embeds: Tensor };
  dim = image_embeds.dims[1]!;
  images = normalizeRows(Float32Array.from(image_embeds.data as Float32Array), dim);
});

async function top1(templates: readonly string[]): Promise<{ seen: number; unseen: number; all: number }> {
  const request = buildRankingRequest(labels, { templates, promptMode: 'ensemble', scoringMode: 'pick-one' });
  const prompts = request.labels.flatMap((label) => label.prompts);
  const { text_embeds } = (await textModel(textInputs(tokenizer, prompts, TEXT_RULES.clip))) as { text_embeds: Tensor };
  const perLabel = templates.length;
  const labelMatrix = ensembleEmbeddings(
    Float32Array.from(text_embeds.data as Float32Array),
    labels.map((_, label) => Array.from({ length: perLabel }, (_, t) => label * perLabel + t)),
    dim,
  );
  const scores = multiplyByTranspose(images, labelMatrix, dim);
  const correct = { seen: [0, 0], unseen: [0, 0] };
  index.items.forEach((item, row) => {
    const rowScores = scores.subarray(row * labels.length, (row + 1) * labels.length);
    const predicted = rowScores.indexOf(Math.max(...rowScores));
    const bucket = item.seen ? correct.seen : correct.unseen;
    bucket[0]! += Number(predicted === item.label_index);
    bucket[1]!++;
  });
  return {
    seen: correct.seen[0]! / correct.seen[1]!,
    unseen: correct.unseen[0]! / correct.unseen[1]!,
    all: (correct.seen[0]! + correct.unseen[0]!) / index.n,
  };
}

describe('prompt ensembling on the toy CLIP', () => {
  it('is not worse than the single template', async () => {
    const single = await top1(['a photo of a {}.']);
    const everyday = await top1(DEFAULT_TEMPLATES);
    const captionLike = await top1(CAPTION_LIKE);
    const percent = (r: { seen: number; unseen: number; all: number }) =>
      `seen ${(r.seen * 100).toFixed(1)}%, unseen ${(r.unseen * 100).toFixed(1)}%, all ${(r.all * 100).toFixed(1)}%`;
    console.log(
      `toy CLIP top-1 on ${index.n} held-out photos:\n` +
        `  single template:                         ${percent(single)}\n` +
        `  ensemble of ${DEFAULT_TEMPLATES.length} everyday defaults:       ${percent(everyday)}\n` +
        `  ensemble of ${CAPTION_LIKE.length} caption-like templates:    ${percent(captionLike)}`,
    );
    expect(single.seen).toBe(1);
    expect(captionLike.all).toBeGreaterThanOrEqual(single.all);
    expect(everyday.all).toBeGreaterThanOrEqual(single.all);
  });
});

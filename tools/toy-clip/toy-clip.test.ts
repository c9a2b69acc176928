// Checks the committed toy CLIP (fixtures/models/cliptag/toy-clip) against the PyTorch references
// (fixtures/reference/toy-clip), through @huggingface/transformers in Node, offline.
// Regenerate both with: /usr/bin/python3 tools/toy-clip/make.py fixture
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { at, dot, l2rows, readF32, readJson, readRgb, useLocalModels } from './test-helpers';
import {
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  Tensor,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { catalogEntry } from '../../src/core/catalog';
import { ensembleEmbeddings } from '../../src/core/ensemble';
import { parsePreprocessorConfig, toPixelValues } from '../../src/core/preprocess';
import { buildRankingRequest } from '../../src/core/prompts';
import { NEUTRAL_PROMPTS } from '../../src/core/scoring';
import { neutralTaggingWeights, taggingProbabilitiesFrom } from '../../src/core/tagging-probe';
import { DEFAULT_TEMPLATES } from '../../src/core/templates';
import { TEXT_RULES, textInputs } from '../../src/worker/model/text-inputs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODELS_ROOT = path.join(ROOT, 'fixtures', 'models');
const MODEL_ID = 'cliptag/toy-clip';
const REF_DIR = path.join(ROOT, 'fixtures', 'reference', 'toy-clip');
const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];

interface Prompt {
  label: string;
  text: string;
  input_ids: number[];
}
interface Probe {
  file: string;
  width: number;
  height: number;
  true_label: string;
  seen_pair: boolean;
  pixel_values_file: string;
  image_embeds: number[];
  probs: number[];
  argmax: number;
  tag_probs: number[];
}
/** A demo photo of several shapes, for "Tag all that apply". */
interface SceneProbe {
  file: string;
  labels: string[];
  pixel_values_file: string;
  tag_probs: number[];
  tagged: string[];
}
interface Reference {
  model: string;
  image_size: number;
  logit_scale: number;
  prompts: Prompt[];
  probes: Probe[];
  tagging: { templates: string[]; neutral_prompts: string[]; threshold: number };
  scene_probes: SceneProbe[];
  text_embeds: number[][];
}
interface EvalIndex {
  images_file: string;
  n: number;
  height: number;
  width: number;
  channels: number;
  prompts: { label: string; text: string }[];
  items: { label: string; label_index: number; seen: boolean; pytorch_pred: number }[];
}

const ref = readJson<Reference>(path.join(REF_DIR, 'reference.json'));
const evalIndex = readJson<EvalIndex>(path.join(REF_DIR, 'eval', 'index.json'));
interface Accuracy {
  top1_seen: number;
  top1_unseen: number;
}
const card = readJson<{ zero_shot_eval: { fp32_pytorch: Accuracy; q8_onnxruntime: Accuracy } }>(
  path.join(MODELS_ROOT, MODEL_ID, 'model_card.json'),
);
const preprocessing = parsePreprocessorConfig(readJson(path.join(MODELS_ROOT, MODEL_ID, 'preprocessor_config.json')));
const S = ref.image_size;

const l2 = (v: number[]) => at(l2rows(v, 1, v.length), 0);
const maxAbsDiff = (a: number[][], b: number[][]) =>
  Math.max(...a.map((row, i) => Math.max(...row.map((x, j) => Math.abs(x - at(at(b, i), j))))));
const argmax = (v: number[]) => v.indexOf(Math.max(...v));
function softmax(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

type Models = { text: CLIPTextModelWithProjection; vision: CLIPVisionModelWithProjection };
let tokenizer: PreTrainedTokenizer;
const models: Record<'fp32' | 'q8', Models> = {} as Record<'fp32' | 'q8', Models>;

async function embedImages(m: Models, pixels: Float32Array, n: number): Promise<number[][]> {
  const out: number[][] = [];
  const per = 3 * S * S;
  for (let i = 0; i < n; i += 64) {
    const k = Math.min(64, n - i);
    const t = new Tensor('float32', pixels.slice(i * per, (i + k) * per), [k, 3, S, S]);
    const { image_embeds } = (await m.vision({ pixel_values: t })) as { image_embeds: Tensor };
    out.push(...l2rows(image_embeds.data as Float32Array, k, at(image_embeds.dims, 1)));
  }
  return out;
}

async function embedPrompts(m: Models): Promise<number[][]> {
  const inputs = textInputs(
    tokenizer,
    ref.prompts.map((p) => p.text),
    TEXT_RULES.clip,
  );
  const { text_embeds } = (await m.text(inputs)) as { text_embeds: Tensor };
  return l2rows(text_embeds.data as Float32Array, at(text_embeds.dims, 0), at(text_embeds.dims, 1));
}

function referencePixels(probes: { pixel_values_file: string }[]): Float32Array {
  const per = 3 * S * S;
  const all = new Float32Array(probes.length * per);
  probes.forEach((p, i) => all.set(readF32(path.join(REF_DIR, p.pixel_values_file)), i * per));
  return all;
}
const probePixels = referencePixels(ref.probes);

/** "Tag all that apply" through the app's own maths: the default templates ensembled, against the neutral prompts. */
async function tagProbabilities(m: Models, probes: { pixel_values_file: string }[]): Promise<Float32Array> {
  const labels = ref.prompts.map((p) => p.label);
  const request = buildRankingRequest(labels, {
    templates: DEFAULT_TEMPLATES,
    promptMode: 'ensemble',
    scoringMode: 'tag-all',
  });
  const prompts = request.labels.flatMap((label) => label.prompts);
  const { text_embeds } = (await m.text(textInputs(tokenizer, [...prompts, ...NEUTRAL_PROMPTS], TEXT_RULES.clip))) as {
    text_embeds: Tensor;
  };
  const dim = at(text_embeds.dims, 1);
  const text = Float32Array.from(text_embeds.data as Float32Array);
  const perLabel = DEFAULT_TEMPLATES.length;
  const labelMatrix = ensembleEmbeddings(
    text,
    labels.map((_, label) => Array.from({ length: perLabel }, (_, t) => label * perLabel + t)),
    dim,
  );
  const neutral = ensembleEmbeddings(text, [NEUTRAL_PROMPTS.map((_, i) => prompts.length + i)], dim);
  const images = await embedImages(m, referencePixels(probes), probes.length);
  const weights = neutralTaggingWeights(labelMatrix, neutral, ref.logit_scale);
  return taggingProbabilitiesFrom(Float32Array.from(images.flat()), weights, dim);
}

function evalPixels(): Float32Array {
  const u8 = fs.readFileSync(path.join(REF_DIR, 'eval', evalIndex.images_file));
  expect(u8.length).toBe(evalIndex.n * S * S * 3);
  const px = new Float32Array(evalIndex.n * 3 * S * S);
  for (let n = 0; n < evalIndex.n; n++)
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++)
        for (let c = 0; c < 3; c++)
          px[((n * 3 + c) * S + y) * S + x] = (at(u8, ((n * S + y) * S + x) * 3 + c) / 255 - at(MEAN, c)) / at(STD, c);
  return px;
}

async function evalAccuracy(m: Models) {
  const text = await embedPrompts(m);
  const images = await embedImages(m, evalPixels(), evalIndex.n);
  let seen = 0,
    seenOk = 0,
    unseen = 0,
    unseenOk = 0;
  images.forEach((e, i) => {
    const it = at(evalIndex.items, i);
    const ok = argmax(text.map((t) => dot(e, t))) === it.label_index;
    if (it.seen) {
      seen++;
      seenOk += Number(ok);
    } else {
      unseen++;
      unseenOk += Number(ok);
    }
  });
  return { top1_seen: seenOk / seen, top1_unseen: unseenOk / unseen, images, text };
}

beforeAll(async () => {
  useLocalModels(MODELS_ROOT);
  tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
  for (const dtype of ['fp32', 'q8'] as const) {
    models[dtype] = {
      text: await CLIPTextModelWithProjection.from_pretrained(MODEL_ID, { dtype }),
      vision: await CLIPVisionModelWithProjection.from_pretrained(MODEL_ID, { dtype }),
    };
  }
}, 60_000);

describe('toy-clip fixture', () => {
  it('reference and eval set are consistent', () => {
    expect(ref.model).toBe(MODEL_ID);
    expect(ref.prompts.map((p) => p.text)).toEqual(evalIndex.prompts.map((p) => p.text));
    expect(evalIndex.items.length).toBe(evalIndex.n);
    // Every probe (the demo's photos) gets its own label from PyTorch, those of unseen pairs included.
    const labels = ref.prompts.map((p) => p.label);
    for (const p of ref.probes) {
      expect(labels).toContain(p.true_label);
      expect(at(ref.prompts, p.argmax).label, p.file).toBe(p.true_label);
    }
    expect(ref.probes.some((p) => !p.seen_pair)).toBe(true);
  });

  // The issue caps the committed toy at 10 MB: the pipeline's combined model is built by the benchmark instead.
  it('the committed toy model folder stays under 10 MB', () => {
    const folder = path.join(MODELS_ROOT, MODEL_ID);
    const files = fs.readdirSync(folder, { recursive: true, encoding: 'utf8' });
    const bytes = files.reduce((sum, file) => sum + fs.statSync(path.join(folder, file)).size, 0);
    expect(bytes).toBeLessThan(10_000_000);
  });

  it("the catalog's download size for the demo is its encoders' files", () => {
    const bytes = (file: string) => fs.statSync(path.join(MODELS_ROOT, MODEL_ID, 'onnx', file)).size;
    expect(catalogEntry(MODEL_ID)?.encoderBytes).toEqual({
      fp32: bytes('text_model.onnx') + bytes('vision_model.onnx'),
      q8: bytes('text_model_quantized.onnx') + bytes('vision_model_quantized.onnx'),
    });
  });

  it("the app's token packing gives exactly the reference input_ids", () => {
    const { input_ids, attention_mask } = textInputs(
      tokenizer,
      ref.prompts.map((p) => p.text),
      TEXT_RULES.clip,
    );
    const [n, T] = input_ids.dims as [number, number];
    expect(n).toBe(ref.prompts.length);
    const ids = Array.from(input_ids.data as BigInt64Array, Number);
    const mask = Array.from(attention_mask.data as BigInt64Array, Number);
    ref.prompts.forEach((p, i) => {
      const row = ids.slice(i * T, (i + 1) * T);
      const m = mask.slice(i * T, (i + 1) * T);
      expect(row.slice(0, p.input_ids.length)).toEqual(p.input_ids);
      expect(m).toEqual(row.map((_, j) => (j < p.input_ids.length ? 1 : 0)));
      // padding is <|endoftext|>, the highest id, so argmax(input_ids) pools the real EOS
      expect(row.slice(p.input_ids.length).every((x) => x === tokenizer.eos_token_id)).toBe(true);
    });
    expect(tokenizer.eos_token_id).toBe(Math.max(...ids));
    expect(tokenizer.pad_token_id).toBe(tokenizer.eos_token_id);
  });

  it('unknown words become <|unk|> instead of throwing', () => {
    const { input_ids } = textInputs(tokenizer, ['a photo of a zebra.', 'Café-au-lait!!'], TEXT_RULES.clip);
    const ids = Array.from(input_ids.data as BigInt64Array, Number);
    expect(tokenizer.unk_token_id).toBeTypeOf('number');
    expect(ids).toContain(tokenizer.unk_token_id);
    expect(ids.every((x) => Number.isInteger(x) && x >= 0 && x <= tokenizer.eos_token_id)).toBe(true);
  });

  it("the app's preprocessing gives PIL's pixels for every probe, resized ones included", async () => {
    expect(ref.probes.some((p) => Math.min(p.width, p.height) !== S)).toBe(true);
    for (const p of ref.probes) {
      const { rgb, width, height } = await readRgb(path.join(REF_DIR, p.file));
      expect([width, height]).toEqual([p.width, p.height]);
      const got = toPixelValues(rgb, width, height, preprocessing);
      const want = readF32(path.join(REF_DIR, p.pixel_values_file));
      expect(got.length).toBe(want.length);
      let m = 0;
      for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(at(want, i) - at(got, i)));
      expect(m, p.file).toBeLessThanOrEqual(1e-5);
    }
  });

  it('fp32 embeddings match PyTorch (L2-normalised, max abs diff <= 1e-4)', async () => {
    const img = await embedImages(models.fp32, probePixels, ref.probes.length);
    expect(
      maxAbsDiff(
        img,
        ref.probes.map((p) => l2(p.image_embeds)),
      ),
    ).toBeLessThanOrEqual(1e-4);
    const text = await embedPrompts(models.fp32);
    expect(maxAbsDiff(text, ref.text_embeds.map(l2))).toBeLessThanOrEqual(1e-4);
  });

  it('fp32 zero-shot probabilities and argmax match the reference on every probe', async () => {
    const img = await embedImages(models.fp32, probePixels, ref.probes.length);
    const text = await embedPrompts(models.fp32);
    img.forEach((e, i) => {
      const probs = softmax(text.map((t) => ref.logit_scale * dot(e, t)));
      const p = at(ref.probes, i);
      expect(argmax(probs), p.file).toBe(p.argmax);
      expect(Math.max(...probs.map((x, j) => Math.abs(x - at(p.probs, j))))).toBeLessThanOrEqual(1e-3);
    });
  });

  it('fp32 reproduces the model card accuracy on the committed eval set', async () => {
    const r = await evalAccuracy(models.fp32);
    const want = card.zero_shot_eval.fp32_pytorch;
    expect(r.top1_seen).toBe(want.top1_seen);
    expect(r.top1_unseen).toBe(want.top1_unseen);
    expect(r.top1_seen).toBeGreaterThanOrEqual(0.98);
    expect(r.top1_unseen).toBeGreaterThanOrEqual(0.92);
  });

  it("tags the several-shape demo photo with exactly its shapes as PyTorch does, through the app's tagging maths (fp32 and q8)", async () => {
    expect(ref.tagging.templates).toEqual(DEFAULT_TEMPLATES);
    expect(ref.tagging.neutral_prompts).toEqual(NEUTRAL_PROMPTS);
    expect(ref.scene_probes.length).toBeGreaterThan(0);
    const labels = ref.prompts.map((p) => p.label);
    const all = [...ref.probes, ...ref.scene_probes];
    const fp32 = await tagProbabilities(models.fp32, all);
    all.forEach((probe, i) =>
      probe.tag_probs.forEach((want, j) =>
        expect(Math.abs(at(fp32, i * labels.length + j) - want), `${probe.file}: ${at(labels, j)}`).toBeLessThan(2e-3),
      ),
    );
    const q8 = await tagProbabilities(models.q8, ref.scene_probes);
    for (const [dtype, probs] of [
      ['fp32', fp32.subarray(ref.probes.length * labels.length)],
      ['q8', q8],
    ] as const) {
      ref.scene_probes.forEach((scene, i) => {
        const tagged = labels.filter((_, j) => at(probs, i * labels.length + j) >= ref.tagging.threshold);
        expect(tagged.sort(), `${dtype} ${scene.file}`).toEqual([...scene.tagged].sort());
      });
    }
    // Issue 12: exactly its shapes, against all 24 labels.
    for (const scene of ref.scene_probes)
      expect([...scene.tagged].sort(), `${scene.file}: tags`).toEqual([...scene.labels].sort());
  });

  it('q8 stays close to fp32 and keeps the probe argmax and card accuracy', async () => {
    const img = await embedImages(models.q8, probePixels, ref.probes.length);
    const text = await embedPrompts(models.q8);
    const imgFp32 = await embedImages(models.fp32, probePixels, ref.probes.length);
    const textFp32 = await embedPrompts(models.fp32);
    img.forEach((e, i) => expect(dot(e, at(imgFp32, i))).toBeGreaterThan(0.99));
    text.forEach((e, i) => expect(dot(e, at(textFp32, i))).toBeGreaterThan(0.99));
    img.forEach((e, i) =>
      expect(argmax(text.map((t) => dot(e, t))), at(ref.probes, i).file).toBe(at(ref.probes, i).argmax),
    );
    const r = await evalAccuracy(models.q8);
    const want = card.zero_shot_eval.q8_onnxruntime;
    expect(Math.abs(r.top1_seen - want.top1_seen)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(r.top1_unseen - want.top1_unseen)).toBeLessThanOrEqual(0.02);
  });
});

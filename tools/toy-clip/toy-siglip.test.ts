// Checks the committed toy SigLIP (fixtures/models/cliptag/toy-siglip: the toy CLIP's weights in a SigLIP
// repo layout) against the PyTorch references (fixtures/reference/toy-siglip), through
// @huggingface/transformers in Node, offline. Regenerate both with:
//   /usr/bin/python3 tools/toy-clip/make.py siglip
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { at, dot, l2rows, readF32, readJson, readRgb, useLocalModels } from './test-helpers';
import {
  AutoTokenizer,
  SiglipTextModel,
  SiglipVisionModel,
  Tensor,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { inputSize, parsePreprocessorConfig, toPixelValues } from '../../src/core/preprocess';
import { TEXT_RULES, textInputs, type TextRules } from '../../src/worker/model/text-inputs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODELS_ROOT = path.join(ROOT, 'fixtures', 'models');
const MODEL_ID = 'cliptag/toy-siglip';
const REF_DIR = path.join(ROOT, 'fixtures', 'reference', 'toy-siglip');
const TOL = 1e-4;

interface Probe {
  file: string;
  true_label: string;
  true_index: number;
  seen_pair: boolean;
  pixel_values_file: string;
  image_pooler_output: number[];
  above_half: string[];
}
interface Reference {
  model: string;
  image_size: number;
  context_length: number;
  labels: string[];
  texts: string[];
  input_ids: number[][];
  logit_scale: number;
  logit_scale_log: number;
  logit_bias: number;
  text_pooler_output: number[][];
  probes: Probe[];
  sigmoid_scores: number[][];
}
interface Config {
  model_type: string;
  architectures: string[];
  logit_scale_init_value: number;
  logit_bias_init_value: number;
  text_config: { model_type: string; max_position_embeddings: number };
  vision_config: { model_type: string; image_size: number };
}

const ref = readJson<Reference>(path.join(REF_DIR, 'reference.json'));
const config = readJson<Config>(path.join(MODELS_ROOT, MODEL_ID, 'config.json'));
const S = ref.image_size;
const preprocessing = parsePreprocessorConfig(readJson(path.join(MODELS_ROOT, MODEL_ID, 'preprocessor_config.json')));

function maxAbsDiff(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  a.forEach((row, i) => {
    const other = at(b, i);
    expect(row.length).toBe(other.length);
    row.forEach((x, j) => {
      m = Math.max(m, Math.abs(x - at(other, j)));
    });
  });
  return m;
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** The app's SigLIP score: sigmoid(exp(logit_scale) * cos + logit_bias), from config.json. */
const scores = (img: number[][], txt: number[][]) =>
  img.map((e) =>
    txt.map((t) => sigmoid(Math.exp(config.logit_scale_init_value) * dot(e, t) + config.logit_bias_init_value)),
  );

let tokenizer: PreTrainedTokenizer;
let textModel: SiglipTextModel;
let visionModel: SiglipVisionModel;

const probePixels = (() => {
  const per = 3 * S * S;
  const all = new Float32Array(ref.probes.length * per);
  ref.probes.forEach((p, i) => {
    const px = readF32(path.join(REF_DIR, p.pixel_values_file));
    expect(px.length).toBe(per);
    all.set(px, i * per);
  });
  return all;
})();

async function embedProbes(): Promise<number[][]> {
  const t = new Tensor('float32', probePixels, [ref.probes.length, 3, S, S]);
  const { pooler_output } = (await visionModel({ pixel_values: t })) as { pooler_output: Tensor };
  expect(pooler_output.dims).toEqual([ref.probes.length, at(ref.text_pooler_output, 0).length]);
  return l2rows(pooler_output.data as Float32Array, ref.probes.length, at(pooler_output.dims, 1));
}

async function embedTexts(padding: TextRules['padding']): Promise<number[][]> {
  const { pooler_output } = (await textModel(textInputs(tokenizer, ref.texts, { ...TEXT_RULES.siglip, padding }))) as {
    pooler_output: Tensor;
  };
  expect(pooler_output.dims[0]).toBe(ref.texts.length);
  return l2rows(pooler_output.data as Float32Array, ref.texts.length, at(pooler_output.dims, 1));
}

beforeAll(async () => {
  useLocalModels(MODELS_ROOT);
  tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
  textModel = await SiglipTextModel.from_pretrained(MODEL_ID, { dtype: 'fp32' });
  visionModel = await SiglipVisionModel.from_pretrained(MODEL_ID, { dtype: 'fp32' });
}, 60_000);

describe('toy-siglip fixture', () => {
  it('config is SigLIP-shaped and agrees with the reference', () => {
    expect(config.model_type).toBe('siglip');
    expect(config.architectures).toEqual(['SiglipModel']);
    expect(config.text_config.model_type).toBe('siglip_text_model');
    expect(config.vision_config.model_type).toBe('siglip_vision_model');
    expect(config.vision_config.image_size).toBe(S);
    expect(config.text_config.max_position_embeddings).toBe(ref.context_length);
    expect(Math.exp(config.logit_scale_init_value)).toBeCloseTo(ref.logit_scale, 10);
    expect(config.logit_bias_init_value).toBe(ref.logit_bias);
    expect(ref.model).toBe(MODEL_ID);
    expect(ref.labels.length).toBe(24);
    expect(ref.sigmoid_scores.length).toBe(ref.probes.length);
  });

  it('loads the Siglip classes and the ONNX inputs are what SigLIP feeds', () => {
    expect(tokenizer.constructor.name).toBe('SiglipTokenizer');
    type WithSession = { sessions: { model: { inputNames: string[]; outputNames: string[] } } };
    const sessions = (m: SiglipTextModel | SiglipVisionModel) => (m as unknown as WithSession).sessions.model;
    expect(sessions(textModel).inputNames).toEqual(['input_ids']);
    expect(sessions(textModel).outputNames).toEqual(['pooler_output']);
    expect(sessions(visionModel).inputNames).toEqual(['pixel_values']);
    expect(sessions(visionModel).outputNames).toEqual(['pooler_output']);
  });

  it("the app's token packing, padded to the context, gives exactly the reference input_ids", () => {
    expect(tokenizer.model_max_length).toBe(ref.context_length);
    const { input_ids } = textInputs(tokenizer, ref.texts, TEXT_RULES.siglip);
    expect(input_ids.dims).toEqual([ref.texts.length, ref.context_length]);
    const ids = Array.from(input_ids.data as BigInt64Array, Number);
    const T = ref.context_length;
    ref.input_ids.forEach((want, i) => {
      expect(want.length).toBe(T);
      expect(ids.slice(i * T, (i + 1) * T), at(ref.texts, i)).toEqual(want);
    });
    // pad = <|endoftext|>, the highest id, so the text model's argmax(input_ids) finds the real EOS
    expect(tokenizer.pad_token_id).toBe(tokenizer.eos_token_id);
    expect(Math.max(...ids)).toBe(tokenizer.eos_token_id);
  });

  it("the app's preprocessing reproduces the reference pixels of the probes (SigLIP mean/std, no crop)", async () => {
    expect(preprocessing.crop).toBeNull();
    expect(inputSize(preprocessing)).toEqual({ width: S, height: S });
    for (const p of ref.probes) {
      const { rgb, width, height } = await readRgb(path.join(ROOT, p.file));
      const got = toPixelValues(rgb, width, height, preprocessing);
      const want = readF32(path.join(REF_DIR, p.pixel_values_file));
      expect(got.length).toBe(want.length);
      let m = 0;
      for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(at(want, i) - at(got, i)));
      expect(m, p.file).toBeLessThanOrEqual(1e-5);
    }
  });

  it('image and text embeddings match PyTorch, and so do the sigmoid scores', async () => {
    const img = await embedProbes();
    const txt = await embedTexts('max');
    const refImg = l2rows(
      ref.probes.flatMap((p) => p.image_pooler_output),
      ref.probes.length,
      at(img, 0).length,
    );
    const refTxt = l2rows(ref.text_pooler_output.flat(), ref.texts.length, at(txt, 0).length);
    expect(maxAbsDiff(img, refImg)).toBeLessThanOrEqual(TOL);
    expect(maxAbsDiff(txt, refTxt)).toBeLessThanOrEqual(TOL);
    const got = scores(img, txt);
    expect(maxAbsDiff(got, ref.sigmoid_scores)).toBeLessThanOrEqual(TOL);
    // every seen-pair probe: its true class, and only it, scores above 0.5 (how the bias was chosen)
    ref.probes.forEach((p, i) => {
      const above = ref.labels.filter((_, j) => at(at(got, i), j) > 0.5);
      expect(above, p.file).toEqual(p.above_half);
      if (p.seen_pair) expect(above, p.file).toEqual([p.true_label]);
    });
  });

  it('padding does not matter: pooled at <|endoftext|> under causal attention', async () => {
    const full = await embedTexts('max');
    const longest = await embedTexts('longest');
    const { input_ids } = textInputs(tokenizer, ref.texts, { ...TEXT_RULES.siglip, padding: 'longest' });
    expect(at(input_ids.dims, 1)).toBeLessThan(ref.context_length); // really a different length
    expect(maxAbsDiff(longest, full)).toBeLessThanOrEqual(TOL);
  });
});

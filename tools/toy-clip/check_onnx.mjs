// Runs the exported ONNX files (fp32 and q8) with onnxruntime-node, independently of PyTorch,
// and checks the tokenizer through transformers.js. Used by make.py to fill the model card.
// usage: node tools/toy-clip/check_onnx.mjs <models root> <model id> <reference dir> [texts.json]
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { AutoTokenizer, env } from '@huggingface/transformers';

const [modelsRoot, modelId, refDir, textsFile] = process.argv.slice(2);
const modelDir = path.join(modelsRoot, modelId);
const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];

function l2(v) {
  let s = 0;
  for (const x of v) s += x * x;
  s = Math.sqrt(s);
  return Array.from(v, (x) => x / s);
}
const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
function rows(t) {
  const [n, d] = t.dims;
  return Array.from({ length: n }, (_, i) => Array.from(t.data.subarray(i * d, (i + 1) * d)));
}

const ref = JSON.parse(fs.readFileSync(path.join(refDir, 'reference.json'), 'utf8'));
const index = JSON.parse(fs.readFileSync(path.join(refDir, 'eval', 'index.json'), 'utf8'));
const u8 = fs.readFileSync(path.join(refDir, 'eval', index.images_file));
const S = ref.image_size;

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = modelsRoot;
const tok = await AutoTokenizer.from_pretrained(modelId);
const out = { tokenizer: {} };
const enc = tok(
  ref.prompts.map((p) => p.text),
  { padding: true, truncation: true },
);
const T = enc.input_ids.dims[1];
const ids = Array.from(enc.input_ids.data, Number);
const am = Array.from(enc.attention_mask.data, Number);
let mism = 0;
ref.prompts.forEach((p, i) => {
  const got = ids.slice(i * T, (i + 1) * T).filter((_, j) => am[i * T + j] === 1);
  if (JSON.stringify(got) !== JSON.stringify(p.input_ids)) mism++;
});
out.tokenizer.prompt_mismatches = mism;
if (textsFile) {
  const texts = JSON.parse(fs.readFileSync(textsFile, 'utf8'));
  let bad = [];
  for (const t of texts) {
    const e = tok(t.text, { padding: true, truncation: true });
    const got = Array.from(e.input_ids.data, Number);
    if (JSON.stringify(got) !== JSON.stringify(t.input_ids)) bad.push({ text: t.text, js: got, py: t.input_ids });
  }
  out.tokenizer.extra_checked = texts.length;
  out.tokenizer.extra_mismatches = bad.slice(0, 5);
  out.tokenizer.extra_mismatch_count = bad.length;
}

const evalPixels = new Float32Array(index.n * 3 * S * S);
for (let n = 0; n < index.n; n++)
  for (let y = 0; y < S; y++)
    for (let x = 0; x < S; x++)
      for (let c = 0; c < 3; c++)
        evalPixels[((n * 3 + c) * S + y) * S + x] = (u8[((n * S + y) * S + x) * 3 + c] / 255 - MEAN[c]) / STD[c];
const probePixels = ref.probes.map(
  (p) => new Float32Array(new Uint8Array(fs.readFileSync(path.join(refDir, p.pixel_values_file))).buffer),
);

const results = {};
for (const [dtype, suffix] of [
  ['fp32', ''],
  ['q8', '_quantized'],
]) {
  const ts = await ort.InferenceSession.create(path.join(modelDir, 'onnx', `text_model${suffix}.onnx`));
  const vs = await ort.InferenceSession.create(path.join(modelDir, 'onnx', `vision_model${suffix}.onnx`));
  const te = rows(
    (
      await ts.run({
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [ref.prompts.length, T]),
        attention_mask: new ort.Tensor('int64', BigInt64Array.from(am, BigInt), [ref.prompts.length, T]),
      })
    ).text_embeds,
  ).map(l2);
  const pe = [];
  for (const px of probePixels)
    pe.push(l2(rows((await vs.run({ pixel_values: new ort.Tensor('float32', px, [1, 3, S, S]) })).image_embeds)[0]));
  const ee = [];
  const B = 64;
  for (let i = 0; i < index.n; i += B) {
    const n = Math.min(B, index.n - i);
    const t = new ort.Tensor('float32', evalPixels.subarray(i * 3 * S * S, (i + n) * 3 * S * S), [n, 3, S, S]);
    ee.push(...rows((await vs.run({ pixel_values: t })).image_embeds).map(l2));
  }
  const argmax = (e) => {
    const s = te.map((t) => dot(e, t));
    return s.indexOf(Math.max(...s));
  };
  const preds = ee.map(argmax);
  let cs = 0,
    ns = 0,
    cu = 0,
    nu = 0,
    agreePt = 0;
  index.items.forEach((it, i) => {
    const ok = preds[i] === it.label_index;
    if (it.seen) {
      ns++;
      cs += ok;
    } else {
      nu++;
      cu += ok;
    }
    agreePt += preds[i] === it.pytorch_pred;
  });
  const r = {
    top1_seen: cs / ns,
    top1_unseen: cu / nu,
    agree_with_pytorch: agreePt / index.n,
    probe_argmax: pe.map(argmax),
    probe_argmax_matches_reference: pe.map(argmax).every((a, i) => a === ref.probes[i].argmax),
    max_abs_diff_vs_pytorch_image: Math.max(
      ...pe.map((e, i) => Math.max(...l2(ref.probes[i].image_embeds).map((x, j) => Math.abs(x - e[j])))),
    ),
    max_abs_diff_vs_pytorch_text: Math.max(
      ...te.map((e, i) => Math.max(...l2(ref.text_embeds[i]).map((x, j) => Math.abs(x - e[j])))),
    ),
  };
  results[dtype] = { r, te, pe, ee };
  out[dtype] = r;
}
const minCos = (a, b) => Math.min(...a.map((x, i) => dot(x, b[i])));
out.q8.min_cosine_vs_fp32 = {
  text: minCos(results.q8.te, results.fp32.te),
  probes: minCos(results.q8.pe, results.fp32.pe),
  eval_images: minCos(results.q8.ee, results.fp32.ee),
};
console.log(JSON.stringify(out));

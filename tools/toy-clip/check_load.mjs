// Loads a CLIP folder with transformers.js (offline) and runs one image and one text batch per dtype.
// usage: node tools/toy-clip/check_load.mjs <models root> <model id> [dtype ...]
import fs from 'node:fs';
import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  RawImage,
  env,
  pipeline,
} from '@huggingface/transformers';

const [root, id, ...dtypes] = process.argv.slice(2);
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = root.endsWith('/') ? root : root + '/';
const tokenizer = await AutoTokenizer.from_pretrained(id);
const processor = await AutoProcessor.from_pretrained(id);
const w = 320,
  h = 240;
const rgb = new Uint8ClampedArray(w * h * 3).map((_, i) => (i * 37) % 256);
const { pixel_values } = await processor(new RawImage(rgb, w, h, 3));
const text = tokenizer(['a photo of a red circle.', 'a zebra', 'orange star'], { padding: true, truncation: true });
const out = { pixel_values: pixel_values.dims, input_ids: text.input_ids.dims };
for (const dtype of dtypes.length ? dtypes : ['fp32', 'q8']) {
  const t0 = performance.now();
  const vision = await CLIPVisionModelWithProjection.from_pretrained(id, { dtype });
  const textModel = await CLIPTextModelWithProjection.from_pretrained(id, { dtype });
  const t1 = performance.now();
  const { image_embeds } = await vision({ pixel_values });
  const { text_embeds } = await textModel(text);
  const t2 = performance.now();
  const finite = [...image_embeds.data, ...text_embeds.data].every(Number.isFinite);
  out[dtype] = {
    image_embeds: image_embeds.dims,
    text_embeds: text_embeds.dims,
    finite,
    load_ms: Math.round(t1 - t0),
    run_ms: Math.round(t2 - t1),
  };
  await vision.dispose();
  await textModel.dispose();
}
// The combined model.onnx, when present, is what the library's own zero-shot pipeline loads.
if (fs.existsSync(`${env.localModelPath}${id}/onnx/model.onnx`)) {
  for (const dtype of dtypes.length ? dtypes : ['fp32', 'q8']) {
    const classify = await pipeline('zero-shot-image-classification', id, { dtype });
    const result = await classify(new RawImage(rgb, w, h, 3), ['red circle', 'blue square', 'zebra']);
    out[`pipeline_${dtype}`] = { labels: result.length, sum: result.reduce((s, r) => s + r.score, 0) };
    await classify.dispose();
  }
}
console.log(JSON.stringify(out));

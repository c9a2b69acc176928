/**
 * npm run bench:gpu, and the command the GPU machine runs (scripts/gpu-bench.sh): measures a model repo
 * on the WebGPU and CPU execution providers and writes the report as JSON after each step.
 *   node bench/gpu/main.ts --model DIR --out FILE [--providers webgpu,cpu] [--dtypes fp32,fp16,q8]
 *     [--batches 1,2,4,8,16,32] [--seconds 2] [--memory-photos 2000] [--cpu-memory-photos 200]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatGpuReport, runGpuBench, type EncoderDtype, type ExecutionProvider } from './encoder-bench.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    out: { type: 'string' },
    providers: { type: 'string', default: 'webgpu,cpu' },
    dtypes: { type: 'string', default: 'fp32,fp16,q8' },
    batches: { type: 'string', default: '1,2,4,8,16,32' },
    seconds: { type: 'string', default: '2' },
    'memory-photos': { type: 'string', default: '2000' },
    'cpu-memory-photos': { type: 'string', default: '200' },
    'memory-batch': { type: 'string', default: '16' },
  },
});
if (!values.model || !values.out) {
  console.error('Usage: node bench/gpu/main.ts --model DIR --out FILE (see the comment at the top of this file)');
  process.exit(2);
}
const out = values.out;
const list = (text: string) => text.split(',').map((item) => item.trim());

const report = await runGpuBench({
  modelDir: values.model,
  providers: list(values.providers) as ExecutionProvider[],
  dtypes: list(values.dtypes) as EncoderDtype[],
  batchSizes: list(values.batches).map(Number),
  secondsPerBatch: Number(values.seconds),
  memoryPhotos: { webgpu: Number(values['memory-photos']), cpu: Number(values['cpu-memory-photos']) },
  memoryBatch: Number(values['memory-batch']),
  textBatch: 32,
  // The real CLIP tokenizer gives the app's 14 templates over bench/labels.ts 8 to 13 tokens (mean 8.9).
  textTokens: 12,
  onProgress: (partial) => {
    writeFileSync(out, JSON.stringify(partial, null, 2));
    const last = partial.results.at(-1)!;
    console.log(`${last.provider} ${last.dtype}: ${last.error ?? 'done'}`);
  },
});
writeFileSync(out, JSON.stringify(report, null, 2));
console.log(formatGpuReport(report));

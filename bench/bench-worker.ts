/// <reference lib="webworker" />
import { pipeline } from '@huggingface/transformers';
import * as ort from 'onnxruntime-web/webgpu';
import { inputSize } from '../src/core/preprocess';
import type { DeviceChoice } from '../src/core/device';
import { serve } from '../src/core/rpc';
import { contentHash } from '../src/worker/model/embedding-store';
import { ClipEncoders } from '../src/worker/model/encoders';
import { configureOrt, setModelSource, wasmThreadCount } from '../src/worker/model/runtime';
import { PhotoDecoding, decodeForEncoder } from '../src/worker/photo/decode';
import { buildGemmModel } from './gemm-model';
import type {
  BenchJob,
  BenchRequests,
  EncoderResult,
  GemmResult,
  ModelUnderTest,
  PipelineResult,
  PrepareResult,
} from './jobs';

declare const self: DedicatedWorkerGlobalScope;

/** Runs before timing: the first runs after a load are slower while memory settles (seen up to 5). */
const WARM_UP_RUNS = 5;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** The ORT set-up the app's worker uses on WASM: the same build and thread count. */
function wasmDevice(): Extract<DeviceChoice, { kind: 'wasm' }> {
  return { kind: 'wasm', threads: wasmThreadCount(), whyNotWebGpu: 'the benchmark measures WASM' };
}

async function runPipeline(job: Extract<BenchJob, { kind: 'pipeline' }>): Promise<PipelineResult> {
  configureOrt(wasmDevice());
  setModelSource(job.target.source, job.target.model, new AbortController().signal);
  const loadStart = performance.now();
  const classify = await pipeline('zero-shot-image-classification', job.target.model, {
    device: 'wasm',
    dtype: job.target.dtype,
  });
  const loadMs = performance.now() - loadStart;
  const photoMs: number[] = [];
  let firstTopLabel = '';
  for (const photo of job.photos) {
    const start = performance.now();
    const ranked = (await classify(photo, job.labels, { hypothesis_template: job.template })) as { label: string }[];
    photoMs.push(performance.now() - start);
    firstTopLabel ||= ranked[0]?.label ?? '';
  }
  await classify.dispose();
  return { kind: 'pipeline', loadMs, photoMs, firstTopLabel };
}

async function loadEncoders(target: ModelUnderTest): Promise<ClipEncoders> {
  const params = { model: target.model, source: target.source, devicePreference: 'wasm' as const, dtype: target.dtype };
  const encoders = await ClipEncoders.load(params, new AbortController().signal, () => {});
  if (encoders.info.dtype !== target.dtype) throw new Error(`${target.model} has no ${target.dtype} files.`);
  return encoders;
}

async function runEncoder(job: Extract<BenchJob, { kind: 'encoder' }>): Promise<EncoderResult> {
  const encoders = await loadEncoders(job.target);
  try {
    const { width, height } = inputSize(encoders.preprocessing);
    // The encoder's speed does not depend on the pixels: any normalised-range values will do.
    const pixels = Float32Array.from({ length: 3 * width * height }, (_, index) => Math.sin(index) * 2);
    for (let run = 0; run < WARM_UP_RUNS; run++) await encoders.encodeImages([pixels]);
    const runMs: number[] = [];
    for (let run = 0; run < job.runs; run++) runMs.push(await timed(() => encoders.encodeImages([pixels])));
    // After the runs, when the worker has settled: the app's photo path on its own, in one thread.
    const decoding = new PhotoDecoding();
    const prepareMs: number[] = [];
    for (const [index, file] of job.photos.entries()) {
      prepareMs.push(
        await timed(() =>
          Promise.all([
            contentHash(file),
            decodeForEncoder(
              { file, name: `photo ${index}`, preprocessing: encoders.preprocessing, withPixels: true },
              decoding,
            ),
          ]),
        ),
      );
    }
    const threads = encoders.info.device.kind === 'wasm' ? encoders.info.device.threads : 0;
    return { kind: 'encoder', dtype: encoders.info.dtype, threads, runMs, prepareMs };
  } finally {
    await encoders.dispose();
  }
}

/** Photos prepared side by side in the overlapped run: the model worker's DECODE_AHEAD on WASM. */
const PREPARED_AHEAD = 2;

async function runPrepare(job: Extract<BenchJob, { kind: 'prepare' }>): Promise<PrepareResult> {
  const decoding = new PhotoDecoding();
  const prepare = async (file: Blob, name: string) => {
    const start = performance.now();
    const hash = await timed(() => contentHash(file));
    const decoded = await decodeForEncoder(
      { file, name, preprocessing: job.preprocessing, withPixels: true },
      decoding,
    );
    return { ms: performance.now() - start, steps: { hash, ...decoded.steps } };
  };
  // The first photo once untimed, so that the timed ones run on optimised code.
  if (job.photos[0]) await prepare(job.photos[0], 'warm-up');
  const result: PrepareResult = {
    kind: 'prepare',
    photoMs: [],
    stepMs: { hash: [], decode: [], read: [], resize: [], thumbnail: [] },
    overlappedMsPerPhoto: Number.NaN,
  };
  for (const [index, file] of job.photos.entries()) {
    const { ms, steps } = await prepare(file, `photo ${index}`);
    result.photoMs.push(ms);
    for (const step of Object.keys(result.stepMs) as (keyof typeof steps)[]) result.stepMs[step].push(steps[step]);
  }
  // Then as the app runs it: the next photos start while one is resized, so the browser's decode (on a
  // thread of its own) overlaps our work on this one.
  let next = 0;
  const lane = async () => {
    while (next < job.photos.length) {
      const index = next++;
      await prepare(job.photos[index]!, `photo ${index}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: PREPARED_AHEAD }, lane));
  result.overlappedMsPerPhoto = (performance.now() - start) / job.photos.length;
  return result;
}

async function runGemm(job: Extract<BenchJob, { kind: 'gemm' }>): Promise<GemmResult> {
  const device = wasmDevice();
  configureOrt(device);
  const { bytes } = buildGemmModel({ inner: job.inner, outer: job.outer, quantized: job.quantized });
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const input = new ort.Tensor(
      'float32',
      Float32Array.from({ length: job.rows * job.inner }, (_, index) => Math.cos(index)),
      [job.rows, job.inner],
    );
    const run = () => session.run({ A: input });
    for (let warm = 0; warm < WARM_UP_RUNS; warm++) await run();
    const runMs: number[] = [];
    for (let index = 0; index < job.runs; index++) runMs.push(await timed(run));
    return { kind: 'gemm', threads: device.threads, runMs };
  } finally {
    await session.release();
  }
}

serve<BenchRequests>(self, { pipeline: runPipeline, encoder: runEncoder, prepare: runPrepare, gemm: runGemm });

/**
 * The encoders' speed and memory on ONNX Runtime's execution providers in Node: the WebGPU EP (Dawn,
 * the WebGPU inside Chromium, running the same kernels as onnxruntime-web's WebGPU backend) and the
 * CPU EP, on a model repo laid out like the Hub's. Runs under Node's type stripping as well as Vitest,
 * so it imports only Node, onnxruntime-node and files without imports of their own, by full name.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { packTokenIds } from '../../src/core/tokens.ts';

export type ExecutionProvider = 'webgpu' | 'cpu';
export type EncoderDtype = 'fp32' | 'fp16' | 'q8';

const FILE_SUFFIX: Record<EncoderDtype, string> = { fp32: '', fp16: '_fp16', q8: '_quantized' };

export interface GpuBenchOptions {
  /** A model repo laid out like the Hub's: config.json and onnx/{vision,text}_model{suffix}.onnx. */
  modelDir: string;
  providers: readonly ExecutionProvider[];
  dtypes: readonly EncoderDtype[];
  batchSizes: readonly number[];
  /** How long each batch size runs, after two warm-up runs; at least three runs whatever this says. */
  secondsPerBatch: number;
  /** Photos the memory run encodes on each provider (memory growth shows over thousands). */
  memoryPhotos: Record<ExecutionProvider, number>;
  memoryBatch: number;
  textBatch: number;
  /** Tokens per prompt, start and end tokens included ("a photo of a golden retriever." is about 10). */
  textTokens: number;
  /** Called after each provider and dtype, so a run cut short still leaves what it measured. */
  onProgress?: (report: GpuBenchReport) => void;
}

export interface BatchResult {
  batch: number;
  runs: number;
  msPerRun: number;
  photosPerSecond: number;
}

export interface MemorySample {
  photos: number;
  rssMiB: number;
  /** GPU memory in use on the whole device (nvidia-smi), or null where there is no NVIDIA GPU. */
  gpuMiB: number | null;
}

export interface ProviderResult {
  provider: ExecutionProvider;
  dtype: EncoderDtype;
  /** Why this provider and dtype could not run (no adapter, no file); nothing else is set then. */
  error: string | null;
  visionLoadMs: number | null;
  batches: BatchResult[];
  text: { batch: number; tokens: number; labelsPerSecond: number } | null;
  memory: { batch: number; samples: MemorySample[] } | null;
}

export interface GpuBenchReport {
  date: string;
  node: string;
  onnxruntime: string;
  cpus: number;
  gpu: string | null;
  model: string;
  imageSize: number;
  results: ProviderResult[];
}

/** The first line nvidia-smi gives for a query, or null where it is missing or fails. */
function nvidiaSmi(query: string): string | null {
  try {
    const out = execFileSync('nvidia-smi', [`--query-gpu=${query}`, '--format=csv,noheader,nounits'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
}

function memorySample(photos: number): MemorySample {
  const gpu = nvidiaSmi('memory.used');
  return { photos, rssMiB: process.memoryUsage().rss / 2 ** 20, gpuMiB: gpu === null ? null : Number(gpu) };
}

interface RepoConfig {
  vision_config?: { image_size?: number };
  text_config?: { vocab_size?: number };
}

function repoConfig(modelDir: string): RepoConfig {
  return JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as RepoConfig;
}

/** Values in the normalised pixels' range; the encoders' speed does not depend on what they are. */
function pixelBatch(batch: number, size: number): Float32Array {
  return Float32Array.from({ length: batch * 3 * size * size }, (_, index) => Math.sin(index * 0.37) * 2);
}

async function timedRuns(run: () => Promise<unknown>, seconds: number): Promise<{ runs: number; ms: number }> {
  for (let warm = 0; warm < 2; warm++) await run();
  const start = performance.now();
  let runs = 0;
  while (runs < 3 || performance.now() - start < seconds * 1000) {
    await run();
    runs++;
  }
  return { runs, ms: performance.now() - start };
}

async function createSession(path: string, provider: ExecutionProvider): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path, { executionProviders: [provider], graphOptimizationLevel: 'all' });
}

async function benchVision(
  session: ort.InferenceSession,
  size: number,
  options: GpuBenchOptions,
): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const batch of options.batchSizes) {
    const pixels = pixelBatch(batch, size);
    const run = () => session.run({ pixel_values: new ort.Tensor('float32', pixels, [batch, 3, size, size]) });
    const { runs, ms } = await timedRuns(run, options.secondsPerBatch);
    results.push({ batch, runs, msPerRun: ms / runs, photosPerSecond: (batch * runs * 1000) / ms });
  }
  return results;
}

/** Encodes `photos` photos in batches, noting process and GPU memory as it goes: a leak shows as growth. */
async function memoryRun(
  session: ort.InferenceSession,
  size: number,
  photos: number,
  batch: number,
): Promise<MemorySample[]> {
  const pixels = pixelBatch(batch, size);
  const samples = [memorySample(0)];
  const every = Math.max(batch, Math.round(photos / 10 / batch) * batch);
  for (let done = 0; done < photos;) {
    const output = await session.run({ pixel_values: new ort.Tensor('float32', pixels, [batch, 3, size, size]) });
    for (const tensor of Object.values(output)) tensor.dispose();
    done += batch;
    if (done % every === 0 || done >= photos) samples.push(memorySample(done));
  }
  return samples;
}

async function benchText(
  session: ort.InferenceSession,
  vocabSize: number,
  options: GpuBenchOptions,
): Promise<{ batch: number; tokens: number; labelsPerSecond: number }> {
  const { textBatch: batch, textTokens: tokens } = options;
  // As in CLIP's vocabulary, start and end of text are the two highest ids, and CLIP pools at the end one.
  const [startOfText, endOfText] = [vocabSize - 2, vocabSize - 1];
  const sequences = Array.from({ length: batch }, (_, row) => [
    startOfText,
    ...Array.from({ length: tokens - 2 }, (_, column) => (row * 31 + column * 7) % startOfText),
    endOfText,
  ]);
  const packed = packTokenIds(sequences, 77, endOfText, 'longest');
  const dims = [packed.rows, packed.length];
  const inputs: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', packed.inputIds, dims),
    attention_mask: new ort.Tensor('int64', packed.attentionMask, dims),
  };
  const feeds = Object.fromEntries(session.inputNames.map((name) => [name, inputs[name]!]));
  const { runs, ms } = await timedRuns(() => session.run(feeds), options.secondsPerBatch);
  return { batch, tokens, labelsPerSecond: (batch * runs * 1000) / ms };
}

async function benchOne(
  provider: ExecutionProvider,
  dtype: EncoderDtype,
  config: RepoConfig,
  options: GpuBenchOptions,
): Promise<ProviderResult> {
  const size = config.vision_config?.image_size ?? 224;
  const result: ProviderResult = {
    provider,
    dtype,
    error: null,
    visionLoadMs: null,
    batches: [],
    text: null,
    memory: null,
  };
  const visionPath = join(options.modelDir, 'onnx', `vision_model${FILE_SUFFIX[dtype]}.onnx`);
  const textPath = join(options.modelDir, 'onnx', `text_model${FILE_SUFFIX[dtype]}.onnx`);
  if (!existsSync(visionPath) || !existsSync(textPath)) return { ...result, error: `no ${dtype} files` };
  let vision: ort.InferenceSession | null = null;
  let text: ort.InferenceSession | null = null;
  try {
    const loadStart = performance.now();
    vision = await createSession(visionPath, provider);
    result.visionLoadMs = performance.now() - loadStart;
    result.batches = await benchVision(vision, size, options);
    const photos = options.memoryPhotos[provider];
    if (photos > 0)
      result.memory = {
        batch: options.memoryBatch,
        samples: await memoryRun(vision, size, photos, options.memoryBatch),
      };
    await vision.release();
    vision = null;
    text = await createSession(textPath, provider);
    result.text = await benchText(text, config.text_config?.vocab_size ?? 49408, options);
  } catch (error) {
    result.error = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  } finally {
    await vision?.release();
    await text?.release();
  }
  return result;
}

/** Every provider and dtype in turn, one at a time, so each has the machine to itself. */
export async function runGpuBench(options: GpuBenchOptions): Promise<GpuBenchReport> {
  const config = repoConfig(options.modelDir);
  const report: GpuBenchReport = {
    date: new Date().toISOString(),
    node: process.version,
    onnxruntime: ort.env.versions.common,
    cpus: cpus().length,
    gpu: nvidiaSmi('name'),
    model: options.modelDir,
    imageSize: config.vision_config?.image_size ?? 224,
    results: [],
  };
  for (const provider of options.providers) {
    for (const dtype of options.dtypes) {
      report.results.push(await benchOne(provider, dtype, config, options));
      options.onProgress?.(report);
    }
  }
  return report;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** The report as Markdown tables: photos/s by batch, text, and memory from the first to the last photo. */
export function formatGpuReport(report: GpuBenchReport): string {
  const batches = [...new Set(report.results.flatMap((result) => result.batches.map((entry) => entry.batch)))];
  const lines = [
    `ORT ${report.onnxruntime} in Node ${report.node}, ${report.cpus} CPUs, GPU: ${report.gpu ?? 'none'}; ${report.model} (${report.imageSize} px)`,
    '',
    `| EP | dtype | load | ${batches.map((batch) => `batch ${batch}`).join(' | ')} | text labels/s | memory (RSS / GPU MiB), first -> last photo |`,
    `|---|---|---|${batches.map(() => '---').join('|')}|---|---|`,
  ];
  for (const result of report.results) {
    if (result.error) {
      // ONNX Runtime's messages start with a source path; the end says what went wrong.
      const error = result.error.length > 100 ? `…${result.error.slice(-100)}` : result.error;
      lines.push(`| ${result.provider} | ${result.dtype} | ${error} |${batches.map(() => '').join('|')}| | |`);
      continue;
    }
    const cells = batches.map((batch) => {
      const entry = result.batches.find((candidate) => candidate.batch === batch);
      return entry ? `${fixed(entry.photosPerSecond)} photos/s` : '';
    });
    const samples = result.memory?.samples ?? [];
    const [first, last] = [samples[0], samples.at(-1)];
    const memory =
      first && last
        ? `${fixed(first.rssMiB, 0)} -> ${fixed(last.rssMiB, 0)} / ${first.gpuMiB ?? '-'} -> ${last.gpuMiB ?? '-'} (${last.photos} photos)`
        : '';
    const load = result.visionLoadMs === null ? '' : `${fixed(result.visionLoadMs / 1000, 2)} s`;
    lines.push(
      `| ${result.provider} | ${result.dtype} | ${load} | ${cells.join(' | ')} | ${result.text ? fixed(result.text.labelsPerSecond) : ''} | ${memory} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The benchmark page's requests to its worker, and what each measures. Every job runs in a fresh
 * worker with the app's own ORT build and thread count, so the numbers compare like with like.
 */
import type { Dtype } from '../src/core/device';
import type { ImagePreprocessing } from '../src/core/preprocess';
import type { PreparationSteps } from '../src/worker/photo/protocol';
import type { ModelSource } from '../src/core/source';

export interface ModelUnderTest {
  model: string;
  source: ModelSource;
  dtype: Dtype;
}

/** A job with its photos as `P`: URLs where the page asks for it, Blobs where the worker runs it. */
export type BenchJobOf<P> =
  /** The library's zero-shot pipeline, called once per photo as its documentation shows. */
  | { kind: 'pipeline'; target: ModelUnderTest; labels: string[]; template: string; photos: P[] }
  /** The vision encoder alone on ready pixel values, and the app's photo preparation alone. */
  | { kind: 'encoder'; target: ModelUnderTest; runs: number; photos: P[] }
  /** The app's photo preparation alone: step by step, one photo at a time (after one warm-up), then two at a time. */
  | { kind: 'prepare'; preprocessing: ImagePreprocessing; photos: P[] }
  /** One ORT MatMul of a ViT-B MLP layer's shape, fp32 or the Hub's dynamic int8 scheme. */
  | { kind: 'gemm'; rows: number; inner: number; outer: number; quantized: boolean; runs: number };

export type BenchJob = BenchJobOf<Blob>;
export type BenchRequest = BenchJobOf<string>;

export interface PipelineResult {
  kind: 'pipeline';
  loadMs: number;
  /** Milliseconds per photo, in order; the first call includes the pipeline's own warm-up. */
  photoMs: number[];
  /** The first photo's best label, to show that the pipeline really ranked. */
  firstTopLabel: string;
}

export interface EncoderResult {
  kind: 'encoder';
  dtype: Dtype;
  threads: number;
  /** Milliseconds per single-image run of the vision encoder, after warm-up runs. */
  runMs: number[];
  /** Milliseconds per photo to hash, decode, thumbnail and preprocess it, as the app does. */
  prepareMs: number[];
}

/** A preparation step: the content hash (done by the model worker), or one of the photo worker's. */
export type PrepareStep = 'hash' | keyof PreparationSteps;

export interface PrepareResult {
  kind: 'prepare';
  /** Milliseconds per photo, in order: hash, then decode, thumbnail and preprocess. */
  photoMs: number[];
  /** Milliseconds per photo of each step, in the same order; each photo's steps add up to about its photoMs. */
  stepMs: Record<PrepareStep, number[]>;
  /** Wall time per photo of the same photos prepared two at a time, as the app's worker asks for them. */
  overlappedMsPerPhoto: number;
}

export interface GemmResult {
  kind: 'gemm';
  threads: number;
  runMs: number[];
}

type JobOfKind<K extends BenchJob['kind']> = Extract<BenchJob, { kind: K }>;

/** The benchmark worker's requests, carried by core/rpc like the app's own workers. */
export interface BenchRequests {
  pipeline: { params: JobOfKind<'pipeline'>; event: never; result: PipelineResult };
  encoder: { params: JobOfKind<'encoder'>; event: never; result: EncoderResult };
  prepare: { params: JobOfKind<'prepare'>; event: never; result: PrepareResult };
  gemm: { params: JobOfKind<'gemm'>; event: never; result: GemmResult };
}

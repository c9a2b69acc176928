/**
 * User Timing measures of the way to the first ranked photo, named `cliptag:<step>` so that the
 * benchmark (bench/startup-breakdown.ts) can read them from the page and from each worker. Each step
 * is recorded once per page or worker: the timeline keeps every entry for good, and later runs of
 * a step say nothing about startup.
 */

export const STARTUP_PREFIX = 'cliptag:';

/** The steps, in the order they normally begin. */
export const STARTUP_STEPS = [
  /** Page: from navigation until the app asks for its model worker. */
  'app-start',
  /** Model worker: from its creation until its module (transformers.js included) has run. */
  'worker-start',
  /** Model worker: device probe, model config, dtype and file sizes, before any session. */
  'model-files',
  /**
   * Model worker, on WASM: fetching and compiling ONNX Runtime's WebAssembly and starting its runtime,
   * beside the encoders' file reads (on WebGPU it is part of session-text).
   */
  'ort-init',
  /** Model worker: each encoder's download (or Cache Storage read) and session creation. */
  'session-text',
  'session-vision',
  /** Model worker: the text encoder's first run, before the model says it is ready. */
  'warm-up',
  /** Page: from the load request until the model is ready. */
  'model-load',
  /** Model worker: the label prompts of the first ranking, first template only and then all of them. */
  'label-prompts-first-template',
  'label-prompts',
  /** Model worker: the first photo's hash, decode and preprocessing. */
  'first-photo-prepare',
  /** Model worker: the first photo through the vision encoder. */
  'first-photo-encode',
  /** Model worker: the first photo's scores against the labels. */
  'first-photo-rank',
  /** Page: from navigation until a card first shows labels ranked. */
  'first-ranked-card',
] as const;

export type StartupStep = (typeof STARTUP_STEPS)[number];

/**
 * Records `step` from `start` (a `performance.now()` reading) until now, unless it was recorded before
 * on this timeline. Where User Timing is missing, nothing is recorded.
 */
export function measureStartupStep(step: StartupStep, start: number, end: number = performance.now()): void {
  const name = STARTUP_PREFIX + step;
  if (typeof performance?.measure !== 'function' || performance.getEntriesByName(name, 'measure').length > 0) return;
  performance.measure(name, { start, end });
}

/** Runs `work` and records it as `step` when it succeeds. */
export async function timeStartupStep<T>(step: StartupStep, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  measureStartupStep(step, start);
  return result;
}

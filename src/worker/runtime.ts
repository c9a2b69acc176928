import { env } from '@huggingface/transformers';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import type { ModelSource } from '../core/source';

const onnxEnv = env.backends.onnx;

// transformers.js points ORT at a CDN on import; serve its wasm from our own build so the app works offline.
onnxEnv.wasm!.wasmPaths = { wasm: ortWasmUrl, mjs: ortFactoryUrl };
// The worker already keeps inference off the UI thread; a second proxy worker would only add copies.
onnxEnv.wasm!.proxy = false;

/** Threads ORT may use: all cores when the page is cross-origin isolated, else one (no SharedArrayBuffer). */
export function wasmThreadCount(): number {
  if (!self.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 8));
}

export function configureWasmThreads(threads: number): void {
  onnxEnv.wasm!.numThreads = threads;
}

/**
 * Points transformers.js at a model host (the Hub, a mirror, or the app's own copy of the demo model)
 * for one load, whose downloads stop when `downloads` is aborted.
 */
export function useModelSource(source: ModelSource, downloads: AbortSignal): void {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = source.host;
  env.remotePathTemplate = source.pathTemplate;
  env.fetch = (input: string | URL, init?: RequestInit) => fetch(input, { ...init, signal: downloads });
}

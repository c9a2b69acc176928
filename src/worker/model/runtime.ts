import { env } from '@huggingface/transformers';
import { InferenceSession } from 'onnxruntime-web/webgpu';
import asyncifyWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import asyncifyFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import plainFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import type { DeviceChoice } from '../../core/device';
import type { ModelSource } from '../../core/source';
import { DownloadWatch } from './downloads';

const onnxEnv = env.backends.onnx;
const WEBGPU_BUILD = { wasm: asyncifyWasmUrl, mjs: asyncifyFactoryUrl };
const CPU_BUILD = { wasm: plainWasmUrl, mjs: plainFactoryUrl };

// transformers.js points ORT at a CDN on import; serve its wasm from our own build so the app works offline.
onnxEnv.wasm!.wasmPaths = WEBGPU_BUILD;
// The worker already keeps inference off the UI thread; a second proxy worker would only add copies.
onnxEnv.wasm!.proxy = false;
// ORT then compiles its wasm from the URL as it streams in, which lets the browser keep the compiled code
// for the next visit; transformers.js's copy in Cache Storage would be compiled from bytes every time.
env.useWasmCache = false;

/** The smallest model ONNX Runtime takes: y = Identity(x), one float (made with onnx.helper, opset 13). */
const IDENTITY_MODEL = new Uint8Array([
  8, 7, 58, 55, 10, 16, 10, 1, 120, 18, 1, 121, 34, 8, 73, 100, 101, 110, 116, 105, 116, 121, 18, 1, 103, 90, 15, 10, 1,
  120, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 98, 15, 10, 1, 121, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 66, 4, 10,
  0, 16, 13,
]);

/**
 * Starts ORT's WebAssembly runtime (fetch, compile, threads) with a one-node session, so that it runs
 * while the encoders' files are read rather than after: its first session would start it otherwise.
 * Call after configureOrt, on WASM only.
 */
export async function startOrt(): Promise<void> {
  const session = await InferenceSession.create(IDENTITY_MODEL, { executionProviders: ['wasm'] });
  await session.release();
}

/** Threads ORT may use: all cores when the page is cross-origin isolated, else one (no SharedArrayBuffer). */
export function wasmThreadCount(): number {
  if (!self.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 8));
}

/**
 * Sets up ORT for the device before its first session, which starts ORT's module for good in this
 * worker. WebGPU needs the asyncify build; on the CPU alone the plain build is used, because V8 keeps
 * the asyncify build's large kernels in its baseline compiler for many runs: the q8 ViT-B/32 encoder
 * took 300 ms a photo on it and 90 ms on the plain build (fp32: 190 ms on both), and its file is half
 * the size.
 */
export function configureOrt(device: DeviceChoice): void {
  if (device.kind === 'webgpu') {
    onnxEnv.wasm!.wasmPaths = WEBGPU_BUILD;
    return;
  }
  onnxEnv.wasm!.wasmPaths = CPU_BUILD;
  onnxEnv.wasm!.numThreads = device.threads;
}

/**
 * Points transformers.js at a model host (the Hub, a mirror, or the app's own copy of the demo model)
 * for one load of `model`, whose downloads stop when `downloads` is aborted or stall; the watch tells
 * what the downloads ran into.
 */
export function setModelSource(source: ModelSource, model: string, downloads: AbortSignal): DownloadWatch {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = source.host;
  env.remotePathTemplate = source.pathTemplate;
  const watch = new DownloadWatch(source, model, downloads);
  env.fetch = watch.fetch;
  return watch;
}

/** 'wasm' skips the WebGPU probe, for users whose GPU misbehaves. */
export type DevicePreference = 'auto' | 'wasm';

/** The weights' number format; each names a file suffix in the Hub repo. */
export type Dtype = 'fp32' | 'fp16' | 'q8';

/** The ONNX file name suffix transformers.js looks for with each dtype. */
export const DTYPE_FILE_SUFFIX: Record<Dtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
};

export type DeviceChoice =
  | {
      kind: 'webgpu';
      adapter: string;
      shaderF16: boolean;
      /** The adapter's `maxStorageBufferBindingSize`: no tensor a kernel reads or writes may be larger. */
      maxBufferBytes: number;
    }
  | { kind: 'wasm'; threads: number; whyNotWebGpu: string };

/**
 * The dtypes worth loading on a device, best first; fp32 comes last, which every repo ships and every
 * device runs. fp16 on WebGPU needs the adapter's `shader-f16`; WASM users get q8 (int8 GEMMs run about
 * 2x faster than fp32 there). A `requested` dtype goes first when the device can run it.
 */
export function dtypePreference(device: DeviceChoice, requested?: Dtype): Dtype[] {
  const f16Shaders = device.kind === 'webgpu' ? device.shaderF16 : true;
  const preferred: Dtype[] = device.kind === 'wasm' ? ['q8'] : f16Shaders ? ['fp16'] : [];
  const runsRequested = requested !== undefined && (requested !== 'fp16' || f16Shaders);
  const order = [...new Set<Dtype>([...(runsRequested ? [requested] : []), ...preferred, 'fp32'])];
  // fp32 always loads, so nothing after it is ever tried.
  return order.slice(0, order.indexOf('fp32') + 1);
}

/**
 * The first dtype in `preference` whose files the model ships, asking `ships` about one dtype at a
 * time and stopping at the first yes: each question may cost a request to the model host, which fails
 * offline, while the files of the dtype loaded before answer from the cache. fp32 is assumed, never asked.
 */
export async function firstShippedDtype(
  preference: readonly Dtype[],
  ships: (dtype: Dtype) => Promise<boolean>,
): Promise<Dtype> {
  for (const dtype of preference) {
    if (dtype === 'fp32' || (await ships(dtype))) return dtype;
  }
  return 'fp32';
}

/** "WebGPU (swiftshader)" or "WASM, 2 threads", as the status line shows it. */
export function describeDevice(device: DeviceChoice): string {
  if (device.kind === 'webgpu') return `WebGPU (${device.adapter})`;
  return `WASM, ${device.threads} ${device.threads === 1 ? 'thread' : 'threads'}`;
}

/** Where the model runs, in words anyone understands: "on your graphics card", "on the processor (2 threads)". */
export function deviceInPlainWords(device: DeviceChoice): string {
  if (device.kind === 'webgpu') return 'on your graphics card';
  return `on the processor (${device.threads} ${device.threads === 1 ? 'thread' : 'threads'})`;
}

/** What sets the size of a vision transformer's activations (a Hub config's `vision_config`). */
export interface VisionShape {
  image_size: number;
  patch_size: number;
  intermediate_size: number;
  num_attention_heads: number;
}

/**
 * Bytes of the vision encoder's largest activation for one photo, in fp32: the MLP's hidden layer
 * (tokens x intermediate size) or one layer's attention scores (heads x tokens x tokens). ViT-B/32:
 * 0.6 MB; ViT-L/14 at 336 px: 21 MB, its attention scores.
 */
export function photoActivationBytes(vision: VisionShape): number {
  const tokens = (vision.image_size / vision.patch_size) ** 2 + 1;
  return 4 * Math.max(tokens * vision.intermediate_size, vision.num_attention_heads * tokens * tokens);
}

/** Photos per WebGPU run at most, however large the adapter's buffers. */
export const MAX_IMAGE_BATCH = 16;

/**
 * Photos per vision-encoder run at most. On WebGPU batches pay: on an H200 the ViT-B/32 encoder went from
 * 150 photos/s at batch 1 to 1,125 at 16 (fp16) and only 23% more at 32, for twice the latency and memory
 * (bench/gpu, README); a batch must also keep each activation within the adapter's largest buffer
 * binding (128 MiB on most GPUs: 6 photos of ViT-L/14 at 336 px). On WASM, one at a time: batching
 * there is not measured yet.
 */
export function imageBatchLimit(device: DeviceChoice, bytesPerPhoto: number): number {
  if (device.kind === 'wasm') return 1;
  const fits = Math.floor(device.maxBufferBytes / Math.max(bytesPerPhoto, 1));
  return Math.max(1, Math.min(MAX_IMAGE_BATCH, fits));
}

/** The most photo workers started, whatever the cores: each holds its own decoders and canvases. */
const MAX_PHOTO_WORKERS = 8;

/**
 * Photo workers worth running beside the model on `cores` logical cores: on WebGPU the encoder runs
 * on the GPU and every core can prepare photos; on WASM, what ONNX Runtime's threads leave, and at
 * least one, so photos are still prepared while the encoder runs.
 */
export function photoWorkerCount(device: DeviceChoice, cores: number): number {
  const spare = device.kind === 'webgpu' ? cores : cores - device.threads;
  return Math.max(1, Math.min(spare, MAX_PHOTO_WORKERS));
}

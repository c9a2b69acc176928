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
  { kind: 'webgpu'; adapter: string; shaderF16: boolean } | { kind: 'wasm'; threads: number; whyNotWebGpu: string };

/**
 * fp16 on WebGPU needs the adapter's `shader-f16`; WASM users get q8 (int8 GEMMs run about 2x faster
 * than fp32 there). A dtype is only chosen when the model actually ships its files; a `requested` one
 * wins when it can run.
 */
export function chooseDtype(device: DeviceChoice, available: ReadonlySet<Dtype>, requested?: Dtype): Dtype {
  const f16Shaders = device.kind === 'webgpu' ? device.shaderF16 : true;
  if (requested && available.has(requested) && (requested !== 'fp16' || f16Shaders)) return requested;
  if (device.kind === 'webgpu') {
    return device.shaderF16 && available.has('fp16') ? 'fp16' : 'fp32';
  }
  return available.has('q8') ? 'q8' : 'fp32';
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

import type { DeviceChoice, DevicePreference } from '../../core/device';
import { messageOf } from '../../core/errors';
import { wasmThreadCount } from './runtime';

/**
 * Chooses WebGPU when an adapter and a device can both be had, WASM otherwise, and says why.
 * transformers.js only checks that `navigator.gpu` exists, so it would not fall back by itself.
 */
export async function chooseDevice(preference: DevicePreference): Promise<DeviceChoice> {
  const wasm = (whyNotWebGpu: string): DeviceChoice => ({ kind: 'wasm', threads: wasmThreadCount(), whyNotWebGpu });
  if (preference === 'wasm') return wasm('WebGPU is turned off in settings');
  if (!navigator.gpu) return wasm('this browser has no WebGPU (navigator.gpu is missing)');

  let adapter: GPUAdapter | null;
  try {
    adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return wasm(`the WebGPU adapter request failed: ${messageOf(error)}`);
  }
  if (!adapter) return wasm('no WebGPU adapter is available (requestAdapter() returned none)');

  try {
    const probe = await adapter.requestDevice();
    probe.destroy();
  } catch (error) {
    return wasm(`the WebGPU device request failed: ${messageOf(error)}`);
  }
  return {
    kind: 'webgpu',
    adapter: adapterName(adapter.info),
    shaderF16: adapter.features.has('shader-f16'),
    maxBufferBytes: adapter.limits.maxStorageBufferBindingSize,
  };
}

function adapterName(info: GPUAdapterInfo): string {
  const parts = [info.vendor, info.architecture, info.description].filter((part) => part && part.length > 0);
  return parts.length > 0 ? [...new Set(parts)].join(' ') : 'unnamed adapter';
}

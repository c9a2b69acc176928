import { describe, expect, it } from 'vitest';
import { chooseDtype, describeDevice, type DeviceChoice, type Dtype } from './device';

const webgpu = (shaderF16: boolean): DeviceChoice => ({ kind: 'webgpu', adapter: 'swiftshader', shaderF16 });
const wasm: DeviceChoice = { kind: 'wasm', threads: 2, whyNotWebGpu: 'no adapter' };
const all = new Set<Dtype>(['fp32', 'fp16', 'q8']);
const fp32Only = new Set<Dtype>(['fp32']);

describe('chooseDtype', () => {
  it('uses fp16 on WebGPU only with shader-f16 and fp16 files', () => {
    expect(chooseDtype(webgpu(true), all)).toBe('fp16');
    expect(chooseDtype(webgpu(false), all)).toBe('fp32');
    expect(chooseDtype(webgpu(true), new Set<Dtype>(['fp32', 'q8']))).toBe('fp32');
  });
  it('uses q8 on WASM when the model ships it, else fp32', () => {
    expect(chooseDtype(wasm, all)).toBe('q8');
    expect(chooseDtype(wasm, fp32Only)).toBe('fp32');
  });
  it('uses a requested dtype when the model ships it and the device can run it', () => {
    expect(chooseDtype(wasm, all, 'fp32')).toBe('fp32');
    expect(chooseDtype(webgpu(false), all, 'q8')).toBe('q8');
    expect(chooseDtype(wasm, fp32Only, 'q8')).toBe('fp32');
    expect(chooseDtype(webgpu(false), all, 'fp16')).toBe('fp32');
  });
});

describe('describeDevice', () => {
  it('names the adapter or the thread count', () => {
    expect(describeDevice(webgpu(false))).toBe('WebGPU (swiftshader)');
    expect(describeDevice(wasm)).toBe('WASM, 2 threads');
    expect(describeDevice({ ...wasm, threads: 1 })).toBe('WASM, 1 thread');
  });
});

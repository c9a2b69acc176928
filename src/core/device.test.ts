import { describe, expect, it } from 'vitest';
import {
  describeDevice,
  dtypePreference,
  firstShippedDtype,
  imageBatchLimit,
  photoActivationBytes,
  photoWorkerCount,
  type DeviceChoice,
  type Dtype,
} from './device';

const MIB = 2 ** 20;
const webgpu = (shaderF16: boolean, maxBufferBytes = 128 * MIB): DeviceChoice => ({
  kind: 'webgpu',
  adapter: 'swiftshader',
  shaderF16,
  maxBufferBytes,
});
const wasm: DeviceChoice = { kind: 'wasm', threads: 2, whyNotWebGpu: 'no adapter' };
const all = new Set<Dtype>(['fp32', 'fp16', 'q8']);
const fp32Only = new Set<Dtype>(['fp32']);

/** What the worker loads on a device for a model that ships `shipped`, and which dtypes it asked about. */
async function choose(
  device: DeviceChoice,
  shipped: ReadonlySet<Dtype>,
  requested?: Dtype,
): Promise<{ dtype: Dtype; asked: Dtype[] }> {
  const asked: Dtype[] = [];
  const dtype = await firstShippedDtype(dtypePreference(device, requested), (candidate) => {
    asked.push(candidate);
    return Promise.resolve(shipped.has(candidate));
  });
  return { dtype, asked };
}

describe('dtypePreference', () => {
  it('orders each device by speed, fp32 last', () => {
    expect(dtypePreference(wasm)).toEqual(['q8', 'fp32']);
    expect(dtypePreference(webgpu(true))).toEqual(['fp16', 'fp32']);
    expect(dtypePreference(webgpu(false))).toEqual(['fp32']);
  });
  it('puts a requested dtype first when the device can run it', () => {
    expect(dtypePreference(wasm, 'fp32')).toEqual(['fp32']);
    expect(dtypePreference(wasm, 'fp16')).toEqual(['fp16', 'q8', 'fp32']);
    expect(dtypePreference(webgpu(false), 'q8')).toEqual(['q8', 'fp32']);
    expect(dtypePreference(webgpu(true), 'q8')).toEqual(['q8', 'fp16', 'fp32']);
    expect(dtypePreference(webgpu(false), 'fp16')).toEqual(['fp32']);
  });
});

describe('firstShippedDtype', () => {
  it('uses fp16 on WebGPU only with shader-f16 and fp16 files', async () => {
    expect((await choose(webgpu(true), all)).dtype).toBe('fp16');
    expect((await choose(webgpu(false), all)).dtype).toBe('fp32');
    expect((await choose(webgpu(true), new Set<Dtype>(['fp32', 'q8']))).dtype).toBe('fp32');
  });
  it('uses q8 on WASM when the model ships it, else fp32', async () => {
    expect((await choose(wasm, all)).dtype).toBe('q8');
    expect((await choose(wasm, fp32Only)).dtype).toBe('fp32');
  });
  it('uses a requested dtype when the model ships it and the device can run it', async () => {
    expect((await choose(wasm, all, 'fp32')).dtype).toBe('fp32');
    expect((await choose(webgpu(false), all, 'q8')).dtype).toBe('q8');
    expect((await choose(wasm, fp32Only, 'q8')).dtype).toBe('fp32');
    expect((await choose(webgpu(false), all, 'fp16')).dtype).toBe('fp32');
  });
  it('stops asking at the first dtype the model ships, and never asks about fp32', async () => {
    // Offline, asking about a dtype that was never downloaded fails: only the one loaded before may be asked.
    expect((await choose(wasm, all)).asked).toEqual(['q8']);
    expect((await choose(webgpu(true), all)).asked).toEqual(['fp16']);
    expect((await choose(webgpu(false), all)).asked).toEqual([]);
    expect((await choose(wasm, fp32Only)).asked).toEqual(['q8']);
    expect((await choose(wasm, all, 'fp32')).asked).toEqual([]);
  });
  it('passes on a failed question: the model cannot be loaded without knowing', async () => {
    const offline = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(firstShippedDtype(['q8', 'fp32'], offline)).rejects.toThrow('Failed to fetch');
  });
});

describe('describeDevice', () => {
  it('names the adapter or the thread count', () => {
    expect(describeDevice(webgpu(false))).toBe('WebGPU (swiftshader)');
    expect(describeDevice(wasm)).toBe('WASM, 2 threads');
    expect(describeDevice({ ...wasm, threads: 1 })).toBe('WASM, 1 thread');
  });
});

describe('photoWorkerCount', () => {
  const onThreads = (threads: number): DeviceChoice => ({ kind: 'wasm', threads, whyNotWebGpu: 'test' });
  it('leaves ONNX Runtime its threads on WASM, and keeps one photo worker even when none are left', () => {
    expect(photoWorkerCount(onThreads(4), 8)).toBe(4);
    expect(photoWorkerCount(onThreads(2), 2)).toBe(1);
    expect(photoWorkerCount(onThreads(1), 1)).toBe(1);
  });
  it('uses every core on WebGPU, up to a limit', () => {
    expect(photoWorkerCount(webgpu(true), 4)).toBe(4);
    expect(photoWorkerCount(webgpu(true), 32)).toBe(8);
  });
});

describe('imageBatchLimit', () => {
  const vitB32 = { image_size: 224, patch_size: 32, intermediate_size: 3072, num_attention_heads: 12 };
  const vitL14At336 = { image_size: 336, patch_size: 14, intermediate_size: 4096, num_attention_heads: 16 };

  it("sizes a photo by the encoder's widest activation: the MLP for ViT-B/32, attention for ViT-L/14 at 336 px", () => {
    expect(photoActivationBytes(vitB32)).toBe(4 * 50 * 3072);
    expect(photoActivationBytes(vitL14At336)).toBe(4 * 16 * 577 * 577);
  });

  it("batches up to 16 photos on WebGPU, fewer where the adapter's buffers cannot hold them", () => {
    expect(imageBatchLimit(webgpu(true), photoActivationBytes(vitB32))).toBe(16);
    expect(imageBatchLimit(webgpu(true), photoActivationBytes(vitL14At336))).toBe(6);
    expect(imageBatchLimit(webgpu(true, 2 * MIB), photoActivationBytes(vitB32))).toBe(3);
    expect(imageBatchLimit(webgpu(true, 16 * MIB), photoActivationBytes(vitL14At336))).toBe(1);
  });

  it('encodes one photo a run on WASM', () => {
    expect(imageBatchLimit(wasm, photoActivationBytes(vitB32))).toBe(1);
  });
});

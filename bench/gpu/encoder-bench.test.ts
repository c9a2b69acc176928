import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatGpuReport, runGpuBench } from './encoder-bench.ts';

const TOY = fileURLToPath(new URL('../../fixtures/models/cliptag/toy-clip', import.meta.url));

describe('the GPU benchmark harness, on the CPU execution provider and the toy model', () => {
  it('measures every batch size, the text encoder and memory, and reports a provider that cannot start', async () => {
    const report = await runGpuBench({
      modelDir: TOY,
      providers: ['cpu', 'webgpu'],
      dtypes: ['fp32', 'q8', 'fp16'],
      batchSizes: [1, 4],
      secondsPerBatch: 0.05,
      memoryPhotos: { cpu: 40, webgpu: 40 },
      memoryBatch: 4,
      textBatch: 8,
      textTokens: 10,
    });
    expect(report.imageSize).toBe(64);
    const cpu = report.results.filter((result) => result.provider === 'cpu');
    expect(cpu.map((result) => [result.dtype, result.error])).toEqual([
      ['fp32', null],
      ['q8', null],
      ['fp16', 'no fp16 files'],
    ]);
    for (const result of cpu.slice(0, 2)) {
      expect(result.batches.map((entry) => entry.batch)).toEqual([1, 4]);
      expect(result.batches.every((entry) => entry.runs >= 3 && entry.photosPerSecond > 0)).toBe(true);
      expect(result.text!.labelsPerSecond).toBeGreaterThan(0);
      expect(result.memory!.samples.at(-1)!.photos).toBe(40);
      expect(result.memory!.samples.every((sample) => sample.rssMiB > 0)).toBe(true);
    }
    // This machine has no Vulkan and no GPU: WebGPU says so instead of stopping the run.
    const webgpu = report.results.find((result) => result.provider === 'webgpu' && result.dtype === 'fp32')!;
    if (!report.gpu) expect(webgpu.error).toMatch(/adapter/i);
    expect(formatGpuReport(report)).toContain('| cpu | fp32 |');
  });
});

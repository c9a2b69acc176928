import { describe, expect, it } from 'vitest';
import {
  checkTargets,
  formatReport,
  median,
  reportShapeProblems,
  vitFlopsPerImage,
  type BenchReport,
  type DtypeResult,
} from './report';

const VIT_B32 = {
  image_size: 224,
  patch_size: 32,
  num_channels: 3,
  hidden_size: 768,
  intermediate_size: 3072,
  num_hidden_layers: 12,
  projection_dim: 512,
};

function dtypeResult(dtype: 'q8' | 'fp32', ours: number): DtypeResult {
  return {
    dtype,
    threads: 2,
    encoderPhotosPerSecond: ours / 0.95,
    encoderGflops: 80,
    gemmGflops: 90,
    encoderPercentOfGemm: 88.9,
    prepareMsPerPhoto: 20,
    textLabelsPerSecond: 120,
    byLabelCount: [
      {
        labels: 10,
        oursPhotosPerSecond: ours,
        oursLabelsMs: 100,
        pipelinePhotosPerSecond: ours / 2,
        pipelinePhotos: 7,
        ratio: 2,
      },
      {
        labels: 100,
        oursPhotosPerSecond: ours,
        oursLabelsMs: 900,
        pipelinePhotosPerSecond: ours / 9,
        pipelinePhotos: 3,
        ratio: 9,
      },
    ],
    endToEndPercentOfEncoder: 95,
  };
}

function sampleReport(): BenchReport {
  const partial: Omit<BenchReport, 'targets'> = {
    mode: 'smoke',
    date: '2026-11-27T00:00:00.000Z',
    machine: { cores: 2, chromium: 'Chromium 156' },
    model: 'cliptag/toy-clip',
    flopsPerImage: 8.82e9,
    dtypes: [dtypeResult('q8', 12), dtypeResult('fp32', 6)],
    q8OverFp32: 2,
    rerank: { photos: 1000, labels: 100, ms: 12, restorePhotosPerSecond: 40, pipelineExtrapolatedMs: 700_000 },
    firstResult: { coldMs: 4000, warmMs: 2000 },
    ui: {
      photos: 200,
      longestTaskMs: 30,
      tasksOver50Ms: 0,
      longestFrame: '40 ms: scripts: MessagePort.onmessage S 30 ms; rendering 2 ms; style and layout 8 ms',
    },
    memory: [
      { photos: 200, jsBytes: 20e6, processBytes: 900e6 },
      { photos: 1000, jsBytes: 22e6, processBytes: 950e6 },
    ],
  };
  return { ...partial, targets: checkTargets(partial) };
}

describe('vitFlopsPerImage', () => {
  it('counts ViT-B/32 as the 8.82 GFLOP (4.41 G multiply-adds) the issue gives', () => {
    expect(vitFlopsPerImage(VIT_B32) / 1e9).toBeCloseTo(8.82, 1);
  });
  it('grows with depth and width', () => {
    expect(vitFlopsPerImage({ ...VIT_B32, num_hidden_layers: 24 })).toBeGreaterThan(1.9 * vitFlopsPerImage(VIT_B32));
  });
});

describe('median', () => {
  it('takes the middle of odd and even samples, unsorted', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('checkTargets', () => {
  it('meets every target in a report that does', () => {
    expect(sampleReport().targets.filter((target) => !target.met)).toEqual([]);
  });
  it('names each missed target with its measured value', () => {
    const report = sampleReport();
    report.dtypes[0]!.byLabelCount[1]!.ratio = 6.5;
    report.rerank.ms = 80;
    report.memory[1]!.processBytes = 1200e6;
    report.q8OverFp32 = 1.5;
    const missed = checkTargets(report).filter((target) => !target.met);
    expect(missed.map((target) => `${target.name}: ${target.value}`)).toEqual([
      'q8: ours / pipeline at 100 labels: 6.50x',
      'q8 / fp32 photos/s: 1.50x',
      're-rank 1000 x 100: 80.0 ms',
      'process memory, 1000 / 200 photos: 1.33x',
    ]);
  });
});

describe('reportShapeProblems', () => {
  it('accepts a complete report, also after a JSON round trip', () => {
    expect(reportShapeProblems(JSON.parse(JSON.stringify(sampleReport())))).toEqual([]);
  });
  it('names missing, mistyped and non-finite fields', () => {
    const report = JSON.parse(JSON.stringify(sampleReport())) as Record<string, unknown> & {
      dtypes: Record<string, unknown>[];
      rerank: Record<string, unknown>;
    };
    delete report.firstResult;
    report.dtypes[1]!.textLabelsPerSecond = 'fast';
    report.rerank.ms = null;
    report.memory = [];
    expect(reportShapeProblems(report)).toEqual([
      'dtypes[1].textLabelsPerSecond: expected number, found string',
      'rerank.ms: expected number, found null',
      'firstResult: expected object, found undefined',
      'firstResult.coldMs: expected number, found undefined',
      'firstResult.warmMs: expected number, found undefined',
      'memory: expected two samples, found 0',
    ]);
  });
  it('rejects a report without both label counts', () => {
    const report = sampleReport();
    report.dtypes[0]!.byLabelCount.pop();
    expect(reportShapeProblems(report)).toContain('dtypes[0].byLabelCount: expected rows for 10 and 100 labels');
  });
});

describe('formatReport', () => {
  it('prints every measure and every target with its verdict', () => {
    const report = sampleReport();
    report.targets[0]!.met = false;
    const text = formatReport(report);
    expect(text).toMatch(/re-rank 1000 photos x 100 labels \(cached embeddings\) +\| 12.0 ms/);
    expect(text).toContain('| 100    | 12.00');
    expect(text).toMatch(/q8: ours \/ pipeline at 10 labels\s+\| >= 1.8x\s+\| 2.00x\s+\| NO/);
    expect(text.split('\n').filter((line) => line.startsWith('| ') && / (yes|NO) +\|$/.test(line))).toHaveLength(
      report.targets.length,
    );
  });
});

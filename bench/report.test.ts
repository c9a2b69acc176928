import { describe, expect, it } from 'vitest';
import {
  checkTargets,
  combine,
  formatReport,
  median,
  spread,
  reportShapeProblems,
  vitFlopsPerImage,
  type BenchReport,
  type DtypeResult,
  type Spread,
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

/** Three rounds around a value: 10% under, the value, 5% over. */
const rounds = (value: number): Spread => spread([value * 0.9, value, value * 1.05]);

function dtypeResult(dtype: 'q8' | 'fp32', ours: number): DtypeResult {
  return {
    dtype,
    threads: 2,
    encoderPhotosPerSecond: rounds(ours / 0.95),
    encoderGflops: rounds(80),
    gemmGflops: rounds(90),
    encoderPercentOfGemm: rounds(88.9),
    prepareMsPerPhoto: rounds(20),
    textLabelsPerSecond: rounds(120),
    byLabelCount: [
      {
        labels: 10,
        oursPhotosPerSecond: rounds(ours),
        oursLabelsMs: rounds(100),
        pipelinePhotosPerSecond: rounds(ours / 2),
        photosPerRound: 20,
        ratio: rounds(2),
      },
      {
        labels: 100,
        oursPhotosPerSecond: rounds(ours),
        oursLabelsMs: rounds(900),
        pipelinePhotosPerSecond: rounds(ours / 9),
        photosPerRound: 20,
        ratio: rounds(9),
      },
    ],
    endToEndPercentOfEncoder: rounds(95),
  };
}

function sampleReport(): BenchReport {
  const partial: Omit<BenchReport, 'targets'> = {
    mode: 'smoke',
    date: '2026-11-27T00:00:00.000Z',
    machine: {
      cores: 2,
      chromium: 'Chromium 156',
      load: {
        start: [1.5, 2, 2.5],
        rounds: [
          [1.6, 2, 2.5],
          [1.7, 2, 2.5],
          [1.8, 2, 2.5],
        ],
        end: [1.9, 2, 2.5],
      },
    },
    contendingThreads: 0,
    rounds: 3,
    model: 'cliptag/toy-clip',
    flopsPerImage: 8.82e9,
    dtypes: [dtypeResult('q8', 12), dtypeResult('fp32', 6)],
    q8OverFp32: rounds(2),
    rerank: { photos: 1000, labels: 100, ms: rounds(12), restorePhotosPerSecond: 40, pipelineExtrapolatedMs: 700_000 },
    firstResult: {
      coldMs: rounds(4000),
      warmMs: rounds(2000),
      coldDownloadMs: rounds(500),
      coldBeyondDownloadMs: rounds(3500),
      breakdown: {
        cold: [
          { step: 'app-start', thread: 'page', startMs: rounds(0), durationMs: rounds(200) },
          { step: 'first-ranked-card', thread: 'page', startMs: rounds(0), durationMs: rounds(4000) },
        ],
        warm: [{ step: 'first-ranked-card', thread: 'page', startMs: rounds(0), durationMs: rounds(2000) }],
      },
    },
    preparation: (['640x480', '12 MP'] as const).map((size) => {
      const scale = size === '640x480' ? 1 : 20;
      return {
        size,
        photosPerRound: 10,
        msPerPhoto: rounds(10 * scale),
        steps: {
          hash: rounds(0.5 * scale),
          decode: rounds(3 * scale),
          read: rounds(1.5 * scale),
          resize: rounds(4 * scale),
          thumbnail: rounds(1 * scale),
        },
        overlappedMsPerPhoto: rounds(7 * scale),
      };
    }),
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
    toy: {
      model: 'cliptag/toy-clip',
      oursPhotosPerSecond: rounds(100),
      encoderPhotosPerSecond: rounds(140),
      pipelinePhotosPerSecond: rounds(60),
      endToEndPercentOfEncoder: rounds(71.4),
      fixedMsPerPhoto: rounds(2.9),
      ratio: rounds(1.67),
    },
    manyPhotos: {
      model: 'cliptag/toy-clip',
      photos: { first: 1000, total: 10_000 },
      encodeSeconds: 95,
      longestTaskMs: { drop: 31, encoding: 45, scrolling: 22 },
      tasksOver50Ms: { drop: 0, encoding: 0, scrolling: 0 },
      jsBytes: { first: 20e6, total: 24e6 },
      domNodes: { first: 250, total: 252 },
    },
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

describe('spread', () => {
  it('keeps the median, the range and every round in order', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, values: [3, 1, 2] });
  });
  it('combines two figures round by round, not median by median', () => {
    const ours = spread([10, 4, 8]);
    const pipeline = spread([5, 4, 2]);
    // Round ratios 2, 1 and 4: their median is 2, while the medians' ratio would be 8 / 4 = 2 by luck only.
    expect(combine(ours, pipeline, (a, b) => a / b)).toEqual({ median: 2, min: 1, max: 4, values: [2, 1, 4] });
  });
});

describe('checkTargets', () => {
  it('meets every target in a report that does', () => {
    expect(sampleReport().targets.filter((target) => !target.met)).toEqual([]);
  });
  it('names each missed target with its measured value', () => {
    const report = sampleReport();
    report.dtypes[0]!.byLabelCount[1]!.ratio = spread([6.5, 9, 6]);
    report.rerank.ms = spread([80]);
    report.memory[1]!.processBytes = 1200e6;
    report.q8OverFp32 = spread([1.5, 1.9, 1.4]);
    const missed = checkTargets(report).filter((target) => !target.met);
    expect(missed.map((target) => `${target.name}: ${target.value}`)).toEqual([
      'q8: ours / pipeline at 100 labels: 6.50x (6.00-9.00)',
      'q8 / fp32 photos/s: 1.50x (1.40-1.90)',
      're-rank 1000 x 100: 80.0 ms',
      'process memory, 1000 / 200 photos: 1.33x',
    ]);
  });
  it("misses the many-photos targets when the page grows with the photos, and the toy's when each photo costs too much", () => {
    const report = sampleReport();
    report.manyPhotos.domNodes.total = 2500;
    report.manyPhotos.jsBytes.total = 40e6;
    report.manyPhotos.longestTaskMs.drop = 180;
    report.toy.fixedMsPerPhoto = spread([40, 38, 45]);
    const missed = checkTargets(report).filter((target) => !target.met);
    expect(missed.map((target) => `${target.name}: ${target.value}`)).toEqual([
      "toy model: each photo's cost besides the encoder: 40.0 ms (38.0-45.0)",
      'longest main-thread task, dropping 9000 photos: 180.0 ms',
      'JS heap, 10000 / 1000 photos: 2.00x',
      'elements in the page, 10000 / 1000 photos: 10.00x',
    ]);
  });
  it('judges by the median: a slow round does not miss a target, a fast one does not meet it', () => {
    const report = sampleReport();
    report.dtypes[0]!.byLabelCount[0]!.ratio = spread([1.2, 2, 2.1]);
    report.dtypes[1]!.byLabelCount[0]!.ratio = spread([1.5, 1.6, 3]);
    const verdicts = Object.fromEntries(checkTargets(report).map((target) => [target.name, target.met]));
    expect(verdicts['q8: ours / pipeline at 10 labels']).toBe(true);
    expect(verdicts['fp32: ours / pipeline at 10 labels']).toBe(false);
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
    (report.preparation as unknown[]).pop();
    report.dtypes[1]!.textLabelsPerSecond = 'fast';
    (report.rerank.ms as Record<string, unknown>).max = null;
    (report.machine as { load: { end: number[] } }).load.end = [1];
    report.memory = [];
    expect(reportShapeProblems(report)).toEqual([
      'machine.load.end: expected three load averages',
      'dtypes[1].textLabelsPerSecond: expected object, found string',
      'rerank.ms.max: expected number, found null',
      'firstResult: expected object, found undefined',
      'preparation: expected 640x480 and 12 MP',
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
    expect(text).toMatch(/re-rank 1000 photos x 100 labels \(cached embeddings\) +\| 12.0 ms \(10.8-12.6\)/);
    expect(text).toContain('| 100    | 12.00 (10.80-12.60)');
    expect(text).toMatch(/q8: ours \/ pipeline at 10 labels\s+\| >= 1.8x\s+\| 2.00x \(1.80-2.10\)\s+\| NO/);
    expect(text).toContain('3 rounds. Load average (1, 5, 15 min): 1.50 2.00 2.50 at the start');
    expect(text).toMatch(/\| 12 MP \(10 a round\) +\| 200.0 \(180.0-210.0\) +\| 10.0 \(9.0-10.5\)/);
    expect(text).toMatch(/\| app-start +\| page +\| 0 +\| 200 +\| - +\| - +\|/);
    expect(text.split('\n').filter((line) => line.startsWith('| ') && / (yes|NO) +\|$/.test(line))).toHaveLength(
      report.targets.length,
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  evaluate,
  labelsWithOnePhoto,
  multiLabelReport,
  singleLabelReport,
  type EvaluationInput,
  type MultiLabelReport,
} from './evaluation';
import { normalizeRows } from './vectors';

const dim = 3;
const axes = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);

function input(images: number[], truth: number[][], overrides: Partial<EvaluationInput> = {}): EvaluationInput {
  return {
    model: { model: 'cliptag/colours', family: 'clip', logitScale: 10, logitBias: 0, embeddingDim: dim },
    labels: ['x', 'y', 'z'],
    photoIds: truth.map((_, index) => `p${index}`),
    images: normalizeRows(new Float32Array(images), dim),
    truth,
    templates: axes,
    firstTemplate: axes,
    neutral: new Float32Array(0),
    threshold: 0.5,
    folds: 2,
    ...overrides,
  };
}

describe('a single-label report', () => {
  it('counts top-1, top-5, the confusion matrix and per-label precision and recall', () => {
    // Photos' scores over three labels: two right, one "z" taken for "x".
    const scores = new Float32Array([0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.6, 0.1, 0.3]);
    const report = singleLabelReport(scores, [0, 1, 2], 3);
    expect(report.top1).toBeCloseTo(2 / 3);
    expect(report.top5).toBe(1);
    expect(report.confusion).toEqual([1, 0, 0, 0, 1, 0, 1, 0, 0]);
    expect(report.perLabel).toEqual([
      { precision: 0.5, recall: 1 },
      { precision: 1, recall: 1 },
      { precision: null, recall: 0 },
    ]);
  });
});

describe('a multi-label report', () => {
  it('scores the pairs at the threshold and draws the precision-recall curve', () => {
    const scores = new Float32Array([0.9, 0.6, 0.2, 0.4]);
    const report = multiLabelReport(scores, [[0, 1], [1]], 0.5);
    expect(report.atThreshold).toMatchObject({ truePositives: 2, falsePositives: 0, falseNegatives: 1 });
    expect(report.atThreshold.f1).toBeCloseTo(0.8);
    expect(report.curve.map(({ precision, recall }) => [precision, recall])).toEqual([
      [1, 1 / 3],
      [1, 2 / 3],
      [1, 1],
      [3 / 4, 1],
    ]);
  });
});

describe('an evaluation', () => {
  // "z" photos sit nearer x's text than z's: zero-shot gets them wrong, examples can fix that.
  const zPhoto = [0.9, 0, 0.5];
  const images = [1, 0.1, 0, 0, 1, 0.1, ...zPhoto, ...zPhoto, ...zPhoto, ...zPhoto];
  const truth = [[0], [1], [2], [2], [2], [2]];

  it('compares the templates, the first template and few-shot cross-validated, from embeddings alone', async () => {
    const report = await evaluate(
      input(images, truth, { firstTemplate: new Float32Array([0, 1, 0, 1, 0, 0, 0, 0, 1]) }),
    );
    expect(report.multiLabel).toBe(false);
    expect(report.variants.map((variant) => [variant.id, variant.single!.top1])).toEqual([
      ['templates', 2 / 6],
      ['first-template', 0],
      ['few-shot', 1],
    ]);
    expect(report.folds).toBe(2);
  });

  it('stops between the probe’s groups when asked, so a stopped check frees the worker', async () => {
    const controller = new AbortController();
    const report = evaluate(input(images, truth), controller.signal);
    controller.abort();
    await expect(report).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('never scores a photo with a probe that saw it: a label shown once stays as zero-shot had it', async () => {
    const once = [1, 0.1, 0, 0, 1, 0.1, ...zPhoto, 1, 0.05, 0, 0, 1, 0];
    const report = await evaluate(input(once, [[0], [1], [2], [0], [1]]));
    const fewShot = report.variants.find((variant) => variant.id === 'few-shot')!.single!;
    // Row "z": its only photo is ranked "x", as zero-shot ranks it.
    expect(fewShot.confusion.slice(6, 9)).toEqual([1, 0, 0]);
  });

  it('reports tagging when a photo has several right labels, with tagging taught cross-validated', async () => {
    const report = await evaluate(
      input([1, 1, 0, 0, 0, 1], [[0, 1], [2]], {
        model: { model: 'cliptag/colours', family: 'siglip', logitScale: 10, logitBias: -5, embeddingDim: dim },
      }),
    );
    expect(report.multiLabel).toBe(true);
    expect(report.folds).toBe(2);
    expect(report.variants.map((variant) => variant.id)).toEqual(['templates', 'first-template', 'few-shot']);
    expect(report.variants[0]!.multi!.atThreshold).toMatchObject({
      truePositives: 3,
      falsePositives: 0,
      falseNegatives: 0,
    });
  });

  describe('tagging taught by the other photos', () => {
    // The "z" photos sit nearer x's text: the neutral-prompt rule tags them x and misses z.
    const images = [1, 1, 0, 0, 1, 0.1, ...zPhoto, ...zPhoto, ...zPhoto, ...zPhoto];
    const truth = [[0, 1], [1], [2], [2], [2], [2]];
    const neutral = normalizeRows(new Float32Array([1, 1, 1]), dim);
    const counts = (scores: MultiLabelReport) => scores.atThreshold;

    it('learns what the text got wrong, each photo scored by probes that never saw it', async () => {
      const report = await evaluate(input(images, truth, { neutral }));
      const [templates, , taught] = report.variants.map((variant) => counts(variant.multi!));
      expect(templates).toMatchObject({ truePositives: 1, falsePositives: 4, falseNegatives: 6 });
      // All four z photos are now tagged z alone; photo 0, the only x, is scored by probes that never saw an x.
      expect(taught).toMatchObject({ truePositives: 5, falsePositives: 0, falseNegatives: 2 });
    });

    it('stops between groups when asked', async () => {
      const controller = new AbortController();
      const report = evaluate(input(images, truth, { neutral }), controller.signal);
      controller.abort();
      await expect(report).rejects.toMatchObject({ name: 'AbortError' });
    });
  });
});

describe('labels with one photo', () => {
  it('are those that are the right answer for exactly one photo, counting every answer of a multi-label photo', () => {
    const labels = ['cat', 'dog', 'bird', 'fish'];
    expect(labelsWithOnePhoto({ labels, truth: [[0], [0, 1], [2], [0]] })).toEqual(['dog', 'bird']);
    expect(labelsWithOnePhoto({ labels, truth: [[1], [1]] })).toEqual([]);
  });
});

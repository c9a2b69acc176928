import { describe, expect, it } from 'vitest';
import {
  confusionMatrix,
  multiLabelScores,
  precisionRecallCurve,
  precisionRecallPerLabel,
  predictedLabels,
  topKAccuracy,
} from './metrics';

// Four photos, three labels; true labels 0, 1, 2, 2.
const scores = new Float32Array([0.7, 0.2, 0.1, 0.5, 0.3, 0.2, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3]);
const truth = [0, 1, 2, 2];

describe('topKAccuracy', () => {
  it('counts a photo when its label is among its k highest scores', () => {
    expect(topKAccuracy(scores, truth, 3, 1)).toBe(0.5);
    expect(topKAccuracy(scores, truth, 3, 2)).toBe(1);
    expect(topKAccuracy(scores, [], 3, 1)).toBe(0);
  });
});

describe('confusionMatrix and precisionRecallPerLabel', () => {
  it('counts truth by row and prediction by column', () => {
    const predicted = predictedLabels(scores, 3);
    expect(predicted).toEqual([0, 0, 2, 1]);
    expect(Array.from(confusionMatrix(truth, predicted, 3))).toEqual([1, 0, 0, 1, 0, 0, 0, 1, 1]);
  });
  it('gives per-label precision and recall, null where undefined', () => {
    const confusion = confusionMatrix(truth, [0, 0, 2, 1], 3);
    expect(precisionRecallPerLabel(confusion, 3)).toEqual([
      { precision: 0.5, recall: 1 },
      { precision: 0, recall: 0 },
      { precision: 1, recall: 0.5 },
    ]);
    expect(precisionRecallPerLabel(new Uint32Array(4), 2)).toEqual([
      { precision: null, recall: null },
      { precision: null, recall: null },
    ]);
  });
  it('refuses mismatched lengths', () => {
    expect(() => confusionMatrix([0], [], 2)).toThrow(RangeError);
  });
});

describe('multiLabelScores', () => {
  it('pools every (photo, label) pair at the threshold', () => {
    const tags = [0.9, 0.6, 0.1, 0.4, 0.8, 0.2];
    const applies = [1, 0, 0, 1, 1, 0];
    // tagged at 0.5: 0.9 (right), 0.6 (wrong), 0.8 (right); missed: 0.4
    expect(multiLabelScores(tags, applies, 0.5)).toEqual({
      precision: 2 / 3,
      recall: 2 / 3,
      f1: 2 / 3,
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
    });
    const none = multiLabelScores([0.1], [0], 0.5);
    expect([none.precision, none.recall, none.f1]).toEqual([null, null, null]);
  });
});

describe('precisionRecallCurve', () => {
  it('has one point per distinct score, highest first', () => {
    expect(precisionRecallCurve([0.9, 0.5, 0.5, 0.1], [1, 0, 1, 0])).toEqual([
      { threshold: 0.9, precision: 1, recall: 0.5 },
      { threshold: 0.5, precision: 2 / 3, recall: 1 },
      { threshold: 0.1, precision: 0.5, recall: 1 },
    ]);
    expect(precisionRecallCurve([0.3], [0])).toEqual([]);
  });
});

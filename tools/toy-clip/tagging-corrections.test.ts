// The app's "tag all that apply" probe (src/core/tagging-probe.ts) on the toy CLIP's own embeddings and a
// simulated person's first corrections, against scipy's answer to the same problem (toyclip/corrections.py,
// written to fixtures/reference/toy-clip/tagging-corrections.json by measure.py).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LabelledEmbedding } from '../../src/core/few-shot';
import {
  TAGGING_REGULARISATION,
  taggingProbabilitiesFrom,
  trainTaggingProbe,
  type TaggingWeights,
} from '../../src/core/tagging-probe';
import { readJson } from './test-helpers';

interface Reference {
  regularisation: number;
  dim: number;
  prior: { weights: number[][]; biases: number[] };
  examples: { embedding: number[]; label: number; shows: boolean }[];
  objective: number;
  weights: number[][];
  biases: number[];
  test_embeddings: number[][];
  test_tags: number[][];
}
interface Report {
  regularisation: number;
  test: Record<'seen_pairs' | 'any_pairs' | 'hexagons', { corrections: number; f1: number }[]>;
  reference: Reference;
}

const report = readJson<Report>(
  path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../fixtures/reference/toy-clip/tagging-corrections.json',
  ),
);
const { reference } = report;
const { dim } = reference;
const prior: TaggingWeights = {
  weights: Float32Array.from(reference.prior.weights.flat()),
  biases: Float32Array.from(reference.prior.biases),
};
const examples: LabelledEmbedding[] = reference.examples.map(({ embedding, label, shows }) => ({
  embedding: Float32Array.from(embedding),
  label,
  negative: !shows,
}));
const testPhotos = Float32Array.from(reference.test_embeddings.flat());
const tagsOf = (probabilities: Float32Array) =>
  reference.test_tags.map((row, i) => row.map((_, j) => (probabilities[i * row.length + j]! >= 0.5 ? 1 : 0)));

describe('tagging taught by corrections, on the toy CLIP', () => {
  it('uses the regularisation the measurement chose', () => {
    expect(report.regularisation).toBe(TAGGING_REGULARISATION);
    expect(reference.regularisation).toBe(TAGGING_REGULARISATION);
  });
  it('reaches the reference solver’s objective and tags the test photos as it does', () => {
    expect(examples.some((example) => example.negative)).toBe(true);
    expect(examples.some((example) => !example.negative)).toBe(true);
    const probe = trainTaggingProbe(examples, prior, dim, reference.regularisation);
    expect(Math.abs(probe.loss - reference.objective)).toBeLessThan(1e-3);
    expect(tagsOf(taggingProbabilitiesFrom(testPhotos, probe, dim))).toEqual(reference.test_tags);
    probe.biases.forEach((bias, label) => expect(bias).toBeCloseTo(reference.biases[label]!, 2));
  });
  it('tags differently from the untaught rule, so the comparison above can fail', () => {
    expect(tagsOf(taggingProbabilitiesFrom(testPhotos, prior, dim))).not.toEqual(reference.test_tags);
  });
  it('was measured to help: more corrections, better F1 on photos like the corrected ones', () => {
    const f1 = (task: keyof Report['test'], corrections: number) =>
      report.test[task].find((point) => point.corrections === corrections)!.f1;
    for (const task of ['seen_pairs', 'any_pairs', 'hexagons'] as const)
      expect(f1(task, 64)).toBeGreaterThan(f1(task, 0));
    expect(f1('seen_pairs', 16)).toBeGreaterThan(0.97);
  });
});

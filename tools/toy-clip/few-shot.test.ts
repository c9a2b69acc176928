// The app's few-shot maths (src/core/few-shot.ts) on the toy CLIP's own image embeddings
// (fixtures/reference/toy-clip/few-shot, written by make.py fixture), against scikit-learn
// (sklearn.json, written by sklearn_reference.py). FEW_SHOT_REPORT=1 prints the curves.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  PROBE_REGULARISATION,
  classifierLogits,
  probeLoss,
  prototypeWeights,
  trainLinearProbe,
  zeroShotWeights,
  type LabelledEmbedding,
} from '../../src/core/few-shot';
import { predictedLabels } from '../../src/core/metrics';
import { readF32, readJson } from './test-helpers';

const DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures/reference/toy-clip/few-shot',
);

type Task = 'pairs' | 'novel';
interface Index {
  dim: number;
  logit_scale: number;
  labels: Record<Task, string[]>;
  label_embeddings: Record<Task, number[][]>;
  rows: { task: Task; split: 'train' | 'test'; label: number }[];
}
interface Sklearn {
  probe: { regularisation: number; objective: number; weights: number[][]; test_predictions: number[] };
  curves: Record<Task, { k: number; accuracy: number }[]>;
}

const index = readJson<Index>(path.join(DIR, 'index.json'));
const sklearn = readJson<Sklearn>(path.join(DIR, 'sklearn.json'));
const embeddings = readF32(path.join(DIR, 'embeddings.f32'));
const { dim } = index;
const rowsOf = (task: Task, split: 'train' | 'test'): LabelledEmbedding[] =>
  index.rows.flatMap((row, i) =>
    row.task === task && row.split === split
      ? [{ embedding: embeddings.subarray(i * dim, (i + 1) * dim), label: row.label }]
      : [],
  );
const firstK = (pool: LabelledEmbedding[], k: number): LabelledEmbedding[] => {
  const taken = new Map<number, number>();
  return pool.filter(({ label }) => {
    const count = taken.get(label) ?? 0;
    taken.set(label, count + 1);
    return count < k;
  });
};
const stack = (examples: LabelledEmbedding[]) => {
  const out = new Float32Array(examples.length * dim);
  examples.forEach(({ embedding }, i) => out.set(embedding, i * dim));
  return out;
};
const accuracy = (weights: Float32Array, test: LabelledEmbedding[]) => {
  const predicted = predictedLabels(classifierLogits(stack(test), weights, dim), weights.length / dim);
  return predicted.filter((label, i) => label === test[i]!.label).length / test.length;
};

const labelEmbeddings = (task: Task) => Float32Array.from(index.label_embeddings[task].flat());
const pool = (task: Task) => [...rowsOf('pairs', 'train'), ...(task === 'novel' ? rowsOf('novel', 'train') : [])];

/** The text's weight among the prototypes, chosen like PROBE_REGULARISATION on validation rows (tools/toy-clip/README.md). */
const PROTOTYPE_TEXT_WEIGHT = 0.03;
const SHOTS = [0, 1, 2, 4, 8, 16];

function curve(task: Task) {
  const text = labelEmbeddings(task);
  const prior = zeroShotWeights(text, index.logit_scale);
  const test = rowsOf(task, 'test');
  return SHOTS.map((k) => {
    const examples = firstK(pool(task), k);
    return {
      k,
      probe: accuracy(trainLinearProbe(examples, prior, dim, PROBE_REGULARISATION).weights, test),
      prototypes: accuracy(prototypeWeights(examples, text, dim, index.logit_scale, PROTOTYPE_TEXT_WEIGHT), test),
      sklearn: sklearn.curves[task].find((point) => point.k === k)?.accuracy ?? null,
    };
  });
}

describe('the linear probe against scikit-learn on the toy embeddings', () => {
  const train = rowsOf('pairs', 'train');
  const labels = index.labels.pairs.length;
  const zeros = new Float32Array(labels * dim);
  const { regularisation } = sklearn.probe;
  const probe = trainLinearProbe(train, zeros, dim, regularisation);

  it('reaches the same minimum: loss within 1e-3', () => {
    expect(Math.abs(probe.loss - sklearn.probe.objective)).toBeLessThan(1e-3);
    const theirs = Float64Array.from(sklearn.probe.weights.flat());
    expect(Math.abs(probeLoss(train, theirs, zeros, dim, regularisation) - sklearn.probe.objective)).toBeLessThan(1e-6);
  });
  it('predicts the same labels for every test photo', () => {
    const test = rowsOf('pairs', 'test');
    expect(predictedLabels(classifierLogits(stack(test), probe.weights, dim), labels)).toEqual(
      sklearn.probe.test_predictions,
    );
  });
  it('with no examples ranks every photo exactly as zero-shot does', () => {
    const prior = zeroShotWeights(labelEmbeddings('pairs'), index.logit_scale);
    const photos = stack(rowsOf('pairs', 'test'));
    expect(classifierLogits(photos, trainLinearProbe([], prior, dim, 1).weights, dim)).toEqual(
      classifierLogits(photos, prior, dim),
    );
  });
});

describe('few-shot curves on the toy', () => {
  const curves = { pairs: curve('pairs'), novel: curve('novel') };
  if (process.env.FEW_SHOT_REPORT) console.log(JSON.stringify(curves, null, 1));

  it('learns a shape the text encoder cannot name (hexagon, an unknown word) from examples alone', () => {
    const [zero, ...rest] = curves.novel;
    expect(zero!.probe).toBe(0);
    // 30 labels: chance is 3%. One example per label gets over 40% of them right, 16 over three quarters.
    for (const point of rest) expect(point.probe).toBeGreaterThan(0.4);
    expect(rest.at(-1)!.probe).toBeGreaterThanOrEqual(0.75);
  });
  it('keeps or improves zero-shot on the unseen colour-shape pairs with every number of examples', () => {
    const [zero, ...rest] = curves.pairs;
    for (const point of rest) expect(point.probe).toBeGreaterThanOrEqual(zero!.probe);
    // The toy gets 99 of these 100 photos right zero-shot; examples must not lose any.
    expect(rest.at(-1)!.probe).toBeGreaterThanOrEqual(0.99);
  });
  it('the probe, the method the app uses, is at least as good as the prototypes and scikit-learn with 16 examples', () => {
    for (const task of ['pairs', 'novel'] as const) {
      const last = curves[task].at(-1)!;
      expect(last.probe).toBeGreaterThanOrEqual(last.prototypes);
      expect(last.probe).toBeGreaterThanOrEqual(last.sklearn!);
    }
  });
});

import { minimiseLbfgs } from './lbfgs';
import { multiplyByTranspose } from './vectors';

/**
 * A photo someone labelled: its unit image embedding and the index of its label. Few-shot learning reads
 * embeddings the worker already has, so teaching never encodes a photo again.
 */
export interface LabelledEmbedding {
  embedding: Float32Array;
  label: number;
  /** "Not X": the photo does not show the label, so the probe pushes that label's probability down. */
  negative?: boolean;
}

/**
 * Ranking weights, one row of `dim` floats per label: a photo's logits are these rows times its unit
 * embedding, so re-ranking every photo stays one matrix product. Zero-shot CLIP's rows are the label
 * embeddings times the logit scale.
 */
export function zeroShotWeights(labelEmbeddings: Float32Array, logitScale: number): Float32Array {
  return labelEmbeddings.map((value) => value * logitScale);
}

/** Logits of every photo for every label (photos x labels). */
export function classifierLogits(imageEmbeddings: Float32Array, weights: Float32Array, dim: number): Float32Array {
  return multiplyByTranspose(imageEmbeddings, weights, dim);
}

/** Throws unless every example has `dim` floats and names one of `labels` labels. */
export function checkExampleShapes(examples: readonly LabelledEmbedding[], labels: number, dim: number): void {
  for (const { embedding, label } of examples) {
    if (embedding.length !== dim) throw new RangeError(`an example has ${embedding.length} floats, not ${dim}`);
    if (!Number.isInteger(label) || label < 0 || label >= labels) {
      throw new RangeError(`example label ${label} is not one of the ${labels} labels`);
    }
  }
}

function checkExamples(examples: readonly LabelledEmbedding[], labels: number, dim: number): void {
  // Ranking X below the others needs others: "not X" is only meaningful among two labels or more.
  if (labels < 2 && examples.some((example) => example.negative)) {
    throw new RangeError('a "not" example needs at least two labels');
  }
  checkExampleShapes(examples, labels, dim);
}

/**
 * One example's loss and its gradient with respect to the logits: the cross-entropy -log p(label) for
 * "this is", and -log(1 - p(label)) for "not", which only ever lowers that label against the others.
 */
function exampleLoss(logits: Float64Array, label: number, negative: boolean, errors: Float64Array): number {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value);
  let total = 0;
  let others = 0;
  for (let c = 0; c < logits.length; c++) {
    const weight = Math.exp(logits[c]! - max);
    total += weight;
    if (c !== label) others += weight;
  }
  if (!negative) {
    for (let c = 0; c < logits.length; c++) errors[c] = Math.exp(logits[c]! - max) / total - (c === label ? 1 : 0);
    return max + Math.log(total) - logits[label]!;
  }
  // d/dz_c of -log(1 - p_X): p_X for X itself, -p_X p_c / (1 - p_X) for every other label c.
  const pLabel = Math.exp(logits[label]! - max) / total;
  for (let c = 0; c < logits.length; c++) {
    errors[c] = c === label ? pLabel : (-pLabel * Math.exp(logits[c]! - max)) / others;
  }
  return Math.log(total) - Math.log(others);
}

/**
 * The linear probe's objective: the summed cross-entropy of the softmax over W x for every example (for a
 * "not" example, -log of one minus its label's probability), plus
 * (regularisation / 2) x ||W - prior||^2. Summed, not averaged, so each example pulls as hard as the
 * last: one example moves W a little, twenty move it a lot. With a zero prior this is scikit-learn's
 * LogisticRegression(C = 1 / regularisation, fit_intercept = False) objective, times 1 / C.
 */
export function probeLoss(
  examples: readonly LabelledEmbedding[],
  weights: ArrayLike<number>,
  prior: Float32Array,
  dim: number,
  regularisation: number,
  gradient?: Float64Array,
): number {
  const labels = prior.length / dim;
  let loss = 0;
  gradient?.fill(0);
  const logits = new Float64Array(labels);
  const errors = new Float64Array(labels);
  for (const { embedding, label, negative } of examples) {
    for (let c = 0; c < labels; c++) {
      let sum = 0;
      for (let d = 0; d < dim; d++) sum += weights[c * dim + d]! * embedding[d]!;
      logits[c] = sum;
    }
    loss += exampleLoss(logits, label, negative === true, errors);
    if (!gradient) continue;
    for (let c = 0; c < labels; c++) {
      const error = errors[c]!;
      for (let d = 0; d < dim; d++) gradient[c * dim + d]! += error * embedding[d]!;
    }
  }
  for (let i = 0; i < prior.length; i++) {
    const shift = weights[i]! - prior[i]!;
    loss += 0.5 * regularisation * shift * shift;
    if (gradient) gradient[i]! += regularisation * shift;
  }
  return loss;
}

/**
 * The probe's pull toward zero-shot, chosen on validation photos of the toy CLIP (tools/toy-clip/README.md,
 * "Few-shot"): stronger pulls kept a label whose name the text encoder cannot read from being learnt.
 */
export const PROBE_REGULARISATION = 0.001;

export interface LinearProbe {
  weights: Float32Array;
  loss: number;
  iterations: number;
}

/**
 * Multinomial logistic regression on unit image embeddings, started from and pulled toward the zero-shot
 * weights (`prior`, from zeroShotWeights): with no examples it IS zero-shot, and a label whose name the
 * text encoder cannot read still becomes recognisable from its examples. No bias term: a label without
 * examples would otherwise be pushed down for every example of the others.
 */
export function trainLinearProbe(
  examples: readonly LabelledEmbedding[],
  prior: Float32Array,
  dim: number,
  regularisation: number,
): LinearProbe {
  checkExamples(examples, prior.length / dim, dim);
  if (examples.length === 0) return { weights: Float32Array.from(prior), loss: 0, iterations: 0 };
  const result = minimiseLbfgs(
    (weights, gradient) => probeLoss(examples, weights, prior, dim, regularisation, gradient),
    Float64Array.from(prior),
    { tolerance: 1e-6 * Math.max(1, regularisation), maxIterations: 1000 },
  );
  return { weights: Float32Array.from(result.x), loss: result.value, iterations: result.iterations };
}

/**
 * Class prototypes blended with the text (Tip-Adapter's idea of a cache of examples beside the text
 * classifier, kept linear): each label's row is the unit mean of its text embedding, counted as
 * `textWeight` examples, and its examples' embeddings; times the logit scale. No examples: zero-shot.
 */
export function prototypeWeights(
  examples: readonly LabelledEmbedding[],
  labelEmbeddings: Float32Array,
  dim: number,
  logitScale: number,
  textWeight: number,
): Float32Array {
  const labels = labelEmbeddings.length / dim;
  checkExamples(examples, labels, dim);
  if (examples.some((example) => example.negative)) throw new RangeError('prototypes take "this is" examples only');
  const sums = new Float64Array(labelEmbeddings.length);
  const counts = new Uint32Array(labels);
  for (const { embedding, label } of examples) {
    counts[label]!++;
    for (let d = 0; d < dim; d++) sums[label * dim + d]! += embedding[d]!;
  }
  const weights = Float32Array.from(labelEmbeddings);
  for (let c = 0; c < labels; c++) {
    if (counts[c] === 0) continue;
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const value = textWeight * labelEmbeddings[c * dim + d]! + sums[c * dim + d]!;
      sums[c * dim + d] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) weights[c * dim + d] = sums[c * dim + d]! / norm;
  }
  return zeroShotWeights(weights, logitScale);
}

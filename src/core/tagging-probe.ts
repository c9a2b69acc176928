import type { ModelFamily } from './catalog';
import { checkExampleShapes, type LabelledEmbedding } from './few-shot';
import { minimiseLbfgs } from './lbfgs';
import { multiplyByTranspose } from './vectors';

/**
 * "Tag all that apply" as one logistic regression per label: a photo shows label c with probability
 * sigmoid(weights_c . x + biases_c), x its unit image embedding. CLIP's neutral-prompt rule and SigLIP's
 * sigmoid both have this form, so either is the prior that a label's examples start from.
 */
export interface TaggingWeights {
  /** One row of `dim` floats per label. */
  weights: Float32Array;
  biases: Float32Array;
}

/**
 * CLIP's rule, sigmoid(scale x (cos(x, label) - cos(x, neutral))), as weights: scale x (label - neutral).
 * CLIP's similarities are only comparable within one photo, so each label meets the neutral prompts'
 * ensemble alone: its score does not depend on the other labels, and a threshold means the same for any set.
 */
export function neutralTaggingWeights(
  labelEmbeddings: Float32Array,
  neutralEmbedding: Float32Array,
  logitScale: number,
): TaggingWeights {
  const dim = neutralEmbedding.length;
  return {
    weights: labelEmbeddings.map((value, i) => logitScale * (value - neutralEmbedding[i % dim]!)),
    biases: new Float32Array(labelEmbeddings.length / dim),
  };
}

/** SigLIP's own score, sigmoid(scale x cos(x, label) + bias), as weights. */
export function sigmoidTaggingWeights(
  labelEmbeddings: Float32Array,
  dim: number,
  logitScale: number,
  logitBias: number,
): TaggingWeights {
  return {
    weights: labelEmbeddings.map((value) => logitScale * value),
    biases: new Float32Array(labelEmbeddings.length / dim).fill(logitBias),
  };
}

/** The model's own tagging rule as weights: CLIP's neutral-prompt comparison, or SigLIP's sigmoid. */
export function taggingPrior(
  model: { family: ModelFamily; embeddingDim: number; logitScale: number; logitBias: number },
  labelEmbeddings: Float32Array,
  neutralEmbedding: Float32Array,
): TaggingWeights {
  return model.family === 'siglip'
    ? sigmoidTaggingWeights(labelEmbeddings, model.embeddingDim, model.logitScale, model.logitBias)
    : neutralTaggingWeights(labelEmbeddings, neutralEmbedding, model.logitScale);
}

/** Photos x labels probabilities: one matrix product and a sigmoid, so re-tagging never encodes a photo. */
export function taggingProbabilitiesFrom(images: Float32Array, tagging: TaggingWeights, dim: number): Float32Array {
  const logits = multiplyByTranspose(images, tagging.weights, dim);
  const labels = tagging.biases.length;
  for (let i = 0; i < logits.length; i++) logits[i] = 1 / (1 + Math.exp(-(logits[i]! + tagging.biases[i % labels]!)));
  return logits;
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * One label's objective over its examples: the summed cross-entropy of sigmoid(w . x + b) against "this
 * is" (1) or "not" (0), plus (regularisation / 2) x ||(w, b) - prior||^2. `params` and `prior` are w then b.
 */
export function labelTaggingLoss(
  examples: readonly LabelledEmbedding[],
  params: ArrayLike<number>,
  prior: ArrayLike<number>,
  regularisation: number,
  gradient?: Float64Array,
): number {
  const dim = params.length - 1;
  let loss = 0;
  gradient?.fill(0);
  for (const { embedding, negative } of examples) {
    let z = params[dim]!;
    for (let d = 0; d < dim; d++) z += params[d]! * embedding[d]!;
    const shows = negative ? 0 : 1;
    loss += softplus(z) - shows * z;
    if (!gradient) continue;
    const error = 1 / (1 + Math.exp(-z)) - shows;
    for (let d = 0; d < dim; d++) gradient[d]! += error * embedding[d]!;
    gradient[dim]! += error;
  }
  for (let i = 0; i <= dim; i++) {
    const shift = params[i]! - prior[i]!;
    loss += 0.5 * regularisation * shift * shift;
    if (gradient) gradient[i]! += regularisation * shift;
  }
  return loss;
}

/**
 * The pull toward the prior, chosen on validation photos of the toy CLIP by a simulated person correcting
 * wrong tags (tools/toy-clip/README.md, "Tag all that apply, taught"): the best F1 over 0-64 corrections
 * among the pulls that never tag worse than no corrections.
 */
export const TAGGING_REGULARISATION = 0.05;

export interface TaggingProbe extends TaggingWeights {
  /** The objective summed over the labels that have examples. */
  loss: number;
}

/**
 * Each label with examples gets its own (w, b), trained on them from the prior and pulled toward it; every
 * other label keeps the prior exactly, so a correction of one label never moves another's tags.
 */
export function trainTaggingProbe(
  examples: readonly LabelledEmbedding[],
  prior: TaggingWeights,
  dim: number,
  regularisation: number,
): TaggingProbe {
  const labels = prior.biases.length;
  const weights = Float32Array.from(prior.weights);
  const biases = Float32Array.from(prior.biases);
  const byLabel = new Map<number, LabelledEmbedding[]>();
  checkExampleShapes(examples, labels, dim);
  for (const example of examples) byLabel.set(example.label, [...(byLabel.get(example.label) ?? []), example]);
  let loss = 0;
  for (const [label, taught] of byLabel) {
    const start = new Float64Array(dim + 1);
    start.set(prior.weights.subarray(label * dim, label * dim + dim));
    start[dim] = prior.biases[label]!;
    const result = minimiseLbfgs(
      (params, gradient) => labelTaggingLoss(taught, params, start, regularisation, gradient),
      start,
      { tolerance: 1e-6 * Math.max(1, regularisation), maxIterations: 1000 },
    );
    weights.set(result.x.subarray(0, dim), label * dim);
    biases[label] = result.x[dim]!;
    loss += result.value;
  }
  return { weights, biases, loss };
}

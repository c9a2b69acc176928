import { PROBE_REGULARISATION, classifierLogits, trainLinearProbe, zeroShotWeights } from './few-shot';
import { crossValidationFolds } from './ground-truth';
import {
  confusionMatrix,
  multiLabelScores,
  precisionRecallCurve,
  precisionRecallPerLabel,
  predictedLabels,
  topKAccuracy,
  type MultiLabelScores,
  type PrecisionRecall,
  type PrecisionRecallPoint,
} from './metrics';
import { throwIfAborted } from './errors';
import { zeroShotProbabilities } from './scoring';
import { TAGGING_REGULARISATION, taggingPrior, taggingProbabilitiesFrom, trainTaggingProbe } from './tagging-probe';
import { softmaxRows } from './vectors';
import type { ModelFamily } from './catalog';

/** How well one way of scoring did when every photo has exactly one right label. */
export interface SingleLabelReport {
  top1: number;
  top5: number;
  /** Row = right label, column = the label ranked first, row-major over the report's labels. */
  confusion: number[];
  perLabel: PrecisionRecall[];
}

/** How well tagging did when a photo can have several right labels. */
export interface MultiLabelReport {
  threshold: number;
  atThreshold: MultiLabelScores;
  curve: PrecisionRecallPoint[];
}

/** The ways an evaluation scores the same embeddings, side by side. */
export type VariantId = 'templates' | 'first-template' | 'few-shot';

export interface VariantReport {
  id: VariantId;
  single: SingleLabelReport | null;
  multi: MultiLabelReport | null;
}

export interface EvaluationReport {
  /** The model whose embeddings were scored. */
  model: string;
  labels: string[];
  /** The photos scored, with the labels each one truly shows (indices into `labels`). */
  photoIds: string[];
  truth: number[][];
  multiLabel: boolean;
  /** Groups the few-shot variant was cross-validated over; 0 when it was not run. */
  folds: number;
  variants: VariantReport[];
}

/** What scoring needs of the model: the same numbers the ranking uses. */
export interface ScoringModel {
  model: string;
  family: ModelFamily;
  logitScale: number;
  logitBias: number;
  embeddingDim: number;
}

export interface EvaluationInput {
  model: ScoringModel;
  labels: string[];
  photoIds: string[];
  /** Unit image embeddings, one row per photo. */
  images: Float32Array;
  truth: number[][];
  /** Label embeddings (labels x dim) under the person's templates, and under the first template alone. */
  templates: Float32Array;
  firstTemplate: Float32Array;
  /** CLIP's neutral prompts' ensemble, for tagging; empty for SigLIP. */
  neutral: Float32Array;
  threshold: number;
  /** Groups for the few-shot variant's cross-validation. */
  folds: number;
}

/**
 * Labels that are the right answer for a single photo: cross-validated, that photo is always scored by
 * weights that never saw an example of its label, so the taught row undersells them.
 */
export function labelsWithOnePhoto(report: Pick<EvaluationReport, 'labels' | 'truth'>): string[] {
  const photos = new Array<number>(report.labels.length).fill(0);
  for (const answer of report.truth) for (const label of answer) photos[label]!++;
  return report.labels.filter((_, label) => photos[label] === 1);
}

/** The groups few-shot is cross-validated over: `wanted`, or fewer when there are fewer photos. */
export function foldCount(photos: number, wanted: number): number {
  return Math.min(wanted, photos);
}

export function singleLabelReport(scores: Float32Array, truth: readonly number[], labels: number): SingleLabelReport {
  const confusion = confusionMatrix(truth, predictedLabels(scores, labels), labels);
  return {
    top1: topKAccuracy(scores, truth, labels, 1),
    top5: topKAccuracy(scores, truth, labels, 5),
    confusion: Array.from(confusion),
    perLabel: precisionRecallPerLabel(confusion, labels),
  };
}

export function multiLabelReport(
  scores: Float32Array,
  truth: readonly number[][],
  threshold: number,
): MultiLabelReport {
  const labels = scores.length / Math.max(1, truth.length);
  const relevant = new Uint8Array(scores.length);
  truth.forEach((answer, photo) => answer.forEach((label) => (relevant[photo * labels + label] = 1)));
  return {
    threshold,
    atThreshold: multiLabelScores(scores, relevant, threshold),
    curve: precisionRecallCurve(scores, relevant),
  };
}

/** Lets the thread take its messages (a request to stop among them) between two long computations. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The few-shot probe scored honestly: each group of photos is ranked by a probe trained on the other
 * groups' photos only (k-fold cross-validation), so no photo is scored by a model that saw it. Each
 * group's training can take seconds at full size, so a stop is heard between groups.
 */
export async function crossValidatedProbeScores(
  input: EvaluationInput,
  truth: readonly number[],
  signal?: AbortSignal,
): Promise<Float32Array> {
  const { images, templates, model } = input;
  const dim = model.embeddingDim;
  const labels = templates.length / dim;
  const fold = crossValidationFolds(truth, input.folds);
  const prior = zeroShotWeights(templates, model.logitScale);
  const scores = new Float32Array(truth.length * labels);
  for (let held = 0; held < input.folds; held++) {
    await nextTask();
    throwIfAborted(signal);
    const training = truth.flatMap((label, photo) =>
      fold[photo] === held ? [] : [{ embedding: images.subarray(photo * dim, (photo + 1) * dim), label }],
    );
    const { weights } = trainLinearProbe(training, prior, dim, PROBE_REGULARISATION);
    fold.forEach((group, photo) => {
      if (group !== held) return;
      const logits = classifierLogits(images.subarray(photo * dim, (photo + 1) * dim), weights, dim);
      scores.set(softmaxRows(logits, labels), photo * labels);
    });
  }
  return scores;
}

/**
 * Tagging taught by the photos' answers, scored as honestly: each group is tagged by per-label probes
 * trained on the other groups (every label a photo shows a "this is", every other one a "not"), each
 * started from and pulled toward the model's own tagging rule, as corrections teach it on the page.
 */
export async function crossValidatedTaggingScores(input: EvaluationInput, signal?: AbortSignal): Promise<Float32Array> {
  const { images, templates, model, truth } = input;
  const dim = model.embeddingDim;
  const labels = templates.length / dim;
  // Groups balanced by each photo's first right label (a photo without one counts as its own kind).
  const fold = crossValidationFolds(
    truth.map((answer) => answer[0] ?? -1),
    input.folds,
  );
  const prior = taggingPrior(model, templates, input.neutral);
  const scores = new Float32Array(truth.length * labels);
  for (let held = 0; held < input.folds; held++) {
    await nextTask();
    throwIfAborted(signal);
    const training = truth.flatMap((answer, photo) => {
      if (fold[photo] === held) return [];
      const embedding = images.subarray(photo * dim, (photo + 1) * dim);
      return Array.from({ length: labels }, (_, label) => ({ embedding, label, negative: !answer.includes(label) }));
    });
    const probe = trainTaggingProbe(training, prior, dim, TAGGING_REGULARISATION);
    fold.forEach((group, photo) => {
      if (group !== held) return;
      scores.set(taggingProbabilitiesFrom(images.subarray(photo * dim, (photo + 1) * dim), probe, dim), photo * labels);
    });
  }
  return scores;
}

/** Probabilities as the page ranks them: softmax over the labels, or per-label tagging scores. */
function zeroShotScores(input: EvaluationInput, labelMatrix: Float32Array, multiLabel: boolean): Float32Array {
  const { images, model, neutral } = input;
  const dim = model.embeddingDim;
  if (!multiLabel) return zeroShotProbabilities(images, labelMatrix, dim, model.logitScale);
  return taggingProbabilitiesFrom(images, taggingPrior(model, labelMatrix, neutral), dim);
}

/**
 * Scores every photo under the person's templates, the first template alone and the few-shot probe
 * (picking one, or tagging) cross-validated on the photos themselves, and measures each against the
 * right answers. Nothing is encoded: it reads embeddings only.
 */
export async function evaluate(input: EvaluationInput, signal?: AbortSignal): Promise<EvaluationReport> {
  const { labels, truth, threshold } = input;
  const multiLabel = truth.some((answer) => answer.length !== 1);
  const measure = (id: VariantId, scores: Float32Array): VariantReport =>
    multiLabel
      ? { id, single: null, multi: multiLabelReport(scores, truth, threshold) }
      : {
          id,
          single: singleLabelReport(
            scores,
            truth.map((answer) => answer[0]!),
            labels.length,
          ),
          multi: null,
        };
  const variants = [
    measure('templates', zeroShotScores(input, input.templates, multiLabel)),
    measure('first-template', zeroShotScores(input, input.firstTemplate, multiLabel)),
  ];
  const canTeach = input.folds >= 2;
  if (canTeach) {
    const taught = multiLabel
      ? await crossValidatedTaggingScores(input, signal)
      : await crossValidatedProbeScores(
          input,
          truth.map((answer) => answer[0]!),
          signal,
        );
    variants.push(measure('few-shot', taught));
  }
  return {
    model: input.model.model,
    labels,
    photoIds: input.photoIds,
    truth,
    multiLabel,
    folds: canTeach ? input.folds : 0,
    variants,
  };
}

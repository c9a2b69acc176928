/** Precision and recall, null where nothing was predicted (precision) or nothing was there (recall). */
export interface PrecisionRecall {
  precision: number | null;
  recall: number | null;
}

export interface MultiLabelScores extends PrecisionRecall {
  f1: number | null;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface PrecisionRecallPoint {
  threshold: number;
  precision: number;
  recall: number;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The indices of a row's k highest scores, highest first; ties go to the lower index. */
function topIndices(scores: ArrayLike<number>, offset: number, labels: number, k: number): number[] {
  const order = Array.from({ length: labels }, (_, index) => index);
  order.sort((a, b) => scores[offset + b]! - scores[offset + a]! || a - b);
  return order.slice(0, k);
}

/** The share of photos whose true label is among their k highest scores (scores: photos x labels). */
export function topKAccuracy(scores: ArrayLike<number>, truth: readonly number[], labels: number, k: number): number {
  if (truth.length === 0) return 0;
  let hits = 0;
  truth.forEach((label, photo) => {
    if (topIndices(scores, photo * labels, labels, k).includes(label)) hits++;
  });
  return hits / truth.length;
}

/** Each photo's highest-scoring label. */
export function predictedLabels(scores: ArrayLike<number>, labels: number): number[] {
  return Array.from(
    { length: scores.length / labels },
    (_, photo) => topIndices(scores, photo * labels, labels, 1)[0]!,
  );
}

/** Counts of (true label, predicted label): row = truth, column = prediction. */
export function confusionMatrix(truth: readonly number[], predicted: readonly number[], labels: number): Uint32Array {
  if (truth.length !== predicted.length)
    throw new RangeError(`${truth.length} truths but ${predicted.length} predictions`);
  const matrix = new Uint32Array(labels * labels);
  truth.forEach((label, photo) => matrix[label * labels + predicted[photo]!]!++);
  return matrix;
}

/** Per label, from a confusion matrix: precision (of the photos predicted as it) and recall (of its photos). */
export function precisionRecallPerLabel(confusion: Uint32Array, labels: number): PrecisionRecall[] {
  return Array.from({ length: labels }, (_, label) => {
    let predicted = 0;
    let actual = 0;
    for (let other = 0; other < labels; other++) {
      predicted += confusion[other * labels + label]!;
      actual += confusion[label * labels + other]!;
    }
    const hits = confusion[label * labels + label]!;
    return { precision: ratio(hits, predicted), recall: ratio(hits, actual) };
  });
}

/**
 * Multi-label tagging at a threshold, pooled over every (photo, label) pair (micro-average): a pair is
 * tagged when its score reaches the threshold. truth holds 1 where the label applies (photos x labels).
 */
export function multiLabelScores(
  scores: ArrayLike<number>,
  truth: ArrayLike<number>,
  threshold: number,
): MultiLabelScores {
  if (scores.length !== truth.length) throw new RangeError(`${scores.length} scores but ${truth.length} truths`);
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (let i = 0; i < scores.length; i++) {
    const tagged = scores[i]! >= threshold;
    if (tagged && truth[i]) truePositives++;
    else if (tagged) falsePositives++;
    else if (truth[i]) falseNegatives++;
  }
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  const f1 = ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
  return { precision, recall, f1, truePositives, falsePositives, falseNegatives };
}

/**
 * The precision-recall curve over (photo, label) pairs: one point per distinct score, highest first, for
 * the threshold at that score. Empty when no pair is relevant.
 */
export function precisionRecallCurve(scores: ArrayLike<number>, truth: ArrayLike<number>): PrecisionRecallPoint[] {
  const relevant = Array.from(truth).filter(Boolean).length;
  if (relevant === 0) return [];
  const order = Array.from({ length: scores.length }, (_, index) => index).sort((a, b) => scores[b]! - scores[a]!);
  const points: PrecisionRecallPoint[] = [];
  let hits = 0;
  order.forEach((index, rank) => {
    if (truth[index]) hits++;
    const next = order[rank + 1];
    if (next !== undefined && scores[next] === scores[index]) return;
    points.push({ threshold: scores[index]!, precision: hits / (rank + 1), recall: hits / relevant });
  });
  return points;
}

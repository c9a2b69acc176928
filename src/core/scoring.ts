import { multiplyByTranspose, softmaxRows } from './vectors';

/** How probabilities are made: compared across the labels, or each label judged on its own. */
export type ScoringMode = 'pick-one' | 'tag-all';

/**
 * The baseline each label is compared against in "tag all that apply": a photo of nothing in
 * particular. A label applies when the photo is closer to it than to these.
 */
export const NEUTRAL_PROMPTS: readonly string[] = ['a photo.', 'a photo of something.', 'a picture.'];

/**
 * CLIP's zero-shot probabilities: softmax over labels of logitScale x cosine similarity.
 * Both inputs hold unit-length embeddings row by row; the result is photos x labels.
 */
export function zeroShotProbabilities(
  imageEmbeddings: Float32Array,
  labelEmbeddings: Float32Array,
  dim: number,
  logitScale: number,
): Float32Array {
  const logits = multiplyByTranspose(imageEmbeddings, labelEmbeddings, dim);
  for (let i = 0; i < logits.length; i++) logits[i]! *= logitScale;
  return softmaxRows(logits, labelEmbeddings.length / dim);
}

export interface RankedLabel {
  label: string;
  probability: number;
}

/** Labels sorted by probability, highest first; ties keep the order the user typed. */
export function rankLabels(labels: readonly string[], probabilities: ArrayLike<number>): RankedLabel[] {
  if (labels.length !== probabilities.length) {
    throw new RangeError(`${labels.length} labels but ${probabilities.length} probabilities`);
  }
  return labels
    .map((label, index) => ({ label, probability: probabilities[index]!, index }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .map(({ label, probability }) => ({ label, probability }));
}

/** The label with the highest probability (the first typed on a tie), or null when there are none. */
export function topLabelIndex(probabilities: ArrayLike<number>): number | null {
  if (probabilities.length === 0) return null;
  let best = 0;
  for (let index = 1; index < probabilities.length; index++) {
    if (probabilities[index]! > probabilities[best]!) best = index;
  }
  return best;
}

/**
 * The labels a photo is tagged with, most likely first: in "tag all that apply" every label whose
 * probability reaches the threshold; in "pick one" the single most likely label.
 */
export function photoTags(
  mode: ScoringMode,
  labels: readonly string[],
  probabilities: ArrayLike<number>,
  threshold: number,
): string[] {
  if (mode === 'pick-one') {
    const top = topLabelIndex(probabilities);
    return top === null ? [] : [labels[top]!];
  }
  return rankLabels(labels, probabilities)
    .filter((row) => row.probability >= threshold)
    .map((row) => row.label);
}

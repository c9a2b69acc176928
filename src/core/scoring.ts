import { multiplyByTranspose, softmaxRows } from './vectors';

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

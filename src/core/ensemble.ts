import { normalizeRows } from './vectors';

/**
 * CLIP's prompt ensembling: each label's embedding is the mean of its prompts' unit embeddings,
 * renormalised. `groups[i]` lists the rows of `prompts` that belong to label i.
 */
export function ensembleEmbeddings(
  prompts: Float32Array,
  groups: readonly (readonly number[])[],
  dim: number,
): Float32Array {
  const out = new Float32Array(groups.length * dim);
  groups.forEach((rows, label) => {
    if (rows.length === 0) throw new RangeError(`Label ${label} has no prompts to ensemble`);
    const target = label * dim;
    for (const row of rows) {
      const source = row * dim;
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += prompts[source + k]! * prompts[source + k]!;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let k = 0; k < dim; k++) out[target + k]! += prompts[source + k]! * scale;
    }
  });
  return normalizeRows(out, dim);
}

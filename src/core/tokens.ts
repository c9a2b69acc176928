/** Token ids ready for a text encoder: row-major int64 ids and attention mask, rows x length. */
export interface PackedTokens {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  rows: number;
  length: number;
}

/**
 * Cuts each tokenised prompt to the context length while keeping its last token, the end-of-text
 * token CLIP pools at (a plain cut, as transformers.js does, drops it), then pads with `padId` to the
 * longest prompt or, for SigLIP, to the full context.
 */
export function packTokenIds(
  sequences: readonly (readonly number[])[],
  maxLength: number,
  padId: number,
  padTo: 'longest' | 'max',
): PackedTokens {
  const fitted = sequences.map((ids) => (ids.length > maxLength ? [...ids.slice(0, maxLength - 1), ids.at(-1)!] : ids));
  const length = padTo === 'max' ? maxLength : Math.max(1, ...fitted.map((ids) => ids.length));
  const inputIds = new BigInt64Array(fitted.length * length).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(fitted.length * length);
  fitted.forEach((ids, row) => {
    ids.forEach((id, column) => {
      inputIds[row * length + column] = BigInt(id);
      attentionMask[row * length + column] = 1n;
    });
  });
  return { inputIds, attentionMask, rows: fitted.length, length };
}

import type { Dtype } from './device';

/**
 * Bumped whenever what goes into an image embedding changes (decoding, preprocessing), so embeddings
 * stored by an older version of the app are never used.
 */
export const EMBEDDING_FORMAT_VERSION = 1;

/** Identifies one photo's embedding: the same bytes under the same model and dtype give the same vector. */
export function imageEmbeddingKey(model: string, dtype: Dtype, contentHash: string): string {
  return JSON.stringify([EMBEDDING_FORMAT_VERSION, model, dtype, contentHash]);
}

/** Lower-case hex of a digest, as content hashes are written. */
export function toHex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

import { describe, expect, it } from 'vitest';
import { EMBEDDING_FORMAT_VERSION, imageEmbeddingKey, toHex } from './cache-keys';

describe('imageEmbeddingKey', () => {
  it('differs for another model, dtype or content, so no embedding is reused across them', () => {
    const keys = new Set([
      imageEmbeddingKey('Xenova/clip-vit-base-patch32', 'q8', 'abc'),
      imageEmbeddingKey('Xenova/clip-vit-base-patch16', 'q8', 'abc'),
      imageEmbeddingKey('Xenova/clip-vit-base-patch32', 'fp32', 'abc'),
      imageEmbeddingKey('Xenova/clip-vit-base-patch32', 'q8', 'abd'),
    ]);
    expect(keys.size).toBe(4);
  });
  it('stays the key IndexedDB already holds, so stored embeddings are found after an update', () => {
    // A change here orphans every stored embedding: bump EMBEDDING_FORMAT_VERSION on purpose instead.
    expect(imageEmbeddingKey('Xenova/clip-vit-base-patch32', 'q8', 'ab12')).toBe(
      `[${EMBEDDING_FORMAT_VERSION},"Xenova/clip-vit-base-patch32","q8","ab12"]`,
    );
    expect(EMBEDDING_FORMAT_VERSION).toBe(1);
  });
  it('cannot be confused by separators inside names', () => {
    expect(imageEmbeddingKey('a|b', 'fp32', 'c')).not.toBe(imageEmbeddingKey('a', 'fp32', 'b|c'));
  });
});

describe('toHex', () => {
  it('writes each byte as two lower-case hex digits', () => {
    expect(toHex(new Uint8Array([0, 15, 255]).buffer)).toBe('000fff');
  });
});

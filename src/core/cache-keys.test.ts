import { describe, expect, it } from 'vitest';
import { imageEmbeddingKey, toHex } from './cache-keys';

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
  it('is stable for the same inputs', () => {
    expect(imageEmbeddingKey('m', 'fp32', 'h')).toBe(imageEmbeddingKey('m', 'fp32', 'h'));
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

import { describe, expect, it } from 'vitest';
import { exampleFromStore } from './session-store';

describe('kept examples', () => {
  it('come back whole, and one kept before "not X" takes its id as its photo', () => {
    const embedding = new Float32Array([1, 0]);
    const current = {
      id: 'p\u0000not\u0000x',
      photoId: 'p',
      name: 'p.png',
      label: 'x',
      negative: true,
      embedding,
      embeddingKey: 'm@q8',
    };
    expect(exampleFromStore(current)).toEqual(current);
    expect(exampleFromStore({ id: 'p', label: 'x', embedding, embeddingKey: 'm@q8' })).toEqual({
      id: 'p',
      photoId: 'p',
      name: 'a photo no longer here',
      label: 'x',
      embedding,
      embeddingKey: 'm@q8',
    });
  });
});

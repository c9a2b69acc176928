import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmbeddingStore } from './embedding-store';

afterEach(() => vi.unstubAllGlobals());

describe('EmbeddingStore where IndexedDB cannot be used', () => {
  it('keeps embeddings in memory for this visit when opening the database throws, and says so', async () => {
    const open = vi.fn(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    vi.stubGlobal('indexedDB', { open });
    const store = new EmbeddingStore();
    const embedding = new Float32Array([0.6, 0.8]);
    await expect(store.put('m', 'q8', 'hash', embedding)).resolves.toBeUndefined();
    await expect(store.get('m', 'q8', 'hash')).resolves.toBe(embedding);
    await expect(store.get('m', 'q8', 'other')).resolves.toBeUndefined();
    await expect(store.keptForLater()).resolves.toBe(false);
    expect(open).toHaveBeenCalledTimes(1);
    await store.clear();
    await expect(store.get('m', 'q8', 'hash')).resolves.toBeUndefined();
  });

  it('does the same when the open request fails', async () => {
    const request = { error: new DOMException('Quota exceeded', 'QuotaExceededError') } as {
      error: DOMException;
      onerror?: () => void;
    };
    vi.stubGlobal('indexedDB', {
      open: () => {
        setTimeout(() => request.onerror?.(), 0);
        return request;
      },
    });
    const store = new EmbeddingStore();
    await store.put('m', 'q8', 'hash', new Float32Array([1, 0]));
    await expect(store.get('m', 'q8', 'hash')).resolves.toEqual(new Float32Array([1, 0]));
    await expect(store.keptForLater()).resolves.toBe(false);
  });
});

import { imageEmbeddingKey, toHex } from '../../core/cache-keys';
import type { Dtype } from '../../core/device';

const DATABASE = 'cliptag-embeddings';
const STORE = 'images';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDatabase(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  const open = indexedDB.open(DATABASE, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  // Without IndexedDB (private modes, quota) embeddings still live for the session in memory.
  return request(open).catch(() => null);
}

/** SHA-256 of a file's bytes: the same photo dropped twice, or after a reload, has the same hash. */
export async function contentHash(file: Blob): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
}

/**
 * Image embeddings by {model, dtype, content hash}, in memory and in IndexedDB, so a photo is encoded
 * once per model: dropped twice, or dropped again after the page reloads.
 */
export class EmbeddingStore {
  private readonly memory = new Map<string, Float32Array>();
  private database: Promise<IDBDatabase | null> | null = null;

  async get(model: string, dtype: Dtype, hash: string): Promise<Float32Array | undefined> {
    const key = imageEmbeddingKey(model, dtype, hash);
    const cached = this.memory.get(key);
    if (cached) return cached;
    const db = await this.open();
    if (!db) return undefined;
    const stored: unknown = await request(db.transaction(STORE).objectStore(STORE).get(key)).catch(() => undefined);
    if (!(stored instanceof Float32Array)) return undefined;
    this.memory.set(key, stored);
    return stored;
  }

  async put(model: string, dtype: Dtype, hash: string, embedding: Float32Array): Promise<void> {
    const key = imageEmbeddingKey(model, dtype, hash);
    this.memory.set(key, embedding);
    const db = await this.open();
    if (!db) return;
    await request(db.transaction(STORE, 'readwrite').objectStore(STORE).put(embedding, key)).catch(() => undefined);
  }

  private open(): Promise<IDBDatabase | null> {
    this.database ??= openDatabase();
    return this.database;
  }
}

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

/**
 * The database, or null where this browser will not open one: `indexedDB.open` throws in some private
 * modes and locked-down browsers, or its request fails. Embeddings then live in memory for this visit.
 */
async function openDatabase(): Promise<IDBDatabase | null> {
  try {
    const open = indexedDB.open(DATABASE, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    return await request(open);
  } catch {
    return null;
  }
}

/** Runs one request on the store; undefined where the database refuses it (closed, over quota, blocked). */
async function onStore<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  operation: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T | undefined> {
  try {
    return await request(operation(db.transaction(STORE, mode).objectStore(STORE)));
  } catch {
    return undefined;
  }
}

/** SHA-256 of a file's bytes: the same photo dropped twice, or after a reload, has the same hash. */
export async function contentHash(file: Blob): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
}

/**
 * Image embeddings by {model, dtype, content hash}, in memory and in IndexedDB, so a photo is encoded
 * once per model: dropped twice, or dropped again after the page reloads. Where IndexedDB cannot be
 * used, they are kept in memory only, and `keptForLater` says so.
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
    const stored: unknown = await onStore<unknown>(db, 'readonly', (store) => store.get(key));
    if (!(stored instanceof Float32Array)) return undefined;
    this.memory.set(key, stored);
    return stored;
  }

  async put(model: string, dtype: Dtype, hash: string, embedding: Float32Array): Promise<void> {
    const key = imageEmbeddingKey(model, dtype, hash);
    this.memory.set(key, embedding);
    const db = await this.open();
    if (!db) return;
    await onStore(db, 'readwrite', (store) => store.put(embedding, key));
  }

  async clear(): Promise<void> {
    this.memory.clear();
    const db = await this.open();
    if (db) await onStore(db, 'readwrite', (store) => store.clear());
  }

  /** Whether embeddings outlast this visit: false where this browser would not open IndexedDB. */
  async keptForLater(): Promise<boolean> {
    return (await this.open()) !== null;
  }

  private open(): Promise<IDBDatabase | null> {
    this.database ??= openDatabase();
    return this.database;
  }
}

import type { SessionStore, StoredPhoto, StoredSession, StoredSettings } from './session-store';

const DATABASE = 'cliptag-session';
const PHOTOS = 'photos';
const SETTINGS = 'settings';
const SETTINGS_KEY = 'current';

function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction was aborted'));
  });
}

/** The session in this browser's IndexedDB: one record per photo (thumbnail and embedding included) and the settings. */
export class IndexedDbSessionStore implements SessionStore {
  private database: Promise<IDBDatabase> | null = null;

  async load(): Promise<StoredSession> {
    const transaction = (await this.open()).transaction([PHOTOS, SETTINGS]);
    const [photos, settings] = await Promise.all([
      settled(transaction.objectStore(PHOTOS).getAll() as IDBRequest<StoredPhoto[]>),
      settled(transaction.objectStore(SETTINGS).get(SETTINGS_KEY) as IDBRequest<StoredSettings | undefined>),
    ]);
    return { photos: photos.sort((a, b) => a.seq - b.seq), settings: settings ?? null };
  }

  putPhotos(photos: readonly StoredPhoto[]): Promise<void> {
    return this.write([PHOTOS], (transaction) => {
      const store = transaction.objectStore(PHOTOS);
      for (const photo of photos) store.put(photo, photo.id);
    });
  }

  deletePhotos(ids: readonly string[]): Promise<void> {
    return this.write([PHOTOS], (transaction) => {
      const store = transaction.objectStore(PHOTOS);
      for (const id of ids) store.delete(id);
    });
  }

  putSettings(settings: StoredSettings): Promise<void> {
    return this.write([SETTINGS], (transaction) => transaction.objectStore(SETTINGS).put(settings, SETTINGS_KEY));
  }

  clear(): Promise<void> {
    return this.write([PHOTOS, SETTINGS], (transaction) => {
      transaction.objectStore(PHOTOS).clear();
      transaction.objectStore(SETTINGS).clear();
    });
  }

  private async write(stores: string[], fill: (transaction: IDBTransaction) => void): Promise<void> {
    const transaction = (await this.open()).transaction(stores, 'readwrite');
    fill(transaction);
    await committed(transaction);
  }

  private open(): Promise<IDBDatabase> {
    this.database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(PHOTOS);
        request.result.createObjectStore(SETTINGS);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
      request.onblocked = () => reject(new Error('another tab holds an older version of this page open'));
    });
    // A failed open is tried again next time: it may have been a passing lock.
    this.database.catch(() => (this.database = null));
    return this.database;
  }
}

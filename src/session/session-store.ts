import type { PromptSettings } from '../core/prompts';
import type { EncodedPhoto, Photo, TaughtExample } from './session-state';

/** A photo as kept between visits: its facts, thumbnail and embedding, never its file. */
export interface StoredPhoto extends EncodedPhoto {
  id: string;
  seq: number;
  name: string;
  path: string;
  sizeBytes: number;
}

/** The person's labels and how they are scored, kept between visits. */
export interface StoredSettings {
  labels: string[];
  prompts: PromptSettings;
  threshold: number;
  /** Corrections as embeddings; absent in sessions kept before there were any. */
  examples?: readonly StoredExample[];
}

/** An example as kept: those kept before "not X" came have neither the photo's id apart nor its name. */
export type StoredExample = Omit<TaughtExample, 'photoId' | 'name'> & Partial<Pick<TaughtExample, 'photoId' | 'name'>>;

/** A kept example as the session uses it: an older one's id was its photo's id. */
export function exampleFromStore(stored: StoredExample): TaughtExample {
  return { ...stored, photoId: stored.photoId ?? stored.id, name: stored.name ?? 'a photo no longer here' };
}

export interface StoredSession {
  photos: StoredPhoto[];
  settings: StoredSettings | null;
}

/** Where a session is kept between visits: IndexedDB in the page, memory in tests. */
export interface SessionStore {
  load(): Promise<StoredSession>;
  putPhotos(photos: readonly StoredPhoto[]): Promise<void>;
  deletePhotos(ids: readonly string[]): Promise<void>;
  putSettings(settings: StoredSettings): Promise<void>;
  /** Forgets every photo and setting. */
  clear(): Promise<void>;
}

/** What of an encoded photo is kept: null for a photo not encoded yet, which has nothing worth keeping. */
export function storedPhoto(photo: Photo): StoredPhoto | null {
  if (photo.state !== 'encoded' || !photo.encoded) return null;
  const { id, seq, name, path, sizeBytes } = photo;
  return { id, seq, name, path, sizeBytes, ...photo.encoded };
}

/** A kept photo back on the page, waiting for the model that made its embedding. */
export function photoFromStore(stored: StoredPhoto, thumbnailUrl: string): Photo {
  const { id, seq, name, path, sizeBytes, hash, width, height, thumbnail, embedding, embeddingKey } = stored;
  return {
    id,
    seq,
    name,
    path,
    sizeBytes,
    file: null,
    folder: null,
    state: 'queued',
    thumbnailUrl,
    error: null,
    ranking: null,
    encoded: { hash, width, height, thumbnail, embedding, embeddingKey },
  };
}

/** A store that keeps nothing past the page: for tests, and where the browser has no IndexedDB. */
export class MemorySessionStore implements SessionStore {
  readonly photos = new Map<string, StoredPhoto>();
  settings: StoredSettings | null = null;

  load(): Promise<StoredSession> {
    return Promise.resolve({ photos: [...this.photos.values()], settings: this.settings });
  }

  putPhotos(photos: readonly StoredPhoto[]): Promise<void> {
    for (const photo of photos) this.photos.set(photo.id, photo);
    return Promise.resolve();
  }

  deletePhotos(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.photos.delete(id);
    return Promise.resolve();
  }

  putSettings(settings: StoredSettings): Promise<void> {
    this.settings = settings;
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.photos.clear();
    this.settings = null;
    return Promise.resolve();
  }
}

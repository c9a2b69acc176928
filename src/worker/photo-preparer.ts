import type { ImagePreprocessing } from '../core/preprocess';
import type { ErrorInfo } from '../core/protocol';
import { PixelReader } from './photos';
import { decodeForEncoder, type DecodedPhoto } from './prepare';

export interface PhotoJob {
  id: number;
  file: Blob;
  name: string;
  preprocessing: ImagePreprocessing;
  withPixels: boolean;
}

export type PhotoJobReply = { id: number; ok: true; decoded: DecodedPhoto } | { id: number; ok: false; error: ErrorInfo };

/**
 * Decodes photos in a worker of its own, so that the next photos are decoded and resized while the
 * current one runs through the encoder (the encoder holds the model worker's thread for the whole
 * run). Where a worker cannot start one, photos are decoded in place.
 */
export class PhotoPreparer {
  private worker: Worker | null | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (decoded: DecodedPhoto) => void; reject: (error: Error) => void }>();
  private inPlaceReader: PixelReader | null = null;

  decode(file: Blob, name: string, preprocessing: ImagePreprocessing, withPixels: boolean): Promise<DecodedPhoto> {
    const worker = this.ensureWorker();
    if (!worker) {
      this.inPlaceReader ??= new PixelReader();
      return decodeForEncoder(file, name, preprocessing, this.inPlaceReader, withPixels);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, file, name, preprocessing, withPixels } satisfies PhotoJob);
    });
  }

  private ensureWorker(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    try {
      this.worker = new Worker(new URL('./photo-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      this.worker = null;
      return null;
    }
    this.worker.addEventListener('message', (message: MessageEvent<PhotoJobReply>) => {
      const reply = message.data;
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) pending?.resolve(reply.decoded);
      else pending?.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      // A photo worker that died takes its pending photos with it; the next photos decode in place.
      this.worker?.terminate();
      this.worker = null;
      const failure = new Error(`Decoding stopped unexpectedly (${event.message || 'worker error'}). Add the photo again.`);
      for (const entry of this.pending.values()) entry.reject(failure);
      this.pending.clear();
    });
    return this.worker;
  }
}

import { ErrorNames } from '../../core/errors';
import { MAX_PHOTO_PIXELS } from '../../core/image-header';
import { PixelBudget } from '../../core/pixel-budget';
import { RpcClient, type LockRequester, type WorkerPort } from '../../core/rpc';
import type { DecodeRequest, DecodedPhoto, PhotoRequests } from './protocol';

/** Decodes one photo on the calling thread, for when no photo worker can start. */
export type DecodeInPlace = (request: DecodeRequest, signal: AbortSignal | undefined) => Promise<DecodedPhoto>;

/** One photo worker and the photos it has in hand. */
interface PhotoWorker {
  rpc: RpcClient<PhotoRequests>;
  inFlight: number;
}

/**
 * Decodes photos in workers of their own, so that the next photos are decoded and resized while the
 * current one runs through the encoder (the encoder holds the model worker's thread for the whole
 * run). Up to `workerLimit` workers share the photos (see core/device's photoWorkerCount), each photo
 * going to the least busy one, a new one started only when every one is busy; photos decoded side by
 * side share one pixel budget, however many workers decode them. Where no worker can start (a browser
 * without nested workers), photos are decoded in place. A photo whose worker dies under it is decoded
 * once more in a fresh worker, so no photo is left waiting.
 */
export class PhotoDecoder {
  private readonly workers: PhotoWorker[] = [];
  private readonly budget = new PixelBudget(MAX_PHOTO_PIXELS);
  private workerUnavailable = false;
  private workerLimit = 1;

  /**
   * @param locks tells when a worker has ended silently (the browser's by default).
   * @param claimedPixels the pixels a photo's decode will hold, read from its header.
   */
  constructor(
    private readonly startWorker: () => WorkerPort,
    private readonly decodeInPlace: DecodeInPlace,
    private readonly locks?: LockRequester | null,
    private readonly claimedPixels: (file: Blob) => Promise<number> = () => Promise.resolve(MAX_PHOTO_PIXELS),
  ) {}

  /** How many workers may decode side by side; those already started beyond it stay until disposed. */
  setWorkerLimit(limit: number): void {
    this.workerLimit = Math.max(1, limit);
  }

  async decode(request: DecodeRequest, signal?: AbortSignal): Promise<DecodedPhoto> {
    if (this.workerUnavailable) return this.decodeInPlace(request, signal);
    const pixels = await this.claimedPixels(request.file);
    return this.budget.use(pixels, async () => {
      const worker = this.leastBusy();
      worker.inFlight++;
      try {
        return await worker.rpc.call('decode', request, { signal });
      } catch (error) {
        if (this.workerUnavailable) return this.decodeInPlace(request, signal);
        if (!(error instanceof Error) || error.name !== ErrorNames.workerCrashed) throw error;
        // Its worker may have died for another photo's sake: one more try, in a fresh worker.
        return worker.rpc.call('decode', request, { signal });
      } finally {
        worker.inFlight--;
      }
    });
  }

  private leastBusy(): PhotoWorker {
    const idlest = this.workers.reduce<PhotoWorker | null>((a, b) => (a && a.inFlight <= b.inFlight ? a : b), null);
    if (idlest && (idlest.inFlight === 0 || this.workers.length >= this.workerLimit)) return idlest;
    const startOrGiveUp = () => {
      try {
        return this.startWorker();
      } catch (error) {
        this.workerUnavailable = true;
        throw error;
      }
    };
    const worker = {
      rpc: new RpcClient<PhotoRequests>(
        startOrGiveUp,
        { workerName: 'The photo decoder', whatToDo: 'Add the photo again.' },
        this.locks,
      ),
      inFlight: 0,
    };
    this.workers.push(worker);
    return worker;
  }
}

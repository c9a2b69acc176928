import { ErrorNames } from '../../core/errors';
import { RpcClient, type LockRequester, type WorkerPort } from '../../core/rpc';
import type { DecodeRequest, DecodedPhoto, PhotoRequests } from './protocol';

/** Decodes one photo on the calling thread, for when no photo worker can start. */
export type DecodeInPlace = (request: DecodeRequest, signal: AbortSignal | undefined) => Promise<DecodedPhoto>;

/**
 * Decodes photos in a worker of its own, so that the next photos are decoded and resized while the
 * current one runs through the encoder (the encoder holds the model worker's thread for the whole
 * run). Where no worker can start (a browser without nested workers), photos are decoded in place. A
 * photo whose worker dies under it is decoded once more in a fresh worker, so no photo is left waiting.
 */
export class PhotoDecoder {
  private readonly rpc: RpcClient<PhotoRequests>;
  private workerUnavailable = false;

  constructor(
    startWorker: () => WorkerPort,
    private readonly decodeInPlace: DecodeInPlace,
    locks?: LockRequester | null,
  ) {
    const startOrGiveUp = () => {
      try {
        return startWorker();
      } catch (error) {
        this.workerUnavailable = true;
        throw error;
      }
    };
    this.rpc = new RpcClient(
      startOrGiveUp,
      { workerName: 'The photo decoder', whatToDo: 'Add the photo again.' },
      locks,
    );
  }

  async decode(request: DecodeRequest, signal?: AbortSignal): Promise<DecodedPhoto> {
    if (this.workerUnavailable) return this.decodeInPlace(request, signal);
    try {
      return await this.rpc.call('decode', request, { signal });
    } catch (error) {
      if (this.workerUnavailable) return this.decodeInPlace(request, signal);
      if (!(error instanceof Error) || error.name !== ErrorNames.workerCrashed) throw error;
      // Its worker may have died for another photo's sake: one more try, in a fresh worker.
      return this.rpc.call('decode', request, { signal });
    }
  }
}

import { RpcClient, type WorkerPort } from '../../core/rpc';
import type { DecodeRequest, DecodedPhoto, PhotoRequests } from './protocol';

/** Decodes one photo on the calling thread, for when no photo worker can start. */
export type DecodeInPlace = (request: DecodeRequest, signal: AbortSignal | undefined) => Promise<DecodedPhoto>;

/**
 * Decodes photos in a worker of its own, so that the next photos are decoded and resized while the
 * current one runs through the encoder (the encoder holds the model worker's thread for the whole
 * run). Where no worker can start (a browser without nested workers), photos are decoded in place.
 */
export class PhotoDecoder {
  private readonly rpc: RpcClient<PhotoRequests>;
  private workerUnavailable = false;

  constructor(
    startWorker: () => WorkerPort,
    private readonly decodeInPlace: DecodeInPlace,
  ) {
    const startOrGiveUp = () => {
      try {
        return startWorker();
      } catch (error) {
        this.workerUnavailable = true;
        throw error;
      }
    };
    this.rpc = new RpcClient(startOrGiveUp, { workerName: 'The photo decoder', whatToDo: 'Add the photo again.' });
  }

  async decode(request: DecodeRequest, signal?: AbortSignal): Promise<DecodedPhoto> {
    if (this.workerUnavailable) return this.decodeInPlace(request, signal);
    try {
      return await this.rpc.call('decode', request, { signal });
    } catch (error) {
      if (!this.workerUnavailable) throw error;
      return this.decodeInPlace(request, signal);
    }
  }
}

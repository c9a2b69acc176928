/// <reference lib="webworker" />
import { serve, transfer } from '../../core/rpc';
import { PhotoDecoding, decodeForEncoder } from './decode';
import type { PhotoRequests } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// Decoding, thumbnails and resizing run here, beside the model worker, so they overlap the encoder.
const decoding = new PhotoDecoding();

serve<PhotoRequests>(self, {
  decode: async (request, { signal }) => {
    const decoded = await decodeForEncoder(request, decoding, signal);
    return transfer(decoded, decoded.pixelValues ? [decoded.pixelValues.buffer] : []);
  },
});

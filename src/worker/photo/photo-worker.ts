/// <reference lib="webworker" />
import { serve, transfer } from '../../core/rpc';
import { decodeForEncoder } from './decode';
import { PixelReader } from './pixel-reader';
import type { PhotoRequests } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// Decoding, thumbnails and resizing run here, beside the model worker, so they overlap the encoder.
const reader = new PixelReader();

serve<PhotoRequests>(self, {
  decode: async (request, { signal }) => {
    const decoded = await decodeForEncoder(request, reader, signal);
    return transfer(decoded, decoded.pixelValues ? [decoded.pixelValues.buffer] : []);
  },
});

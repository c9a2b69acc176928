/// <reference lib="webworker" />
import { messageOf } from './device';
import { PixelReader } from './photos';
import { decodeForEncoder } from './prepare';
import type { PhotoJob, PhotoJobReply } from './photo-preparer';

declare const self: DedicatedWorkerGlobalScope;

// Decoding, thumbnails and resizing run here, beside the model worker, so they overlap the encoder.
const reader = new PixelReader();

self.addEventListener('message', (message: MessageEvent<PhotoJob>) => {
  const { id, file, name, preprocessing, withPixels } = message.data;
  decodeForEncoder(file, name, preprocessing, reader, withPixels).then(
    (decoded) => self.postMessage({ id, ok: true, decoded } satisfies PhotoJobReply, decoded.pixelValues ? [decoded.pixelValues.buffer] : []),
    (error: unknown) => {
      const name = error instanceof Error ? error.name : 'Error';
      self.postMessage({ id, ok: false, error: { name, message: messageOf(error) } } satisfies PhotoJobReply);
    },
  );
});

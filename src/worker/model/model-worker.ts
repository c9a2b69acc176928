/// <reference lib="webworker" />
import type { ModelRequests } from '../../core/protocol';
import { serve } from '../../core/rpc';
import { measureStartupStep } from '../../core/startup-timing';
import { PhotoDecoder } from '../photo/client';
import { photoWorkerCount } from '../../core/device';
import { PhotoDecoding, claimedPixels, decodeForEncoder } from '../photo/decode';
import { EmbeddingStore, contentHash } from './embedding-store';
import { ClipEncoders } from './encoders';
import { modelHandlers } from './handlers';
import { forgetModelFiles } from './checked-cache';
import { checkModels } from './model-cache';
import { Tagger } from './tagger';

declare const self: DedicatedWorkerGlobalScope;

measureStartupStep('worker-start', 0);

let inPlaceDecoding: PhotoDecoding | null = null;
const photoDecoder = new PhotoDecoder(
  () => new Worker(new URL('../photo/photo-worker.ts', import.meta.url), { type: 'module' }),
  (request, signal) => decodeForEncoder(request, (inPlaceDecoding ??= new PhotoDecoding()), signal),
  undefined,
  claimedPixels,
);

const tagger = new Tagger({
  loadEncoders: async (params, downloads, onProgress) => {
    const encoders = await ClipEncoders.load(params, downloads, onProgress);
    photoDecoder.setWorkerLimit(photoWorkerCount(encoders.info.device, navigator.hardwareConcurrency || 1));
    return encoders;
  },
  decodePhoto: (request, signal) => photoDecoder.decode(request, signal),
  embeddings: new EmbeddingStore(),
  contentHash,
});

serve<ModelRequests>(self, modelHandlers(tagger, { check: checkModels, forget: forgetModelFiles }));

import { describe, expect, it } from 'vitest';
import { ErrorNames } from '../core/errors';
import type { ModelRequests, PhotoOutcome } from '../core/protocol';
import type { Handlers } from '../core/rpc';
import { settle } from '../testing/async';
import { fakeModelInfo } from '../testing/fake-model';
import { InProcessWorker } from '../testing/in-process-worker';
import { TaggerClient } from './tagger-client';

const info = fakeModelInfo('m');
const outcome: PhotoOutcome = {
  photoId: 'p1',
  status: 'failed',
  error: { name: ErrorNames.notAnImage, message: 'p1 is not an image.' },
};

/** Answers each request with something derived from its params, so a mix-up between requests shows. */
const handlers: Handlers<ModelRequests> = {
  load: (params, { emit }) => {
    if (params.model === 'broken') throw new Error('protobuf parsing failed');
    emit({ loaded: 1, total: 2 });
    return { ...info, model: params.model };
  },
  'add-photos': ({ photos }, { emit }) => {
    emit(outcome);
    return { encoded: 0, failed: photos.length, keptForLater: true };
  },
  rank: (request, { emit }) => {
    emit({ encoded: 1, total: 1 });
    return { key: request.key, labelCount: request.labels.length, photoIds: [], probabilities: new Float32Array() };
  },
  evaluate: (request) => ({
    model: 'cliptag/colours',
    labels: request.labels,
    photoIds: request.photoIds,
    truth: request.truth,
    multiLabel: false,
    folds: request.folds,
    variants: [],
  }),
  'remove-photos': () => null,
  'restore-photos': ({ photos }) => ({ restored: photos.length }),
  search: ({ prompts }) => ({ photoIds: prompts, similarities: new Float32Array(prompts.length) }),
  stats: () => ({ imagesEncoded: 3, imagesFromCache: 1, imageRuns: 2, promptsEncoded: 4 }),
  'check-models': ({ models }) => ({
    device: info.device,
    models: models.map(({ model }) => ({ model, dtype: 'q8', cached: true })),
  }),
  'model-input': () => ({ width: 2, height: 2, decodedWidth: 4, decodedHeight: 4, pixelValues: new Float32Array(12) }),
  'forget-stored-data': () => null,
};

function setup() {
  const workers: InProcessWorker<ModelRequests>[] = [];
  const client = new TaggerClient(() => {
    const worker = new InProcessWorker<ModelRequests>(handlers);
    workers.push(worker);
    return worker;
  });
  return { client, workers };
}

describe('TaggerClient', () => {
  it('sends each call as its request and passes the events on', async () => {
    const { client } = setup();
    const source = { host: 'http://127.0.0.1:1/', pathTemplate: '{model}/' };
    const progress: unknown[] = [];
    await expect(
      client.load({ model: 'x', source, devicePreference: 'auto' }, { onProgress: (p) => progress.push(p) }),
    ).resolves.toMatchObject({
      model: 'x',
    });
    const photos: PhotoOutcome[] = [];
    await expect(
      client.addPhotos([{ photoId: 'p1', file: new Blob(['x']), name: 'p1' }], { onPhoto: (p) => photos.push(p) }),
    ).resolves.toEqual({ encoded: 0, failed: 1, keptForLater: true });
    const ranking = await client.rank(
      { key: 'k', labels: [{ label: 'dog', prompts: ['a photo of a dog.'] }], mode: 'pick-one' },
      { onProgress: (p) => progress.push(p) },
    );
    expect(ranking).toMatchObject({ key: 'k', labelCount: 1 });
    await expect(client.removePhotos(['p1'])).resolves.toBeNull();
    await expect(client.checkModels([{ model: 'x', source }], 'auto')).resolves.toMatchObject({
      models: [{ model: 'x', cached: true }],
    });
    await expect(client.stats()).resolves.toEqual({
      imagesEncoded: 3,
      imagesFromCache: 1,
      imageRuns: 2,
      promptsEncoded: 4,
    });
    await expect(client.modelInput({ photoId: 'p2', file: new Blob(['y']), name: 'p2' })).resolves.toMatchObject({
      width: 2,
      decodedWidth: 4,
    });
    expect(progress).toEqual([
      { loaded: 1, total: 2 },
      { encoded: 1, total: 1 },
    ]);
    expect(photos).toEqual([outcome]);
  });

  it('tells the user the model worker stopped and how to go on', async () => {
    const { client, workers } = setup();
    const pending = client.load({
      model: 'x',
      source: { host: 'http://127.0.0.1:1/', pathTemplate: '' },
      devicePreference: 'auto',
    });
    workers[0]!.crash('out of memory');
    await expect(pending).rejects.toMatchObject({
      name: ErrorNames.workerCrashed,
      message: 'The model stopped (out of memory). Press Try again to restart it; your photos and labels are kept.',
    });
    await settle();
  });

  it('loads in a fresh worker after a load failed, which can leave a worker unable to load again', async () => {
    const { client, workers } = setup();
    const source = { host: 'http://127.0.0.1:1/', pathTemplate: '' };
    await expect(client.load({ model: 'broken', source, devicePreference: 'auto' })).rejects.toThrow('protobuf');
    expect(workers).toHaveLength(1);
    await expect(client.load({ model: 'fixed', source, devicePreference: 'auto' })).resolves.toMatchObject({
      model: 'fixed',
    });
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    await client.load({ model: 'fixed', source, devicePreference: 'auto' });
    expect(workers).toHaveLength(2);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { ErrorNames } from '../../core/errors';
import type { ImagePreprocessing } from '../../core/preprocess';
import { settle } from '../../testing/async';
import { FakeLocks } from '../../testing/fake-locks';
import { InProcessWorker } from '../../testing/in-process-worker';
import { PhotoDecoder, type DecodeInPlace } from './client';
import type { DecodeRequest, DecodedPhoto, PhotoRequests } from './protocol';

const preprocessing: ImagePreprocessing = {
  resize: null,
  crop: null,
  rescaleFactor: 1,
  mean: [0, 0, 0],
  std: [1, 1, 1],
};
const request = (name: string): DecodeRequest => ({ file: new Blob([name]), name, preprocessing, withPixels: true });
const decoded = (width: number): DecodedPhoto => ({
  thumbnail: new Blob(),
  width,
  height: 1,
  pixelValues: new Float32Array([width]),
  steps: { decode: 0, read: 0, resize: 0, thumbnail: 0 },
});

describe('PhotoDecoder', () => {
  it('decodes in the photo worker, not in place, while the worker runs', async () => {
    const inPlace = vi.fn<DecodeInPlace>();
    const decoder = new PhotoDecoder(() => new InProcessWorker<PhotoRequests>({ decode: () => decoded(7) }), inPlace);
    await expect(decoder.decode(request('a.png'))).resolves.toMatchObject({ width: 7 });
    expect(inPlace).not.toHaveBeenCalled();
  });

  it('decodes in place, for good, where no photo worker can start', async () => {
    const startWorker = vi.fn(() => {
      throw new ReferenceError('Worker is not defined');
    });
    const decoder = new PhotoDecoder(startWorker, () => Promise.resolve(decoded(3)));
    await expect(decoder.decode(request('a.png'))).resolves.toMatchObject({ width: 3 });
    await expect(decoder.decode(request('b.png'))).resolves.toMatchObject({ width: 3 });
    expect(startWorker).toHaveBeenCalledTimes(1);
  });

  it('decodes again in a fresh worker the photos of a worker that died, even silently', async () => {
    const workers: InProcessWorker<PhotoRequests>[] = [];
    const locks = new FakeLocks();
    const decoder = new PhotoDecoder(
      () => {
        // Only the first worker gets stuck; the one after it decodes.
        const stuck = workers.length === 0;
        const worker = new InProcessWorker<PhotoRequests>(
          { decode: () => (stuck ? new Promise<DecodedPhoto>(() => {}) : decoded(5)) },
          locks,
        );
        workers.push(worker);
        return worker;
      },
      () => Promise.reject(new Error('not in place')),
      locks,
    );
    const waiting = decoder.decode(request('a.png'));
    await vi.waitFor(() => expect(locks.waiting()).toBe(1)); // The decoder watches the worker's lock.
    workers[0]!.exitSilently();
    await expect(waiting).resolves.toMatchObject({ width: 5 });
    expect(workers).toHaveLength(2);
  });

  it('fails a photo whose worker dies twice under it, saying what to do', async () => {
    const workers: InProcessWorker<PhotoRequests>[] = [];
    const decoder = new PhotoDecoder(
      () => {
        const worker = new InProcessWorker<PhotoRequests>({ decode: () => new Promise<DecodedPhoto>(() => {}) });
        workers.push(worker);
        return worker;
      },
      () => Promise.reject(new Error('not in place')),
    );
    const stuck = decoder.decode(request('stuck.png'));
    await settle();
    workers[0]!.crash('out of memory');
    await settle();
    workers[1]!.crash('out of memory');
    await expect(stuck).rejects.toMatchObject({
      name: ErrorNames.workerCrashed,
      message: 'The photo decoder stopped (out of memory). Add the photo again.',
    });
  });
});

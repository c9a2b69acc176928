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

  it('spreads photos over the workers allowed: the least busy first, a new one only when all are busy', async () => {
    const gates: Array<() => void> = [];
    const started: number[] = [];
    const decoder = new PhotoDecoder(
      () => {
        const index = started.length;
        started.push(0);
        return new InProcessWorker<PhotoRequests>({
          decode: () =>
            new Promise<DecodedPhoto>((resolve) => {
              started[index]!++;
              gates.push(() => resolve(decoded(index)));
            }),
        });
      },
      () => Promise.reject(new Error('not in place')),
      null,
      () => Promise.resolve(1),
    );
    // One worker until the model's device allows more: both photos go to it.
    const photos = ['a', 'b'].map((name) => decoder.decode(request(`${name}.png`)));
    await vi.waitFor(() => expect(gates).toHaveLength(2));
    decoder.setWorkerLimit(2);
    photos.push(...['c', 'd'].map((name) => decoder.decode(request(`${name}.png`))));
    await vi.waitFor(() => expect(gates).toHaveLength(4));
    expect(started).toEqual([2, 2]);
    for (const open of gates) open();
    await expect(Promise.all(photos)).resolves.toHaveLength(4);
  });

  it('holds a photo back while those in other workers take up the pixel budget', async () => {
    const gates: Array<() => void> = [];
    const decoder = new PhotoDecoder(
      () =>
        new InProcessWorker<PhotoRequests>({
          decode: () => new Promise<DecodedPhoto>((resolve) => gates.push(() => resolve(decoded(1)))),
        }),
      () => Promise.reject(new Error('not in place')),
      null,
      () => Promise.resolve(60_000_000),
    );
    decoder.setWorkerLimit(4);
    const first = decoder.decode(request('a.jpg'));
    const second = decoder.decode(request('b.jpg'));
    await vi.waitFor(() => expect(gates).toHaveLength(1));
    await settle();
    expect(gates).toHaveLength(1);
    gates[0]!();
    await first;
    await vi.waitFor(() => expect(gates).toHaveLength(2));
    gates[1]!();
    await expect(second).resolves.toMatchObject({ width: 1 });
  });
});

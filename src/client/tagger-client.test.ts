import { describe, expect, it } from 'vitest';
import type { WorkerReply, WorkerRequest } from '../core/protocol';
import { TaggerClient, isAbortError } from './tagger-client';

/** Stands in for the model worker: records what it is sent and answers when the test says so. */
class FakeWorker extends EventTarget {
  readonly sent: WorkerRequest[] = [];
  terminated = false;
  postMessage(message: WorkerRequest): void {
    this.sent.push(message);
  }
  reply(reply: WorkerReply): void {
    this.dispatchEvent(Object.assign(new Event('message'), { data: reply }));
  }
  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
  terminate(): void {
    this.terminated = true;
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = new TaggerClient(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker as unknown as Worker;
  });
  return { client, workers };
}

describe('TaggerClient', () => {
  it('matches results to requests by id and passes events on', async () => {
    const { client, workers } = setup();
    const events: string[] = [];
    const first = client.addPhotos([], { onPhoto: (outcome) => events.push(outcome.photoId) });
    const second = client.stats();
    const [a, b] = workers[0]!.sent as Array<Extract<WorkerRequest, { kind: 'request' }>>;
    expect(a!.type).toBe('add-photos');
    expect(b!.type).toBe('stats');
    workers[0]!.reply({ kind: 'result', id: b!.id, type: 'stats', result: { imagesEncoded: 3, imagesFromCache: 0, promptsEncoded: 4 } });
    workers[0]!.reply({ kind: 'event', id: a!.id, type: 'add-photos', event: { photoId: 'p1', status: 'failed', error: { name: 'E', message: 'm' } } });
    workers[0]!.reply({ kind: 'result', id: a!.id, type: 'add-photos', result: { encoded: 0, failed: 1 } });
    await expect(second).resolves.toEqual({ imagesEncoded: 3, imagesFromCache: 0, promptsEncoded: 4 });
    await expect(first).resolves.toEqual({ encoded: 0, failed: 1 });
    expect(events).toEqual(['p1']);
  });

  it('rejects with a named error the worker reported', async () => {
    const { client, workers } = setup();
    const pending = client.stats();
    workers[0]!.reply({ kind: 'error', id: 1, error: { name: 'ModelNotFoundError', message: 'no such model' } });
    await expect(pending).rejects.toMatchObject({ name: 'ModelNotFoundError', message: 'no such model' });
  });

  it('sends cancel on abort, rejects with AbortError and ignores late replies', async () => {
    const { client, workers } = setup();
    const controller = new AbortController();
    const pending = client.setRanking({ key: 'k', labels: [{ label: 'dog', prompts: ['a photo of a dog.'] }], mode: 'pick-one' }, { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    expect(isAbortError(error)).toBe(true);
    expect(workers[0]!.sent.at(-1)).toEqual({ kind: 'cancel', id: 1 });
    expect(() =>
      workers[0]!.reply({ kind: 'result', id: 1, type: 'set-labels', result: { key: 'k', labelCount: 0, photoIds: [], probabilities: new Float32Array() } }),
    ).not.toThrow();
  });

  it('fails every pending call when the worker crashes, then starts a fresh worker', async () => {
    const { client, workers } = setup();
    const pending = client.stats();
    workers[0]!.crash('out of memory');
    await expect(pending).rejects.toMatchObject({ name: 'WorkerCrashedError', message: expect.stringContaining('out of memory') });
    expect(workers[0]!.terminated).toBe(true);
    void client.stats();
    expect(workers).toHaveLength(2);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { Deferred, settle } from '../testing/async';
import { FakeLocks } from '../testing/fake-locks';
import { InProcessWorker } from '../testing/in-process-worker';
import { ErrorNames, isAbortError, throwIfAborted } from './errors';
import { RpcClient, transfer, type Handlers, type RpcReply, type WorkerPort } from './rpc';

interface TestRequests {
  echo: { params: { text: string }; event: never; result: string };
  count: { params: { to: number }; event: number; result: 'done' };
  wait: { params: Record<string, never>; event: string; result: string };
  fail: { params: { name: string }; event: never; result: never };
  buffer: { params: { values: Float32Array }; event: never; result: Float32Array };
}

/** Handlers whose `wait` request runs until the test releases it, reporting what its signal saw. */
function testHandlers() {
  const release = new Deferred();
  const seen = { waitAborted: false, kept: null as Float32Array | null, receivedLength: 0 };
  const handlers: Handlers<TestRequests> = {
    echo: ({ text }) => `echo: ${text}`,
    count: ({ to }, { emit }) => {
      for (let n = 1; n <= to; n++) emit(n);
      return 'done';
    },
    wait: async (_params, { signal, emit }) => {
      emit('started');
      await release.promise;
      seen.waitAborted = signal.aborted;
      emit('late event');
      throwIfAborted(signal);
      return 'finished';
    },
    fail: ({ name }) => {
      throw Object.assign(new Error(`The photo ${name} could not be read.`), { name });
    },
    buffer: ({ values }) => {
      seen.receivedLength = values.length;
      seen.kept = values.map((value) => value * 2);
      return transfer(seen.kept, [seen.kept.buffer]);
    },
  };
  return { handlers, release, seen };
}

/** A client over in-process workers; with `locks`, it watches them as it watches workers in a browser. */
function setup(locks: FakeLocks | null = null) {
  const { handlers, release, seen } = testHandlers();
  const workers: InProcessWorker<TestRequests>[] = [];
  const client = new RpcClient<TestRequests>(
    () => {
      const worker = new InProcessWorker<TestRequests>(handlers, locks);
      workers.push(worker);
      return worker;
    },
    { workerName: 'The test worker', whatToDo: 'Try again.' },
    locks,
  );
  return { client, workers, release, seen };
}

describe('RpcClient and serve', () => {
  it('matches each result to its request in any order, and streams events to their caller', async () => {
    const { client, release } = setup();
    const waitEvents: string[] = [];
    const countEvents: number[] = [];
    const waiting = client.call('wait', {}, { onEvent: (event) => waitEvents.push(event) });
    const counted = client.call('count', { to: 3 }, { onEvent: (event) => countEvents.push(event) });
    await expect(client.call('echo', { text: 'hi' })).resolves.toBe('echo: hi');
    await expect(counted).resolves.toBe('done');
    expect(countEvents).toEqual([1, 2, 3]);
    release.resolve();
    await expect(waiting).resolves.toBe('finished');
    expect(waitEvents).toEqual(['started', 'late event']);
  });

  it('rejects with an error of the name and message the worker threw', async () => {
    const { client } = setup();
    const error = await client.call('fail', { name: ErrorNames.notAnImage }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: ErrorNames.notAnImage,
      message: `The photo ${ErrorNames.notAnImage} could not be read.`,
    });
    expect(isAbortError(await client.call('fail', { name: ErrorNames.abort }).catch((caught: unknown) => caught))).toBe(
      true,
    );
  });

  it('moves transferred buffers instead of copying them, both ways', async () => {
    const { client, seen } = setup();
    const values = new Float32Array([1, 2, 3]);
    const doubled = await client.call('buffer', { values }, { transfer: [values.buffer] });
    expect(values.length).toBe(0); // Detached on this side: it was moved.
    expect(seen.receivedLength).toBe(3);
    expect(Array.from(doubled)).toEqual([2, 4, 6]);
    expect(seen.kept!.length).toBe(0);
  });

  it("cancels by signal: AbortError at once for the caller, its handler's signal aborted, the worker alive", async () => {
    const { client, workers, release, seen } = setup();
    const controller = new AbortController();
    const onEvent = vi.fn();
    const waiting = client.call('wait', {}, { signal: controller.signal, onEvent });
    // Waited for, not timed: on a busy machine the event can take longer than a few milliseconds.
    await vi.waitFor(() => expect(onEvent).toHaveBeenCalledWith('started'));
    const replies: RpcReply<TestRequests>[] = [];
    workers[0]!.addEventListener('message', (message) =>
      replies.push((message as MessageEvent<RpcReply<TestRequests>>).data),
    );
    controller.abort();
    expect(isAbortError(await waiting.catch((caught: unknown) => caught))).toBe(true);
    await settle(); // The cancel message crosses to the worker.
    release.resolve();
    await settle();
    expect(seen.waitAborted).toBe(true);
    expect(onEvent).toHaveBeenCalledTimes(1);
    // The handler's events after the cancel are not even sent; its AbortError still settles the id.
    expect(replies).toEqual([
      { kind: 'error', id: 1, error: { name: ErrorNames.abort, message: 'The request was cancelled.' } },
    ]);
    expect(workers[0]!.terminated).toBe(false);
    expect(workers[0]!.received.at(-1)).toEqual({ kind: 'cancel', id: 1 });
    await expect(client.call('echo', { text: 'still here' })).resolves.toBe('echo: still here');
  });

  it('sends nothing for a call whose signal is already aborted', async () => {
    const { client, workers } = setup();
    const controller = new AbortController();
    controller.abort();
    expect(
      isAbortError(
        await client.call('echo', { text: 'x' }, { signal: controller.signal }).catch((caught: unknown) => caught),
      ),
    ).toBe(true);
    expect(workers.flatMap((worker) => worker.received)).toEqual([]);
  });

  it('fails every pending call when the worker dies, saying which and what to do, then starts afresh', async () => {
    const { client, workers } = setup();
    const first = client.call('wait', {});
    const second = client.call('wait', {});
    await settle();
    workers[0]!.crash('out of memory');
    for (const pending of [first, second]) {
      await expect(pending).rejects.toMatchObject({
        name: ErrorNames.workerCrashed,
        message: 'The test worker stopped (out of memory). Try again.',
      });
    }
    expect(workers[0]!.terminated).toBe(true);
    await expect(client.call('echo', { text: 'again' })).resolves.toBe('echo: again');
    expect(workers).toHaveLength(2);
  });

  it('notices a worker that ends without an error event, fails what was pending, then starts afresh', async () => {
    const locks = new FakeLocks();
    const { client, workers } = setup(locks);
    const first = client.call('wait', {});
    const second = client.call('wait', {});
    await vi.waitFor(() => expect(locks.waiting()).toBe(1)); // The client watches the worker's lock.
    workers[0]!.exitSilently();
    const failures = await Promise.all([first, second].map((pending) => pending.catch((error: unknown) => error)));
    expect(failures[0]).toMatchObject({
      name: ErrorNames.workerCrashed,
      message: 'The test worker stopped (it ended without an error). Try again.',
    });
    // One error for all: whoever handles it can tell it is the same crash.
    expect(failures[1]).toBe(failures[0]);
    await expect(client.call('echo', { text: 'again' })).resolves.toBe('echo: again');
    expect(workers).toHaveLength(2);
  });

  it('does not report a worker it ended itself, nor one that is only busy', async () => {
    const { client, workers, release } = setup(new FakeLocks());
    const waiting = client.call('wait', {});
    await settle();
    await settle(); // Long enough for a lock freed by an ended worker to be granted.
    release.resolve();
    await expect(waiting).resolves.toBe('finished');
    const late = client.call('wait', {});
    client.dispose();
    expect(isAbortError(await late.catch((error: unknown) => error))).toBe(true);
    await settle();
    expect(workers[0]!.terminated).toBe(true);
    await expect(client.call('echo', { text: 'next' })).resolves.toBe('echo: next');
  });

  it('rejects with the reason when the worker cannot start', async () => {
    const client = new RpcClient<TestRequests>(
      () => {
        throw new Error('Workers are not supported here.');
      },
      { workerName: 'The test worker', whatToDo: 'Try again.' },
    );
    await expect(client.call('echo', { text: 'x' })).rejects.toThrow('Workers are not supported here.');
  });

  it('dispose ends the worker and fails what was pending with AbortError', async () => {
    const { client, workers } = setup();
    const pending = client.call('wait', {});
    client.dispose();
    expect(isAbortError(await pending.catch((caught: unknown) => caught))).toBe(true);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('ignores replies for calls it has given up on, and for ids it never sent', async () => {
    const listeners: ((event: Event) => void)[] = [];
    const worker: WorkerPort = {
      postMessage: () => {},
      addEventListener: (type, listener) => {
        if (type === 'message') listeners.push(listener);
      },
      terminate: () => {},
    };
    const reply = (data: RpcReply<TestRequests>) =>
      listeners.forEach((listener) => listener(new MessageEvent('message', { data })));
    const client = new RpcClient<TestRequests>(() => worker, { workerName: 'The test worker', whatToDo: 'Try again.' });
    const controller = new AbortController();
    const onEvent = vi.fn();
    const cancelled = client.call('count', { to: 1 }, { signal: controller.signal, onEvent });
    const live = client.call('echo', { text: 'x' });
    controller.abort();
    await cancelled.catch(() => undefined);
    reply({ kind: 'event', id: 1, event: 1 });
    reply({ kind: 'result', id: 1, result: 'done' });
    reply({ kind: 'result', id: 99, result: 'stray' });
    reply({ kind: 'result', id: 2, result: 'echo: x' });
    expect(onEvent).not.toHaveBeenCalled();
    await expect(live).resolves.toBe('echo: x');
  });
});

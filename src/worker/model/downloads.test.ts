import { afterEach, describe, expect, it, vi } from 'vitest';
import { DownloadInterruptedError, DownloadStalledError, DownloadWatch } from './downloads';

const source = { host: 'http://127.0.0.1:1/', pathTemplate: '{model}/resolve/{revision}/' };
const url = 'http://127.0.0.1:1/cliptag/toy-clip/resolve/main/onnx/vision_model.onnx';

/** A fetch whose body sends `first`, then does what `then` says: end, wait for ever, or fail. */
function serving(first: Uint8Array, then: 'end' | 'stall' | 'cut') {
  return vi.fn((_input: string | URL, init?: RequestInit) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(first);
        if (then === 'end') controller.close();
        init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason));
      },
      pull(controller) {
        if (then === 'cut') controller.error(new TypeError('network error'));
      },
    });
    return Promise.resolve(new Response(body, { status: 200 }));
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('DownloadWatch', () => {
  it('passes a download through and notes that the host answered', async () => {
    vi.stubGlobal('fetch', serving(new Uint8Array([1, 2, 3]), 'end'));
    const watch = new DownloadWatch(source, 'cliptag/toy-clip', new AbortController().signal, 1000);
    const response = await watch.fetch(url);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(watch.hostAnswered).toBe(true);
  });

  it('stops a download that goes quiet, naming the file', async () => {
    vi.stubGlobal('fetch', serving(new Uint8Array([1]), 'stall'));
    const watch = new DownloadWatch(source, 'cliptag/toy-clip', new AbortController().signal, 50);
    const response = await watch.fetch(url);
    const error = await response.arrayBuffer().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DownloadStalledError);
    expect(error).toMatchObject({
      message: expect.stringContaining('The download of onnx/vision_model.onnx from 127.0.0.1:1 stalled') as unknown,
    });
  });

  it('tells a connection cut half way from a host that was never reached', async () => {
    vi.stubGlobal('fetch', serving(new Uint8Array([1]), 'cut'));
    const watch = new DownloadWatch(source, 'cliptag/toy-clip', new AbortController().signal, 1000);
    const error = await (await watch.fetch(url)).arrayBuffer().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect(error).toMatchObject({
      message: expect.stringContaining('broke off while downloading onnx/vision_model.onnx') as unknown,
    });
  });

  it('remembers an error the host answered with, but not a file it does not have', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('', { status: 404 })));
    const watch = new DownloadWatch(source, 'cliptag/toy-clip', new AbortController().signal, 1000);
    await watch.fetch(url);
    expect(watch.hostError).toBeNull();
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('', { status: 503, statusText: 'Service Unavailable' })));
    await watch.fetch(url);
    expect(watch.hostError).toEqual({
      file: 'onnx/vision_model.onnx',
      url,
      status: 503,
      statusText: 'Service Unavailable',
    });
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { modelFileUrl } from '../../core/source';
import { modelFileCache } from './checked-cache';

const source = { host: 'http://127.0.0.1:1/', pathTemplate: '{model}/resolve/{revision}/' };
const model = 'cliptag/toy-clip';
const urlOf = (file: string) => modelFileUrl(source, model, file);
const config = readFileSync(new URL('../../../fixtures/models/cliptag/toy-clip/config.json', import.meta.url));
const SIGN_IN_PAGE = '<!doctype html><p>Please sign in</p>';

/** Cache Storage with one cache, as much of it as the model cache uses. */
class FakeCache {
  readonly entries = new Map<string, ArrayBuffer>();
  match(url: string): Promise<Response | undefined> {
    const bytes = this.entries.get(url);
    return Promise.resolve(bytes ? new Response(bytes.slice(0)) : undefined);
  }
  async put(url: string, response: Response): Promise<void> {
    this.entries.set(url, await response.arrayBuffer());
  }
  delete(url: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(url));
  }
}

let cache: FakeCache;
beforeEach(() => {
  cache = new FakeCache();
  vi.stubGlobal('caches', { open: () => Promise.resolve(cache) });
  modelFileCache.beginLoad();
});
afterEach(() => vi.unstubAllGlobals());

describe('the model file cache', () => {
  it('keeps a file that is what its name says, and turns away one that is not', async () => {
    await modelFileCache.put(urlOf('config.json'), new Response(config));
    expect(await (await modelFileCache.match(urlOf('config.json')))?.text()).toBe(config.toString());
    await expect(modelFileCache.put(urlOf('tokenizer.json'), new Response(SIGN_IN_PAGE))).rejects.toThrow(
      'is a web page',
    );
    expect(cache.entries.has(urlOf('tokenizer.json'))).toBe(false);
  });

  it('after a failed load, forgets every kept file of the model and names the first that was damaged', async () => {
    await modelFileCache.put(urlOf('config.json'), new Response(config));
    const other = modelFileUrl(source, 'cliptag/other', 'config.json');
    await modelFileCache.put(other, new Response(config));
    // As an older version, which checked nothing, would have kept them.
    cache.entries.set(urlOf('onnx/text_model_quantized.onnx'), new Uint8Array([0x08]).buffer);
    cache.entries.set(urlOf('onnx/vision_model.onnx'), new TextEncoder().encode(SIGN_IN_PAGE).buffer);

    await expect(modelFileCache.evictModel(source, model)).resolves.toMatchObject({
      file: 'onnx/vision_model.onnx',
      problem: expect.stringMatching(/^is a web page/) as unknown,
    });
    expect([...cache.entries.keys()]).toEqual([other]);
  });

  it('names a file turned away during this load, though it was never kept', async () => {
    await modelFileCache.put(urlOf('config.json'), new Response(SIGN_IN_PAGE)).catch(() => undefined);
    await expect(modelFileCache.evictModel(source, model)).resolves.toMatchObject({ file: 'config.json' });
    modelFileCache.beginLoad();
    await expect(modelFileCache.evictModel(source, model)).resolves.toBeNull();
  });
});

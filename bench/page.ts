/**
 * The benchmark page: the app's own client and worker, the library's pipeline and bare ORT, driven
 * step by step from bench.spec.ts through `window.bench`. Each step measures itself with
 * performance.now(), so Playwright's own round trips never count.
 */
import { TaggerClient } from '../src/client/tagger-client';
import { messageOf } from '../src/core/errors';
import type { ModelInfo } from '../src/core/protocol';
import { RpcClient } from '../src/core/rpc';
import { buildRankingRequest } from '../src/core/prompts';
import type { ScoringMode } from '../src/core/scoring';
import type { BenchRequest, BenchRequests, ModelUnderTest } from './jobs';

const photos = new Map<string, Blob>();

function photoBlobs(urls: readonly string[]): Blob[] {
  return urls.map((url) => {
    const blob = photos.get(url);
    if (!blob) throw new Error(`${url} was not fetched before the step that uses it.`);
    return blob;
  });
}

let tagger: TaggerClient | null = null;

function openTagger(): TaggerClient {
  if (!tagger) throw new Error('Open the tagger first.');
  return tagger;
}

const bench = {
  /** Holds the photos in memory first, as a drop does, so no step times the network. */
  async fetchPhotos(urls: readonly string[]): Promise<number> {
    await Promise.all(
      urls.map(async (url) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        photos.set(url, await response.blob());
      }),
    );
    return photos.size;
  },

  /** Starts the app's worker on a model and dtype; the time includes reading it from Cache Storage or the host. */
  async openTagger(target: ModelUnderTest): Promise<{ ms: number; info: ModelInfo }> {
    tagger?.dispose();
    tagger = new TaggerClient(
      () => new Worker(new URL('../src/worker/model/model-worker.ts', import.meta.url), { type: 'module' }),
    );
    const start = performance.now();
    const info = await tagger.load({
      model: target.model,
      source: target.source,
      devicePreference: 'wasm',
      dtype: target.dtype,
    });
    return { ms: performance.now() - start, info };
  },

  /** Ranks every photo against labels, encoding the prompts not seen before. */
  async rank(
    labels: readonly string[],
    template: string,
    mode: ScoringMode,
  ): Promise<{ ms: number; photos: number; promptsEncoded: number }> {
    const client = openTagger();
    const before = await client.stats();
    const request = buildRankingRequest(labels, { templates: [template], promptMode: 'single', scoringMode: mode });
    const start = performance.now();
    const snapshot = await client.rank(request);
    const ms = performance.now() - start;
    const after = await client.stats();
    if (snapshot.probabilities.length !== snapshot.photoIds.length * labels.length)
      throw new Error('The ranking has the wrong size.');
    return { ms, photos: snapshot.photoIds.length, promptsEncoded: after.promptsEncoded - before.promptsEncoded };
  },

  /** Adds photos and waits until every one is ranked: decode, preprocess, encode and rank, end to end. */
  async addPhotos(
    urls: readonly string[],
  ): Promise<{ ms: number; ranked: number; imagesEncoded: number; imagesFromCache: number }> {
    const client = openTagger();
    const files = photoBlobs(urls);
    const before = await client.stats();
    let ranked = 0;
    const start = performance.now();
    const result = await client.addPhotos(
      files.map((file, index) => ({ photoId: `${index}:${urls[index]}`, file, name: urls[index]! })),
      { onPhoto: (outcome) => (ranked += outcome.status === 'encoded' && outcome.ranking ? 1 : 0) },
    );
    const ms = performance.now() - start;
    const after = await client.stats();
    if (result.failed > 0) throw new Error(`${result.failed} photos failed to encode.`);
    return {
      ms,
      ranked,
      imagesEncoded: after.imagesEncoded - before.imagesEncoded,
      imagesFromCache: after.imagesFromCache - before.imagesFromCache,
    };
  },

  closeTagger(): void {
    tagger?.dispose();
    tagger = null;
  },

  /** Runs one measurement in a fresh worker, which is stopped afterwards so its memory goes. */
  async run<K extends keyof BenchRequests>(
    job: Extract<BenchRequest, { kind: K }>,
  ): Promise<BenchRequests[K]['result']> {
    const request: BenchRequest = job;
    const params = request.kind === 'gemm' ? request : { ...request, photos: photoBlobs(request.photos) };
    const worker = new RpcClient<BenchRequests>(
      () => new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module' }),
      { workerName: 'The benchmark worker', whatToDo: 'See the browser console.' },
    );
    try {
      return await worker.call(job.kind, params);
    } catch (error) {
      throw new Error(`${job.kind}: ${messageOf(error)}`, { cause: error });
    } finally {
      worker.dispose();
    }
  },
};

export type BenchPage = typeof bench;

declare global {
  interface Window {
    bench: BenchPage;
  }
}
window.bench = bench;
document.body.dataset.ready = 'true';

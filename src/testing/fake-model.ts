/**
 * A model worker's services for unit tests, with a CLIP that can only tell colours apart: a "photo" is
 * a file whose text names a colour, and every embedding is that colour's axis. Each stage can be held
 * on a gate, so tests can act while a photo is being decoded or encoded, or a model is loading.
 */
import { imageBatchLimit, type DeviceChoice } from '../core/device';
import type { ImagePreprocessing } from '../core/preprocess';
import type { DownloadProgress } from '../core/progress';
import type { LoadParams, ModelInfo } from '../core/protocol';
import type { DecodeRequest, DecodedPhoto } from '../worker/photo/protocol';
import type { EmbeddingCache, Encoders, TaggerServices } from '../worker/model/tagger';
import { Deferred } from './async';

export const COLOURS = ['red', 'green', 'blue', 'yellow'] as const;
const DIM = COLOURS.length;

/** A photo of one colour; `variant` makes other bytes of the same colour, as another shot of it would be. */
export function colourPhoto(colour: string, name = `${colour}.png`, variant = ''): File {
  return new File([variant ? `${colour}#${variant}` : colour], name, { type: 'image/png' });
}

const PREPROCESSING: ImagePreprocessing = {
  resize: null,
  crop: { width: 1, height: DIM },
  rescaleFactor: 1 / 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
};

/** The unit vector along one colour's axis. */
export function axis(index: number): Float32Array {
  const vector = new Float32Array(DIM);
  vector[index] = 1;
  return vector;
}

/** A prompt naming a colour points along it; any other prompt points evenly between all of them. */
function textEmbedding(prompt: string): Float32Array {
  const index = COLOURS.findIndex((colour) => prompt.includes(colour));
  return index >= 0 ? axis(index) : new Float32Array(DIM).fill(1 / Math.sqrt(DIM));
}

export class FakeEncoders implements Encoders {
  readonly preprocessing = PREPROCESSING;
  readonly encodedPrompts: string[] = [];
  imagesEncoded = 0;
  /** Photos per vision-encoder run, run by run. */
  readonly imageRuns: number[] = [];
  /** When set, every image run waits for it. */
  imageGate: Deferred | null = null;
  /** When set, every text run waits for it. */
  textGate: Deferred | null = null;
  disposed = false;

  /** A CLIP this small fits any batch: the device alone decides. */
  readonly imageBatchLimit: number;

  constructor(readonly info: ModelInfo) {
    this.imageBatchLimit = imageBatchLimit(info.device, 0);
  }

  async encodeTexts(prompts: readonly string[]): Promise<Float32Array> {
    this.encodedPrompts.push(...prompts);
    await this.textGate?.promise;
    const rows = new Float32Array(prompts.length * DIM);
    prompts.forEach((prompt, row) => rows.set(textEmbedding(prompt), row * DIM));
    return rows;
  }

  async encodeImages(pixelValues: readonly Float32Array[]): Promise<Float32Array> {
    this.imageRuns.push(pixelValues.length);
    await this.imageGate?.promise;
    this.imagesEncoded += pixelValues.length;
    const rows = new Float32Array(pixelValues.length * DIM);
    pixelValues.forEach((pixels, row) => rows.set(pixels, row * DIM));
    return rows;
  }

  dispose(): Promise<void> {
    this.disposed = true;
    return Promise.resolve();
  }
}

const NODE_WASM: DeviceChoice = { kind: 'wasm', threads: 1, whyNotWebGpu: 'the tests run in Node' };

export function fakeModelInfo(
  model: string,
  family: ModelInfo['family'] = 'clip',
  device = NODE_WASM,
  logitScale = 100,
): ModelInfo {
  return {
    model,
    family,
    dtype: 'fp32',
    device,
    logitScale,
    logitBias: family === 'siglip' ? -10 : 0,
    embeddingDim: DIM,
  };
}

/** An in-memory embedding store, as the app's is when IndexedDB is off. */
export class MemoryEmbeddings implements EmbeddingCache {
  readonly entries = new Map<string, Float32Array>();
  /** What the store says of itself: the app's keeps embeddings across visits unless IndexedDB is blocked. */
  keptAcrossVisits = true;
  get(model: string, dtype: string, hash: string): Promise<Float32Array | undefined> {
    return Promise.resolve(this.entries.get(`${model}|${dtype}|${hash}`));
  }
  put(model: string, dtype: string, hash: string, embedding: Float32Array): Promise<void> {
    this.entries.set(`${model}|${dtype}|${hash}`, embedding);
    return Promise.resolve();
  }
  keptForLater(): Promise<boolean> {
    return Promise.resolve(this.keptAcrossVisits);
  }
  clear(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }
}

/** A load the test holds open, with the signal that says whether its downloads were stopped. */
export interface HeldLoad {
  params: LoadParams;
  downloads: AbortSignal;
  gate: Deferred;
}

/** The services a Tagger gets in the worker, faked: loads, decodes and hashes the tests can watch and hold. */
export class FakeServices implements TaggerServices {
  readonly embeddings = new MemoryEmbeddings();
  readonly loaded: FakeEncoders[] = [];
  readonly loads: HeldLoad[] = [];
  /** Names of the photos decoded, in order, and whether pixels were asked for. */
  readonly decoded: { name: string; withPixels: boolean }[] = [];
  /** When set, loads wait until the test resolves their gate. */
  holdLoads = false;
  /** When set, every decode waits for it. */
  decodeGate: Deferred | null = null;
  family: ModelInfo['family'] = 'clip';
  device: DeviceChoice = NODE_WASM;
  /** 100 makes every colour certain; a real model's tags are less sure than that. */
  logitScale = 100;
  /** Colours this model takes for others (a worse model, for comparisons): a photo's colour, and what it sees. */
  seenAs: Partial<Record<string, string>> = {};

  async loadEncoders(
    params: LoadParams,
    downloads: AbortSignal,
    onProgress: (progress: DownloadProgress) => void,
  ): Promise<Encoders> {
    const gate = new Deferred();
    this.loads.push({ params, downloads, gate });
    onProgress({ loaded: 0, total: 100 });
    if (!this.holdLoads) gate.resolve();
    await gate.promise;
    // What a fetch does when its signal is aborted.
    if (downloads.aborted) throw new TypeError('Failed to fetch');
    const encoders = new FakeEncoders(fakeModelInfo(params.model, this.family, this.device, this.logitScale));
    this.loaded.push(encoders);
    return encoders;
  }

  async decodePhoto(request: DecodeRequest): Promise<DecodedPhoto> {
    this.decoded.push({ name: request.name, withPixels: request.withPixels });
    await this.decodeGate?.promise;
    const text = await request.file.text();
    const colourOfPhoto = text.split('#')[0]!;
    const index = COLOURS.findIndex((colour) => colour === (this.seenAs[colourOfPhoto] ?? colourOfPhoto));
    if (index < 0) throw Object.assign(new Error(`${request.name} is not an image.`), { name: 'NotAnImageError' });
    return {
      thumbnail: new Blob([text]),
      width: 1,
      height: DIM,
      pixelValues: request.withPixels ? axis(index) : null,
      steps: { decode: 0, read: 0, resize: 0, thumbnail: 0 },
    };
  }

  async contentHash(file: Blob): Promise<string> {
    return file.text();
  }

  /** The encoders of the model loaded last. */
  get current(): FakeEncoders {
    const last = this.loaded.at(-1);
    if (!last) throw new Error('No model was loaded.');
    return last;
  }
}

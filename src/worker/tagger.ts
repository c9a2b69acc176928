import type { DownloadProgress } from '../core/progress';
import {
  ErrorNames,
  type EncoderStats,
  type ErrorInfo,
  type LoadParams,
  type ModelInfo,
  type ModelInput,
  type PhotoInput,
  type PhotoOutcome,
  type PhotoRanking,
  type PromptProgress,
  type RankingRequest,
  type RankingSnapshot,
} from '../core/protocol';
import { ensembleEmbeddings } from '../core/ensemble';
import { NEUTRAL_PROMPTS, sigmoidProbabilities, taggingProbabilities, zeroShotProbabilities } from '../core/scoring';
import { ClipEncoders } from './clip-model';
import { EmbeddingStore, contentHash } from './embedding-store';
import { PhotoPreparer } from './photo-preparer';
import { messageOf } from './device';

/** Photos being decoded ahead of the encoder: enough that the photo worker never waits for the next. */
const DECODE_AHEAD = 2;

/** Prompts per text-encoder run: large enough to amortise the run, small enough to stay responsive. */
const TEXT_BATCH = 32;

export class AbortError extends Error {
  override name = ErrorNames.abort;
  constructor() {
    super('The request was cancelled.');
  }
}

/**
 * A photo decoded, thumbnailed and either found in the embedding store or preprocessed for the
 * encoder; or the reason it could not be.
 */
type PreparedPhoto =
  | {
      ok: true;
      photo: PhotoInput;
      hash: string;
      input: { embedding: Float32Array } | { pixelValues: Float32Array };
      thumbnail: Blob;
      width: number;
      height: number;
    }
  | { ok: false; photo: PhotoInput; error: ErrorInfo };

/**
 * The worker's state: the loaded model, every photo's embedding and every prompt's embedding, so that
 * editing labels costs only the new prompts plus one matrix product, and no photo is encoded twice.
 */
export class Tagger {
  private encoders: ClipEncoders | null = null;
  private loadedKey = '';
  private readonly photoEmbeddings = new Map<string, Float32Array>();
  private readonly promptEmbeddings = new Map<string, Float32Array>();
  /** The ranking in force: its request, each label's ensembled embedding, and the neutral baseline. */
  private ranking: { request: RankingRequest; labelMatrix: Float32Array; neutral: Float32Array } | null = null;
  private readonly photoJobs = new Set<AbortController>();
  /** Photos waiting in a job; removing one before its turn means it is never encoded. */
  private readonly queued = new Set<string>();
  private readonly stats: EncoderStats = { imagesEncoded: 0, imagesFromCache: 0, promptsEncoded: 0 };
  private readonly photoDecoder = new PhotoPreparer();
  private readonly store = new EmbeddingStore();

  private pendingLoad: {
    key: string;
    promise: Promise<ModelInfo>;
    listeners: Set<(progress: DownloadProgress) => void>;
    downloads: AbortController;
  } | null = null;

  /**
   * Loads a model, once: a repeated request for the model being loaded waits for the same load, and a
   * request for another model stops the downloads of the one under way (a slow Hub download must not
   * hold up the built-in demo).
   */
  async load(params: LoadParams, onProgress: (progress: DownloadProgress) => void): Promise<ModelInfo> {
    const key = JSON.stringify([params.model, params.source, params.devicePreference, params.dtype]);
    if (this.pendingLoad?.key === key) {
      this.pendingLoad.listeners.add(onProgress);
      return this.pendingLoad.promise;
    }
    if (this.encoders && key === this.loadedKey) return this.encoders.info;
    this.pendingLoad?.downloads.abort();
    const previous = this.pendingLoad?.promise.catch(() => undefined);
    const listeners = new Set([onProgress]);
    const downloads = new AbortController();
    const promise = (async () => {
      await previous;
      return this.switchModel(params, key, downloads.signal, (progress) => listeners.forEach((listener) => listener(progress)));
    })();
    this.pendingLoad = { key, promise, listeners, downloads };
    try {
      return await promise;
    } finally {
      if (this.pendingLoad?.promise === promise) this.pendingLoad = null;
    }
  }

  private async switchModel(
    params: LoadParams,
    key: string,
    downloads: AbortSignal,
    onProgress: (progress: DownloadProgress) => void,
  ): Promise<ModelInfo> {
    // Embeddings belong to the model that made them: stop its work and forget them before switching.
    for (const job of this.photoJobs) job.abort();
    const previous = this.encoders;
    this.encoders = null;
    this.loadedKey = '';
    this.photoEmbeddings.clear();
    this.promptEmbeddings.clear();
    this.ranking = null;
    await previous?.dispose();
    this.encoders = await ClipEncoders.load(params, downloads, onProgress);
    this.loadedKey = key;
    return this.encoders.info;
  }

  /** Encodes photos in order, decoding the next ones in the photo worker while the current one runs through the encoder. */
  async addPhotos(
    photos: readonly PhotoInput[],
    signal: AbortSignal,
    onOutcome: (outcome: PhotoOutcome) => void,
  ): Promise<{ encoded: number; failed: number }> {
    const encoders = this.requireEncoders();
    const job = new AbortController();
    const stop = () => job.abort();
    signal.addEventListener('abort', stop);
    this.photoJobs.add(job);
    for (const photo of photos) this.queued.add(photo.photoId);
    let encoded = 0;
    let failed = 0;
    try {
      const upcoming = photos.values();
      const ahead: Promise<PreparedPhoto>[] = [];
      const nextQueued = () => {
        for (const photo of upcoming) if (this.queued.has(photo.photoId)) return photo;
        return undefined;
      };
      const decodeAhead = () => {
        while (ahead.length < DECODE_AHEAD && !job.signal.aborted) {
          const photo = nextQueued();
          if (!photo) return;
          ahead.push(this.preparePhoto(photo, encoders, true));
        }
      };
      decodeAhead();
      while (ahead.length > 0) {
        const prepared = await ahead.shift()!;
        decodeAhead();
        if (job.signal.aborted) throw new AbortError();
        const { photoId } = prepared.photo;
        if (!this.queued.has(photoId)) continue;
        if (!prepared.ok) {
          this.queued.delete(photoId);
          failed++;
          onOutcome({ photoId, status: 'failed', error: prepared.error });
          continue;
        }
        const embedding = await this.embeddingOf(prepared, encoders);
        if (job.signal.aborted) throw new AbortError();
        // A photo removed while it was being encoded is dropped, not stored.
        if (!this.queued.delete(photoId)) continue;
        this.photoEmbeddings.set(photoId, embedding);
        encoded++;
        onOutcome({
          photoId,
          status: 'encoded',
          thumbnail: prepared.thumbnail,
          width: prepared.width,
          height: prepared.height,
          ranking: this.rankOne(embedding),
        });
      }
      return { encoded, failed };
    } finally {
      signal.removeEventListener('abort', stop);
      this.photoJobs.delete(job);
      for (const photo of photos) this.queued.delete(photo.photoId);
    }
  }

  /**
   * Encodes the prompts not seen before (each prompt once per model), ensembles each label's prompts,
   * and ranks every encoded photo: switching templates or modes never encodes a photo again.
   */
  async setRanking(
    request: RankingRequest,
    signal: AbortSignal,
    onProgress: (progress: PromptProgress) => void,
  ): Promise<RankingSnapshot> {
    const encoders = this.requireEncoders();
    // CLIP's tagging compares each label with neutral prompts; SigLIP has its own calibrated sigmoid.
    const usesNeutral = request.mode === 'tag-all' && encoders.info.family === 'clip';
    const needed = [...request.labels.flatMap((label) => label.prompts), ...(usesNeutral ? NEUTRAL_PROMPTS : [])];
    const missing = [...new Set(needed)].filter((prompt) => !this.promptEmbeddings.has(prompt));
    const dim = encoders.info.embeddingDim;
    for (let start = 0; start < missing.length; start += TEXT_BATCH) {
      if (signal.aborted) throw new AbortError();
      const batch = missing.slice(start, start + TEXT_BATCH);
      const embeddings = await encoders.encodeTexts(batch);
      this.stats.promptsEncoded += batch.length;
      batch.forEach((prompt, row) => this.promptEmbeddings.set(prompt, embeddings.slice(row * dim, (row + 1) * dim)));
      onProgress({ encoded: Math.min(start + TEXT_BATCH, missing.length), total: missing.length });
    }
    if (signal.aborted || this.encoders !== encoders) throw new AbortError();
    this.ranking = {
      request,
      labelMatrix: this.ensemble(request.labels.map((label) => label.prompts), dim),
      neutral: usesNeutral ? this.ensemble([NEUTRAL_PROMPTS], dim) : new Float32Array(0),
    };
    return this.rankAll();
  }

  private ensemble(promptLists: readonly (readonly string[])[], dim: number): Float32Array {
    const rows: number[][] = [];
    const flat: Float32Array[] = [];
    for (const prompts of promptLists) {
      rows.push(prompts.map((prompt) => flat.push(this.promptEmbeddings.get(prompt)!) - 1));
    }
    const matrix = new Float32Array(flat.length * dim);
    flat.forEach((embedding, row) => matrix.set(embedding, row * dim));
    return ensembleEmbeddings(matrix, rows, dim);
  }

  /** The encoder's input for one photo, without encoding it: what the model sees. */
  async modelInput(photo: PhotoInput): Promise<ModelInput> {
    const encoders = this.requireEncoders();
    const prepared = await this.preparePhoto(photo, encoders, false);
    if (!prepared.ok) throw Object.assign(new Error(prepared.error.message), { name: prepared.error.name });
    if (!('pixelValues' in prepared.input)) throw new Error('Preprocessing was skipped for a cached photo.');
    const crop = encoders.preprocessing.crop!;
    return {
      width: crop.width,
      height: crop.height,
      decodedWidth: prepared.width,
      decodedHeight: prepared.height,
      pixelValues: prepared.input.pixelValues,
    };
  }

  removePhotos(photoIds: readonly string[]): void {
    for (const id of photoIds) {
      this.queued.delete(id);
      this.photoEmbeddings.delete(id);
    }
  }

  getStats(): EncoderStats {
    return { ...this.stats };
  }

  private rankAll(): RankingSnapshot {
    const encoders = this.requireEncoders();
    const dim = encoders.info.embeddingDim;
    const photoIds = [...this.photoEmbeddings.keys()];
    const images = new Float32Array(photoIds.length * dim);
    photoIds.forEach((id, row) => images.set(this.photoEmbeddings.get(id)!, row * dim));
    const labelCount = this.ranking?.request.labels.length ?? 0;
    return { key: this.ranking?.request.key ?? '', labelCount, photoIds, probabilities: this.score(images) };
  }

  private rankOne(embedding: Float32Array): PhotoRanking | null {
    if (!this.ranking) return null;
    return { key: this.ranking.request.key, probabilities: this.score(embedding) };
  }

  /** Photos x labels probabilities under the ranking in force. */
  private score(images: Float32Array): Float32Array {
    if (!this.ranking || this.ranking.request.labels.length === 0 || !this.encoders) return new Float32Array(0);
    const { embeddingDim, logitScale, logitBias, family } = this.encoders.info;
    const { request, labelMatrix, neutral } = this.ranking;
    if (request.mode === 'pick-one') return zeroShotProbabilities(images, labelMatrix, embeddingDim, logitScale);
    return family === 'siglip'
      ? sigmoidProbabilities(images, labelMatrix, embeddingDim, logitScale, logitBias)
      : taggingProbabilities(images, labelMatrix, neutral, embeddingDim, logitScale);
  }

  private requireEncoders(): ClipEncoders {
    if (!this.encoders) throw new Error('No model is loaded yet: load one before adding photos or labels.');
    return this.encoders;
  }

  /**
   * Hashes a photo and has it decoded and thumbnailed; preprocessing is skipped when `useStore` is set
   * and the same bytes were encoded before under this model and dtype.
   */
  private async preparePhoto(photo: PhotoInput, encoders: ClipEncoders, useStore: boolean): Promise<PreparedPhoto> {
    const { model, dtype } = encoders.info;
    try {
      const hash = await contentHash(photo.file);
      const stored = useStore ? await this.store.get(model, dtype, hash) : undefined;
      const decoded = await this.photoDecoder.decode(photo.file, photo.name, encoders.preprocessing, !stored);
      const input = stored ? { embedding: stored } : { pixelValues: decoded.pixelValues! };
      return { ok: true, photo, hash, input, thumbnail: decoded.thumbnail, width: decoded.width, height: decoded.height };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      return { ok: false, photo, error: { name, message: messageOf(error) } };
    }
  }

  /** The photo's embedding: from the store, or from the encoder and then kept in the store. */
  private async embeddingOf(prepared: Extract<PreparedPhoto, { ok: true }>, encoders: ClipEncoders): Promise<Float32Array> {
    const { model, dtype } = encoders.info;
    // Checked again here: the same bytes may have been encoded since this photo was prepared.
    const stored = 'embedding' in prepared.input ? prepared.input.embedding : await this.store.get(model, dtype, prepared.hash);
    if (stored) {
      this.stats.imagesFromCache++;
      return stored;
    }
    if (!('pixelValues' in prepared.input)) throw new Error('A cached embedding vanished.');
    const embedding = await encoders.encodeImages([prepared.input.pixelValues]);
    this.stats.imagesEncoded++;
    await this.store.put(model, dtype, prepared.hash, embedding);
    return embedding;
  }
}

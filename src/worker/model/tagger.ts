import { ensembleEmbeddings } from '../../core/ensemble';
import type { Dtype } from '../../core/device';
import {
  AbortError,
  abortable,
  fromErrorRecord,
  throwIfAborted,
  toErrorRecord,
  type ErrorRecord,
} from '../../core/errors';
import { inputSize, type ImagePreprocessing } from '../../core/preprocess';
import type { DownloadProgress } from '../../core/progress';
import { evaluate, type EvaluationReport } from '../../core/evaluation';
import type {
  EncoderStats,
  EvaluationRequest,
  LabelPrompts,
  LoadParams,
  ModelInfo,
  ModelInput,
  PhotoInput,
  PhotoOutcome,
  PhotoRanking,
  PhotosAdded,
  PromptProgress,
  RankingRequest,
  RankingSnapshot,
  RestoredPhoto,
  SearchResult,
} from '../../core/protocol';
import { measureStartupStep, timeStartupStep } from '../../core/startup-timing';
import { multiplyByTranspose, softmaxRows } from '../../core/vectors';
import {
  PROBE_REGULARISATION,
  classifierLogits,
  trainLinearProbe,
  zeroShotWeights,
  type LabelledEmbedding,
} from '../../core/few-shot';
import { NEUTRAL_PROMPTS, zeroShotProbabilities } from '../../core/scoring';
import {
  TAGGING_REGULARISATION,
  taggingPrior,
  taggingProbabilitiesFrom,
  trainTaggingProbe,
  type TaggingWeights,
} from '../../core/tagging-probe';
import type { DecodeRequest, DecodedPhoto } from '../photo/protocol';

/** Photos being decoded ahead of the encoder: enough that the photo worker never waits for the next. */
const DECODE_AHEAD = 2;

/** Prompts per text-encoder run: large enough to amortise the run, small enough to stay responsive. */
const TEXT_BATCH = 32;

/**
 * Prompts per run while a provisional ranking is refined, one run between two of the photos' runs: a
 * photo waits for at most one (about 0.4 s for ten prompts of ViT-B/32 q8 on two threads).
 */
const REFINING_TEXT_BATCH = 10;

/** A promise that whoever holds `pass` settles. */
function newTurn(): { promise: Promise<void>; pass: () => void } {
  let pass = () => {};
  const promise = new Promise<void>((resolve) => (pass = resolve));
  return { promise, pass };
}

/** The request's examples of labels still in its set, by label index (examples of other labels wait). */
function labelledExamples(request: RankingRequest, info: ModelInfo): LabelledEmbedding[] {
  const index = new Map(request.labels.map((label, position) => [label.label, position]));
  return (request.examples ?? []).flatMap(({ label, embedding, negative }) => {
    const position = index.get(label);
    if (position === undefined || embedding.length !== info.embeddingDim) return [];
    return [{ embedding, label: position, negative }];
  });
}

/**
 * "Pick one" weights trained on the request's examples, started from and pulled toward zero-shot; null
 * without examples (zero-shot itself).
 */
function probeWeights(request: RankingRequest, labelMatrix: Float32Array, info: ModelInfo): Float32Array | null {
  // "Not X" means nothing with X as the only label: there is no other label to rank above it.
  const examples = labelledExamples(request, info).filter((example) => !example.negative || request.labels.length > 1);
  if (examples.length === 0) return null;
  const prior = zeroShotWeights(labelMatrix, info.logitScale);
  return trainLinearProbe(examples, prior, info.embeddingDim, PROBE_REGULARISATION).weights;
}

/**
 * "Tag all that apply" weights: the model's own rule (CLIP's neutral prompts, SigLIP's sigmoid), with each
 * label that has examples trained on them from and toward that rule.
 */
function taggingWeights(
  request: RankingRequest,
  labelMatrix: Float32Array,
  neutral: Float32Array,
  info: ModelInfo,
): TaggingWeights {
  const prior = taggingPrior(info, labelMatrix, neutral);
  const examples = labelledExamples(request, info);
  return examples.length === 0 ? prior : trainTaggingProbe(examples, prior, info.embeddingDim, TAGGING_REGULARISATION);
}

/** What the tagger needs of a loaded model (ClipEncoders in the app, a stand-in in unit tests). */
export interface Encoders {
  readonly info: ModelInfo;
  readonly preprocessing: ImagePreprocessing;
  /** Photos per vision-encoder run at most (core/device's imageBatchLimit). */
  readonly imageBatchLimit: number;
  /** Unit-length embeddings, one row per prompt. */
  encodeTexts(prompts: readonly string[]): Promise<Float32Array>;
  /** Unit-length embeddings, one row per photo's pixel values. */
  encodeImages(pixelValues: readonly Float32Array[]): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** Image embeddings kept by {model, dtype, content hash} (EmbeddingStore in the app). */
export interface EmbeddingCache {
  get(model: string, dtype: Dtype, hash: string): Promise<Float32Array | undefined>;
  put(model: string, dtype: Dtype, hash: string, embedding: Float32Array): Promise<void>;
  /** False where embeddings can be kept in memory only, for this visit. */
  keptForLater(): Promise<boolean>;
  /** Forgets every embedding kept, in memory and for later visits. */
  clear(): Promise<void>;
}

/** Everything outside the tagger's own logic, passed in so the logic can be tested without a browser. */
export interface TaggerServices {
  /** Loads a model; `downloads` is aborted when the load is no longer wanted. */
  loadEncoders(
    params: LoadParams,
    downloads: AbortSignal,
    onProgress: (progress: DownloadProgress) => void,
  ): Promise<Encoders>;
  decodePhoto(request: DecodeRequest, signal: AbortSignal): Promise<DecodedPhoto>;
  embeddings: EmbeddingCache;
  /** A digest of the file's bytes: the same photo gives the same hash, whatever its name. */
  contentHash(file: Blob): Promise<string>;
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
  | { ok: false; photo: PhotoInput; error: ErrorRecord };

type ReadyPhoto = Extract<PreparedPhoto, { ok: true }>;

/** A load under way, shared by every request for the same model until it settles. */
interface PendingLoad {
  key: string;
  promise: Promise<ModelInfo>;
  listeners: Set<(progress: DownloadProgress) => void>;
  downloads: AbortController;
  settled: boolean;
}

/**
 * The worker's state: the loaded model, every photo's embedding and every prompt's embedding, so that
 * editing labels costs only the new prompts plus one matrix product, and no photo is encoded twice.
 */
export class Tagger {
  private encoders: Encoders | null = null;
  private loadedKey = '';
  private pendingLoad: PendingLoad | null = null;
  private readonly photoEmbeddings = new Map<string, Float32Array>();
  private readonly promptEmbeddings = new Map<string, Float32Array>();
  /** Prompts being encoded now, and when their batch settles. */
  private readonly promptsInFlight = new Map<string, Promise<void>>();
  /**
   * The ranking in force: its request, each label's ensembled embedding, the probe learnt from examples
   * under pick one, and the tagging weights under tag all.
   */
  private ranking: {
    request: RankingRequest;
    labelMatrix: Float32Array;
    probe: Float32Array | null;
    tagging: TaggingWeights | null;
  } | null = null;
  private readonly photoJobs = new Set<AbortController>();
  /** Photos waiting in a job; removing one before its turn means it is never encoded. */
  private readonly queued = new Set<string>();
  /** Settles each time photos are done with the encoder (or given up), then is replaced. */
  private photoTurn = newTurn();
  private readonly stats: EncoderStats = { imagesEncoded: 0, imagesFromCache: 0, imageRuns: 0, promptsEncoded: 0 };

  constructor(private readonly services: TaggerServices) {}

  /**
   * Loads a model, once: a repeated request for the model being loaded waits for the same load, and a
   * request for another model stops the downloads of the one under way (a slow Hub download must not
   * hold up the built-in demo). When every caller of a load has cancelled, its downloads stop too.
   */
  async load(
    params: LoadParams,
    signal: AbortSignal,
    onProgress: (progress: DownloadProgress) => void,
  ): Promise<ModelInfo> {
    const key = JSON.stringify([params.model, params.source, params.devicePreference, params.dtype]);
    // A load every caller gave up on has stopped its downloads: it cannot be joined, only replaced.
    if (this.pendingLoad?.key !== key || this.pendingLoad.downloads.signal.aborted) {
      if (this.encoders && key === this.loadedKey) return this.encoders.info;
      this.startLoad(params, key);
    }
    const load = this.pendingLoad!;
    load.listeners.add(onProgress);
    try {
      return await abortable(load.promise, signal);
    } finally {
      load.listeners.delete(onProgress);
      if (load.listeners.size === 0 && !load.settled) load.downloads.abort();
    }
  }

  private startLoad(params: LoadParams, key: string): void {
    this.pendingLoad?.downloads.abort();
    const previous = this.pendingLoad?.promise.catch(() => undefined);
    const downloads = new AbortController();
    const listeners = new Set<(progress: DownloadProgress) => void>();
    const promise = (async () => {
      await previous;
      throwIfAborted(downloads.signal);
      try {
        return await this.switchModel(params, key, downloads.signal, (progress) =>
          listeners.forEach((listener) => listener(progress)),
        );
      } catch (error) {
        // Stopped downloads surface as fetch errors; the load was given up, so say that instead.
        throw downloads.signal.aborted ? new AbortError() : error;
      }
    })();
    const load: PendingLoad = { key, promise, listeners, downloads, settled: false };
    this.pendingLoad = load;
    promise
      .finally(() => {
        load.settled = true;
        if (this.pendingLoad === load) this.pendingLoad = null;
      })
      .catch(() => undefined);
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
    this.promptsInFlight.clear();
    this.ranking = null;
    await previous?.dispose();
    const encoders = await this.services.loadEncoders(params, downloads, onProgress);
    this.encoders = encoders;
    this.loadedKey = key;
    return encoders.info;
  }

  /**
   * Encodes photos in order, decoding the next ones in the photo worker while the current one runs
   * through the encoder.
   */
  async addPhotos(
    photos: readonly PhotoInput[],
    signal: AbortSignal,
    onOutcome: (outcome: PhotoOutcome) => void,
  ): Promise<PhotosAdded> {
    const encoders = this.requireEncoders();
    const job = new AbortController();
    const stop = () => job.abort();
    signal.addEventListener('abort', stop);
    if (signal.aborted) stop();
    this.photoJobs.add(job);
    for (const photo of photos) this.queued.add(photo.photoId);
    let encoded = 0;
    let failed = 0;
    try {
      const batchLimit = encoders.imageBatchLimit;
      const upcoming = photos.values();
      const ahead: { prepared: Promise<PreparedPhoto>; settled: boolean }[] = [];
      const nextQueued = () => {
        for (const photo of upcoming) if (this.queued.has(photo.photoId)) return photo;
        return undefined;
      };
      const decodeAhead = () => {
        while (ahead.length < Math.max(DECODE_AHEAD, batchLimit) && !job.signal.aborted) {
          const photo = nextQueued();
          if (!photo) return;
          const entry = { prepared: this.preparePhoto(photo, encoders, job.signal, true), settled: false };
          void entry.prepared.then(() => (entry.settled = true));
          ahead.push(entry);
        }
      };
      decodeAhead();
      while (ahead.length > 0) {
        // The next photo, and those already prepared after it: a batch forms only while the encoder
        // is the slower side, so a photo never waits for others to be decoded.
        const group = [await ahead.shift()!.prepared];
        while (group.length < batchLimit && ahead[0]?.settled) group.push(await ahead.shift()!.prepared);
        decodeAhead();
        throwIfAborted(job.signal);
        const live = group.filter((prepared) => this.queued.has(prepared.photo.photoId));
        const ready = live.filter((prepared) => prepared.ok);
        const embeddings = await timeStartupStep('first-photo-encode', () => this.embeddingsOf(ready, encoders));
        this.passPhotoTurn();
        throwIfAborted(job.signal);
        for (const prepared of live) {
          const { photoId } = prepared.photo;
          // A photo removed while it was being encoded is dropped, not kept.
          if (!this.queued.delete(photoId)) continue;
          if (!prepared.ok) {
            failed++;
            onOutcome({ photoId, status: 'failed', error: prepared.error });
            continue;
          }
          const embedding = embeddings.get(prepared.hash)!;
          this.photoEmbeddings.set(photoId, embedding);
          encoded++;
          onOutcome({
            photoId,
            status: 'encoded',
            hash: prepared.hash,
            // A copy the page keeps (and stores across reloads); the worker's own stays here.
            embedding: embedding.slice(),
            thumbnail: prepared.thumbnail,
            width: prepared.width,
            height: prepared.height,
            ranking: this.rankFirstTime(embedding),
          });
        }
      }
      throwIfAborted(job.signal);
      return { encoded, failed, keptForLater: await this.services.embeddings.keptForLater() };
    } finally {
      signal.removeEventListener('abort', stop);
      this.photoJobs.delete(job);
      for (const photo of photos) this.queued.delete(photo.photoId);
      this.passPhotoTurn();
    }
  }

  /** Lets a refining text batch run: photos have just had the encoder. */
  private passPhotoTurn(): void {
    const turn = this.photoTurn;
    this.photoTurn = newTurn();
    turn.pass();
  }

  /**
   * Encodes the prompts not seen before (each prompt once per model), ensembles each label's prompts,
   * and ranks every encoded photo: switching templates or modes never encodes a photo again. When the
   * ensemble needs more prompts than each label's first template, the photos are ranked first on the
   * prompts encoded so far (a `provisional` snapshot in the progress), then on the whole ensemble.
   */
  async rank(
    request: RankingRequest,
    signal: AbortSignal,
    onProgress: (progress: PromptProgress) => void,
  ): Promise<RankingSnapshot> {
    const encoders = this.requireEncoders();
    // CLIP's tagging compares each label with neutral prompts; SigLIP has its own calibrated sigmoid.
    const neutral = request.mode === 'tag-all' && encoders.info.family === 'clip' ? NEUTRAL_PROMPTS : [];
    const needed = [...request.labels.flatMap((label) => label.prompts), ...neutral];
    const firstTemplate = [...request.labels.flatMap((label) => label.prompts.slice(0, 1)), ...neutral];
    const total = this.missingPrompts(needed).length;
    const progressFrom = (done: number) => (progress: PromptProgress) =>
      onProgress({ encoded: done + progress.encoded, total });
    if (this.missingPrompts(firstTemplate).length < total) {
      await timeStartupStep('label-prompts-first-template', () =>
        this.encodePrompts(firstTemplate, encoders, signal, progressFrom(0), false),
      );
      this.putRankingInForce(request, encoders, neutral);
      const encoded = total - this.missingPrompts(needed).length;
      onProgress({ encoded, total, provisional: this.rankAll(encoders) });
    }
    const done = total - this.missingPrompts(needed).length;
    const refining = this.ranking?.request === request;
    await timeStartupStep('label-prompts', () =>
      this.encodePrompts(needed, encoders, signal, progressFrom(done), refining),
    );
    this.putRankingInForce(request, encoders, neutral);
    return this.rankAll(encoders);
  }

  /**
   * Makes `request` the ranking in force, each label the ensemble of its prompts encoded so far (every
   * label has at least one).
   */
  private putRankingInForce(request: RankingRequest, encoders: Encoders, neutral: readonly string[]): void {
    const dim = encoders.info.embeddingDim;
    const encoded = (prompts: readonly string[]) => prompts.filter((prompt) => this.promptEmbeddings.has(prompt));
    const labelMatrix = this.ensemble(
      request.labels.map((label) => encoded(label.prompts)),
      dim,
    );
    const neutralEmbedding = neutral.length > 0 ? this.ensemble([neutral], dim) : new Float32Array(0);
    const pickOne = request.mode === 'pick-one';
    this.ranking = {
      request,
      labelMatrix,
      probe: pickOne ? probeWeights(request, labelMatrix, encoders.info) : null,
      tagging: pickOne ? null : taggingWeights(request, labelMatrix, neutralEmbedding, encoders.info),
    };
  }

  private missingPrompts(prompts: readonly string[]): string[] {
    return [...new Set(prompts)].filter((prompt) => !this.promptEmbeddings.has(prompt));
  }

  /**
   * Scores photos already encoded against their right answers under several ways of ranking
   * (core/evaluation.ts): the prompts not seen before are encoded, no photo is.
   */
  async evaluate(
    request: EvaluationRequest,
    signal: AbortSignal,
    onProgress: (progress: PromptProgress) => void,
  ): Promise<EvaluationReport> {
    const encoders = this.requireEncoders();
    const { info } = encoders;
    const usesNeutral = info.family === 'clip';
    const promptsOf = (labels: readonly LabelPrompts[]) => labels.map((label) => label.prompts);
    const needed = [...promptsOf(request.templates), ...promptsOf(request.firstTemplate)].flat();
    await this.encodePrompts([...needed, ...(usesNeutral ? NEUTRAL_PROMPTS : [])], encoders, signal, onProgress, false);
    const dim = info.embeddingDim;
    const images = new Float32Array(request.photoIds.length * dim);
    request.photoIds.forEach((id, row) => {
      const embedding = this.photoEmbeddings.get(id);
      if (!embedding) throw new Error('A photo being checked was removed or is not encoded yet: check again.');
      images.set(embedding, row * dim);
    });
    return evaluate(
      {
        model: info,
        labels: request.labels,
        photoIds: request.photoIds,
        images,
        truth: request.truth,
        templates: this.ensemble(promptsOf(request.templates), dim),
        firstTemplate: this.ensemble(promptsOf(request.firstTemplate), dim),
        neutral: usesNeutral ? this.ensemble([NEUTRAL_PROMPTS], dim) : new Float32Array(0),
        threshold: request.threshold,
        folds: request.folds,
      },
      signal,
    );
  }

  /**
   * Ranks every encoded photo by cosine similarity to a phrase, whose prompts are ensembled like a
   * label's: the phrase's new prompts are encoded, no photo is.
   */
  async search(prompts: readonly string[], signal: AbortSignal): Promise<SearchResult> {
    const encoders = this.requireEncoders();
    await this.encodePrompts(prompts, encoders, signal, () => undefined, false);
    const dim = encoders.info.embeddingDim;
    const phrase = this.ensemble([prompts], dim);
    const { photoIds, images } = this.photoMatrix(dim);
    return { photoIds, similarities: multiplyByTranspose(images, phrase, dim) };
  }

  /**
   * Encodes the prompts not seen before under this model, in batches, reporting progress after each;
   * prompts another request is encoding right now (typing fast starts one per key) are waited for.
   * `refining` a provisional ranking, photos go first: each small batch waits for their next run.
   */
  private async encodePrompts(
    prompts: readonly string[],
    encoders: Encoders,
    signal: AbortSignal,
    onProgress: (progress: PromptProgress) => void,
    refining: boolean,
  ): Promise<void> {
    const batchSize = refining ? REFINING_TEXT_BATCH : TEXT_BATCH;
    const missing = () => this.missingPrompts(prompts);
    const total = missing().length;
    for (let waiting = missing(); waiting.length > 0; waiting = missing()) {
      const mine = waiting.filter((prompt) => !this.promptsInFlight.has(prompt));
      const theirs = new Set(waiting.flatMap((prompt) => this.promptsInFlight.get(prompt) ?? []));
      for (let start = 0; start < mine.length; start += batchSize) {
        if (refining && this.queued.size > 0) await abortable(this.photoTurn.promise, signal);
        throwIfAborted(signal);
        await this.encodeBatch(mine.slice(start, start + batchSize), encoders);
        onProgress({ encoded: total - missing().length, total });
      }
      await abortable(Promise.all(theirs), signal);
    }
    throwIfAborted(signal);
    if (this.encoders !== encoders) throw new AbortError();
  }

  /** Encodes a batch of prompts and keeps their embeddings; other rankings wait for it meanwhile. */
  private async encodeBatch(batch: readonly string[], encoders: Encoders): Promise<void> {
    const dim = encoders.info.embeddingDim;
    const run = encoders.encodeTexts(batch).then((embeddings) => {
      if (this.encoders !== encoders) throw new AbortError(); // The model was replaced meanwhile.
      this.stats.promptsEncoded += batch.length;
      batch.forEach((prompt, row) => this.promptEmbeddings.set(prompt, embeddings.slice(row * dim, (row + 1) * dim)));
    });
    const settled: Promise<void> = run
      .catch(() => undefined)
      .finally(() =>
        batch.forEach((prompt) => this.promptsInFlight.get(prompt) === settled && this.promptsInFlight.delete(prompt)),
      );
    for (const prompt of batch) this.promptsInFlight.set(prompt, settled);
    await run;
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
  async modelInput(photo: PhotoInput, signal: AbortSignal): Promise<ModelInput> {
    const encoders = this.requireEncoders();
    const prepared = await this.preparePhoto(photo, encoders, signal, false);
    throwIfAborted(signal);
    if (!prepared.ok) throw fromErrorRecord(prepared.error);
    if (!('pixelValues' in prepared.input)) throw new Error('Preprocessing was skipped for a cached photo.');
    const { width, height } = inputSize(encoders.preprocessing);
    return {
      width,
      height,
      decodedWidth: prepared.width,
      decodedHeight: prepared.height,
      pixelValues: prepared.input.pixelValues,
    };
  }

  /**
   * Takes back photos encoded before (kept by the page across a reload, or an undone removal) by their
   * embeddings under the loaded model: nothing is decoded or encoded.
   */
  restorePhotos(photos: readonly RestoredPhoto[]): number {
    const { embeddingDim } = this.requireEncoders().info;
    for (const photo of photos) {
      if (photo.embedding.length !== embeddingDim) {
        throw new RangeError(
          `A kept embedding has ${photo.embedding.length} numbers; this model makes ${embeddingDim}.`,
        );
      }
      this.photoEmbeddings.set(photo.photoId, photo.embedding);
    }
    return photos.length;
  }

  /** Forgets the photo embeddings kept for later; the photos on the page keep their rankings. */
  forgetStoredEmbeddings(): Promise<void> {
    return this.services.embeddings.clear();
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

  private rankAll(encoders: Encoders): RankingSnapshot {
    const { photoIds, images } = this.photoMatrix(encoders.info.embeddingDim);
    const labelCount = this.ranking?.request.labels.length ?? 0;
    return { key: this.ranking?.request.key ?? '', labelCount, photoIds, probabilities: this.score(images) };
  }

  /** Every encoded photo's embedding, one row each, and their ids in row order. */
  private photoMatrix(dim: number): { photoIds: string[]; images: Float32Array } {
    const photoIds = [...this.photoEmbeddings.keys()];
    const images = new Float32Array(photoIds.length * dim);
    photoIds.forEach((id, row) => images.set(this.photoEmbeddings.get(id)!, row * dim));
    return { photoIds, images };
  }

  /** rankOne, timed the first time a photo is ranked as it is encoded. */
  private rankFirstTime(embedding: Float32Array): PhotoRanking | null {
    const start = performance.now();
    const ranking = this.rankOne(embedding);
    if (ranking) measureStartupStep('first-photo-rank', start);
    return ranking;
  }

  private rankOne(embedding: Float32Array): PhotoRanking | null {
    if (!this.ranking) return null;
    return { key: this.ranking.request.key, probabilities: this.score(embedding) };
  }

  /** Photos x labels probabilities under the ranking in force. */
  private score(images: Float32Array): Float32Array {
    if (!this.ranking || this.ranking.request.labels.length === 0 || !this.encoders) return new Float32Array(0);
    const { embeddingDim, logitScale } = this.encoders.info;
    const { request, labelMatrix, probe, tagging } = this.ranking;
    if (probe) return softmaxRows(classifierLogits(images, probe, embeddingDim), request.labels.length);
    if (tagging) return taggingProbabilitiesFrom(images, tagging, embeddingDim);
    return zeroShotProbabilities(images, labelMatrix, embeddingDim, logitScale);
  }

  private requireEncoders(): Encoders {
    if (!this.encoders) throw new Error('No model is loaded yet: load one before adding photos or labels.');
    return this.encoders;
  }

  /**
   * Hashes a photo and has it decoded and thumbnailed; preprocessing is skipped when `useStore` is set
   * and the same bytes were encoded before under this model and dtype.
   */
  private async preparePhoto(
    photo: PhotoInput,
    encoders: Encoders,
    signal: AbortSignal,
    useStore: boolean,
  ): Promise<PreparedPhoto> {
    const { model, dtype } = encoders.info;
    const { services } = this;
    const start = performance.now();
    try {
      const hash = await services.contentHash(photo.file);
      const stored = useStore ? await services.embeddings.get(model, dtype, hash) : undefined;
      const decoded = await services.decodePhoto(
        { file: photo.file, name: photo.name, preprocessing: encoders.preprocessing, withPixels: !stored },
        signal,
      );
      const input = stored ? { embedding: stored } : { pixelValues: decoded.pixelValues! };
      measureStartupStep('first-photo-prepare', start);
      return {
        ok: true,
        photo,
        hash,
        input,
        thumbnail: decoded.thumbnail,
        width: decoded.width,
        height: decoded.height,
      };
    } catch (error) {
      return { ok: false, photo, error: toErrorRecord(error) };
    }
  }

  /**
   * The photos' embeddings by content hash: from the store, or from one encoder run over the bytes not
   * seen before (each distinct photo once, however often it appears), then kept in the store.
   */
  private async embeddingsOf(prepared: readonly ReadyPhoto[], encoders: Encoders): Promise<Map<string, Float32Array>> {
    const { model, dtype, embeddingDim } = encoders.info;
    const { embeddings } = this.services;
    const found = new Map<string, Float32Array>();
    const missing = new Map<string, Float32Array>();
    for (const photo of prepared) {
      if (found.has(photo.hash) || missing.has(photo.hash)) continue;
      // Looked up again here: the same bytes may have been encoded since this photo was prepared.
      const stored =
        'embedding' in photo.input ? photo.input.embedding : await embeddings.get(model, dtype, photo.hash);
      if (stored) found.set(photo.hash, stored);
      else if ('pixelValues' in photo.input) missing.set(photo.hash, photo.input.pixelValues);
      else throw new Error('A cached embedding vanished.');
    }
    this.stats.imagesFromCache += prepared.length - missing.size;
    if (missing.size === 0) return found;
    const rows = await encoders.encodeImages([...missing.values()]);
    this.stats.imagesEncoded += missing.size;
    this.stats.imageRuns++;
    let row = 0;
    for (const hash of missing.keys()) {
      const embedding = rows.slice(row * embeddingDim, (row + 1) * embeddingDim);
      row++;
      found.set(hash, embedding);
      await embeddings.put(model, dtype, hash, embedding);
    }
    return found;
  }
}

/** What the UI and the model worker say to each other, carried by the typed channel in rpc.ts. */
import type { ModelFamily } from './catalog';
import type { DeviceChoice, DevicePreference, Dtype } from './device';
import type { ErrorRecord } from './errors';
import type { EvaluationReport } from './evaluation';
import type { DownloadProgress } from './progress';
import type { ScoringMode } from './scoring';
import type { ModelChoice } from './settings';
import type { ModelSource } from './source';

export interface LoadParams {
  model: string;
  source: ModelSource;
  devicePreference: DevicePreference;
  /** A dtype instead of the device's default, where the repo ships it (the benchmark compares q8 with fp32). */
  dtype?: Dtype;
}

export interface ModelInfo {
  model: string;
  /** CLIP compares labels with a softmax; SigLIP scores each photo-label pair with its own sigmoid. */
  family: ModelFamily;
  dtype: Dtype;
  device: DeviceChoice;
  /** The multiplier on cosine similarity (100 for OpenAI's CLIP). */
  logitScale: number;
  /** SigLIP's learned offset inside the sigmoid; 0 for CLIP. */
  logitBias: number;
  embeddingDim: number;
}

export interface PhotoInput {
  photoId: string;
  /** A File or Blob: structured clone shares its bytes with the worker, nothing is copied. */
  file: Blob;
  name: string;
}

/** One label as the user typed it, and the prompts whose ensemble stands for it. */
export interface LabelPrompts {
  label: string;
  prompts: string[];
}

/**
 * A photo someone said shows a label ("this is X") or does not ("not X"): its embedding, kept with the
 * labels, not the photo.
 */
export interface LabelExample {
  /** Which correction this is: requests with other examples get other keys. */
  id: string;
  label: string;
  embedding: Float32Array;
  /** "Not X": the probe learns to rank (or tag) the label lower for photos like this one. */
  negative?: boolean;
}

export interface RankingRequest {
  /** Identifies the labels, prompts, mode and examples, so rankings made for older ones can be told apart. */
  key: string;
  labels: LabelPrompts[];
  mode: ScoringMode;
  /**
   * Examples of the labels: "pick one" then ranks with a linear probe trained on them (core/few-shot.ts),
   * "tag all" tags each taught label with its own (core/tagging-probe.ts).
   */
  examples?: readonly LabelExample[];
}

/** Probabilities of the request's labels, in its order, for one photo. */
export interface PhotoRanking {
  key: string;
  probabilities: Float32Array;
}

export type PhotoOutcome =
  | {
      photoId: string;
      status: 'encoded';
      /** SHA-256 of the file's bytes, in hex. */
      hash: string;
      /** The photo's unit-length embedding under the loaded model. */
      embedding: Float32Array;
      thumbnail: Blob;
      width: number;
      height: number;
      /** Null until the first labels have been encoded. */
      ranking: PhotoRanking | null;
    }
  | { photoId: string; status: 'failed'; error: ErrorRecord };

/** How adding photos went, and whether their embeddings outlast this visit. */
export interface PhotosAdded {
  encoded: number;
  failed: number;
  /** False where this browser would not let IndexedDB be used: embeddings then last for this visit only. */
  keptForLater: boolean;
}

/** Probabilities for every encoded photo against one ranking request, row-major photos x labels. */
export interface RankingSnapshot {
  key: string;
  labelCount: number;
  photoIds: string[];
  probabilities: Float32Array;
}

/** A photo encoded earlier, handed back to the worker by its embedding. */
export interface RestoredPhoto {
  photoId: string;
  embedding: Float32Array;
}

/** Every encoded photo's cosine similarity to a searched phrase, in the order of `photoIds`. */
export interface SearchResult {
  photoIds: string[];
  similarities: Float32Array;
}

/** Text encoding progress while a label change needs many new prompts. */
export interface PromptProgress {
  encoded: number;
  total: number;
  /** The photos ranked on the prompts encoded so far, while the rest of each label's templates follow. */
  provisional?: RankingSnapshot;
}

/** Photos with their right answers, to score against labels from their embeddings (core/evaluation.ts). */
export interface EvaluationRequest {
  labels: string[];
  /** Each label's prompts under the person's templates, and under the first template alone, in `labels` order. */
  templates: LabelPrompts[];
  firstTemplate: LabelPrompts[];
  photoIds: string[];
  /** Each photo's right labels, as indices into `labels`. */
  truth: number[][];
  threshold: number;
  /** Groups the few-shot probe is cross-validated over. */
  folds: number;
}

/** How much encoding the worker has done since it started, to show work and to prove caching. */
export interface EncoderStats {
  imagesEncoded: number;
  /** Photos whose embedding came from the store: the same bytes seen before under this model. */
  imagesFromCache: number;
  /** Vision-encoder runs: fewer than the photos encoded when they went in batches (WebGPU). */
  imageRuns: number;
  promptsEncoded: number;
}

/** What the vision encoder sees for one photo: the preprocessed pixels, channel-first, normalised. */
export interface ModelInput {
  width: number;
  height: number;
  /** The decoded photo's size, after EXIF orientation. */
  decodedWidth: number;
  decodedHeight: number;
  pixelValues: Float32Array;
}

/** Whether a model's files for this device's dtype are in the browser's storage: loading it then downloads nothing. */
export interface ModelAvailability {
  model: string;
  dtype: Dtype;
  cached: boolean;
}

/** Which device this browser would run models on, and which models it could load without a download. */
export interface ModelCheck {
  device: DeviceChoice;
  models: ModelAvailability[];
}

/** The model worker's requests: what each sends, streams back while it runs, and resolves to. */
export interface ModelRequests {
  load: { params: LoadParams; event: DownloadProgress; result: ModelInfo };
  'add-photos': { params: { photos: PhotoInput[] }; event: PhotoOutcome; result: PhotosAdded };
  rank: { params: RankingRequest; event: PromptProgress; result: RankingSnapshot };
  /** Scores photos already encoded against their right answers: prompts may be encoded, photos never. */
  evaluate: { params: EvaluationRequest; event: PromptProgress; result: EvaluationReport };
  'remove-photos': { params: { photoIds: string[] }; event: never; result: null };
  'restore-photos': { params: { photos: RestoredPhoto[] }; event: never; result: { restored: number } };
  /** `prompts`: the phrase in each template, as a label's prompts would be. */
  search: { params: { prompts: string[] }; event: never; result: SearchResult };
  stats: { params: Record<string, never>; event: never; result: EncoderStats };
  'model-input': { params: { photo: PhotoInput }; event: never; result: ModelInput };
  /** Forgets what this browser keeps for later: photo embeddings and downloaded model files. */
  'forget-stored-data': { params: Record<string, never>; event: never; result: null };
  'check-models': {
    params: { models: ModelChoice[]; devicePreference: DevicePreference };
    event: never;
    result: ModelCheck;
  };
}

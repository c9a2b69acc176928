/**
 * Every message between the UI's client and the worker. Each request carries an id; the worker answers
 * it with any number of events and then exactly one result or error with the same id.
 */
import type { DeviceChoice, Dtype } from './device';
import type { DownloadProgress } from './progress';
import type { ScoringMode } from './scoring';
import type { ModelSource } from './source';

export interface LoadParams {
  model: string;
  source: ModelSource;
  /** 'wasm' skips the WebGPU probe, for users whose GPU misbehaves. */
  devicePreference: 'auto' | 'wasm';
  /** A dtype instead of the device's default, where the repo ships it (the benchmark compares q8 with fp32). */
  dtype?: Dtype;
}

export interface ModelInfo {
  model: string;
  /** CLIP compares labels with a softmax; SigLIP scores each photo-label pair with its own sigmoid. */
  family: 'clip' | 'siglip';
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

export interface RankingRequest {
  /** Identifies the labels, prompts and mode, so rankings made for older ones can be told apart. */
  key: string;
  labels: LabelPrompts[];
  mode: ScoringMode;
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
      thumbnail: Blob;
      width: number;
      height: number;
      /** Null until the first labels have been encoded. */
      ranking: PhotoRanking | null;
    }
  | { photoId: string; status: 'failed'; error: ErrorInfo };

/** Probabilities for every encoded photo against one ranking request, row-major photos x labels. */
export interface RankingSnapshot {
  key: string;
  labelCount: number;
  photoIds: string[];
  probabilities: Float32Array;
}

/** Text encoding progress while a label change needs many new prompts. */
export interface PromptProgress {
  encoded: number;
  total: number;
}

/** How much encoding the worker has done since it started, to show work and to prove caching. */
export interface EncoderStats {
  imagesEncoded: number;
  /** Photos whose embedding came from the store: the same bytes seen before under this model. */
  imagesFromCache: number;
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

/** Errors cross the worker boundary as plain records; `name` says which kind, `message` what to do. */
export interface ErrorInfo {
  name: string;
  message: string;
}

interface Requests {
  load: { params: LoadParams; event: DownloadProgress; result: ModelInfo };
  'add-photos': { params: { photos: PhotoInput[] }; event: PhotoOutcome; result: { encoded: number; failed: number } };
  'set-labels': { params: RankingRequest; event: PromptProgress; result: RankingSnapshot };
  'remove-photos': { params: { photoIds: string[] }; event: never; result: null };
  stats: { params: Record<string, never>; event: never; result: EncoderStats };
  'model-input': { params: { photo: PhotoInput }; event: never; result: ModelInput };
}

export type RequestType = keyof Requests;
export type RequestParams<K extends RequestType> = Requests[K]['params'];
export type RequestEvent<K extends RequestType> = Requests[K]['event'];
export type RequestResult<K extends RequestType> = Requests[K]['result'];

export type WorkerRequest =
  | { [K in RequestType]: { kind: 'request'; id: number; type: K; params: RequestParams<K> } }[RequestType]
  | { kind: 'cancel'; id: number };

export type WorkerReply =
  | {
      [K in RequestType]:
        | { kind: 'event'; id: number; type: K; event: RequestEvent<K> }
        | { kind: 'result'; id: number; type: K; result: RequestResult<K> };
    }[RequestType]
  | { kind: 'error'; id: number; error: ErrorInfo };

/** The names of the errors the UI treats specially. */
export const ErrorNames = {
  abort: 'AbortError',
  notAnImage: 'NotAnImageError',
  hostUnreachable: 'HostUnreachableError',
  modelNotFound: 'ModelNotFoundError',
  modelLoad: 'ModelLoadError',
  workerCrashed: 'WorkerCrashedError',
} as const;

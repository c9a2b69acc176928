import { exhaustiveSwitchError } from '../core/exhaustive';
import { recentSamples, type DownloadProgress, type ProgressSample } from '../core/progress';
import { buildRankingRequest, type PromptSettings } from '../core/prompts';
import type { DevicePreference } from '../core/device';
import type { ErrorRecord } from '../core/errors';
import type {
  ModelCheck,
  ModelInfo,
  PhotoOutcome,
  PromptProgress,
  RankingRequest,
  RankingSnapshot,
} from '../core/protocol';
import type { ScoringMode } from '../core/scoring';
import { parseLabel } from '../core/labels';
import type { ModelChoice } from '../core/settings';
import type { ModelSource } from '../core/source';
import { DEFAULT_TEMPLATES } from '../core/templates';

/** How loading the chosen model went; 'idle' means no model is wanted yet, so the page offers the catalog. */
export type ModelState =
  | { status: 'idle' }
  | {
      status: 'loading';
      progress: DownloadProgress | null;
      /** Bytes loaded over the last few seconds, for the speed and time left. */
      samples: ProgressSample[];
      /** This load restarts the model after its worker stopped unexpectedly. */
      restarting: boolean;
    }
  | { status: 'ready'; info: ModelInfo }
  | { status: 'error'; error: ErrorRecord };

/** A label list, how it was scored, and the probabilities a photo has for it, in the list's order. */
export interface Ranking {
  labels: readonly string[];
  mode: ScoringMode;
  probabilities: ArrayLike<number>;
}

export interface Photo {
  id: string;
  name: string;
  file: File;
  state: 'queued' | 'encoded' | 'failed';
  thumbnailUrl: string | null;
  error: string | null;
  ranking: Ranking | null;
}

export interface SessionState {
  /** The model the user chose and where it comes from; `model` says how loading it went. */
  choice: ModelChoice;
  devicePreference: DevicePreference;
  model: ModelState;
  /** Where models other than the built-in demo come from: the Hub or the mirror chosen in settings. */
  hubSource: ModelSource;
  /** Which models load without a download, and on which device; null until the worker has looked. */
  modelCheck: ModelCheck | null;
  photos: Photo[];
  labels: string[];
  /** Why the labels could not be ranked, until they next are. */
  labelsError: string | null;
  /** Why the demo photos could not be fetched. */
  demoError: string | null;
  /** Said once when this browser keeps nothing for later visits (IndexedDB blocked); tagging still works. */
  storageNotice: string | null;
  prompts: PromptSettings;
  /** In "tag all that apply", a label is a tag when its probability reaches this. */
  threshold: number;
  /** The labels as prompts under the current settings: what rankings must match to be shown. */
  request: RankingRequest;
  /** Set while many new prompts are being encoded. */
  promptProgress: PromptProgress | null;
}

/** A photo the worker is done with, and the object URL of its thumbnail when it was encoded. */
export interface FinishedPhoto {
  outcome: PhotoOutcome;
  thumbnailUrl: string | null;
}

export type SessionAction =
  | {
      type: 'model-loading';
      choice: ModelChoice;
      devicePreference: DevicePreference;
      hubSource: ModelSource;
      restarting: boolean;
    }
  | { type: 'model-progress'; progress: DownloadProgress; at: number }
  /** The person stopped the download, or left an error for the catalog: no model is wanted for now. */
  | { type: 'load-cancelled' }
  | { type: 'models-checked'; check: ModelCheck }
  | { type: 'model-ready'; info: ModelInfo }
  | { type: 'model-failed'; error: ErrorRecord }
  /** The model worker stopped: whatever it had loaded is gone. */
  | { type: 'model-lost'; error: ErrorRecord }
  | { type: 'photos-added'; photos: Photo[] }
  | { type: 'photos-finished'; finished: readonly FinishedPhoto[] }
  | { type: 'photos-removed'; ids: readonly string[] }
  | { type: 'labels-changed'; labels: string[] }
  | { type: 'prompts-changed'; prompts: PromptSettings }
  | { type: 'threshold-changed'; threshold: number }
  | { type: 'prompt-progress'; progress: PromptProgress | null }
  | { type: 'ranked'; snapshot: RankingSnapshot }
  | { type: 'labels-failed'; message: string }
  | { type: 'demo-failed'; message: string }
  | { type: 'storage-unavailable' };

export const DEFAULT_PROMPT_SETTINGS: PromptSettings = {
  templates: DEFAULT_TEMPLATES,
  promptMode: 'ensemble',
  scoringMode: 'pick-one',
};

/** A session with nothing in it yet: `choice` is the model to offer first, Hub models come from `hubSource`. */
export function initialSession(choice: ModelChoice, hubSource: ModelSource): SessionState {
  return {
    choice,
    devicePreference: 'auto',
    model: { status: 'idle' },
    hubSource,
    modelCheck: null,
    photos: [],
    labels: [],
    labelsError: null,
    demoError: null,
    storageNotice: null,
    prompts: DEFAULT_PROMPT_SETTINGS,
    threshold: 0.5,
    request: buildRankingRequest([], DEFAULT_PROMPT_SETTINGS),
    promptProgress: null,
  };
}

function rankingFor(state: SessionState, probabilities: ArrayLike<number>): Ranking {
  return { labels: state.request.labels.map((label) => label.label), mode: state.request.mode, probabilities };
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'model-loading':
      // A new model means new embeddings: every photo goes back in the queue.
      return {
        ...state,
        choice: action.choice,
        devicePreference: action.devicePreference,
        hubSource: action.hubSource,
        model: { status: 'loading', progress: null, samples: [], restarting: action.restarting },
        photos: state.photos.map((photo) =>
          photo.state === 'encoded' ? { ...photo, state: 'queued', ranking: null } : photo,
        ),
      };
    case 'model-progress': {
      if (state.model.status !== 'loading') return state;
      const samples = recentSamples(state.model.samples, { at: action.at, loaded: action.progress.loaded });
      return { ...state, model: { ...state.model, progress: action.progress, samples } };
    }
    case 'load-cancelled':
      if (state.model.status !== 'loading' && state.model.status !== 'error') return state;
      return { ...state, model: { status: 'idle' } };
    case 'models-checked':
      return { ...state, modelCheck: action.check };
    case 'model-ready':
      if (state.model.status !== 'loading') return state;
      return { ...state, model: { status: 'ready', info: action.info } };
    case 'model-failed':
      // A model can fail after saying it was ready (a restart that could not load it); only a cancel hides it.
      if (state.model.status !== 'loading' && state.model.status !== 'ready') return state;
      return { ...state, model: { status: 'error', error: action.error }, promptProgress: null };
    case 'model-lost':
      if (state.model.status === 'idle') return state;
      return { ...state, model: { status: 'error', error: action.error }, promptProgress: null };
    case 'photos-added':
      return { ...state, photos: [...state.photos, ...action.photos] };
    case 'photos-finished': {
      const finished = new Map(action.finished.map((item) => [item.outcome.photoId, item]));
      return {
        ...state,
        photos: state.photos.map((photo) => {
          const item = finished.get(photo.id);
          if (!item) return photo;
          const { outcome } = item;
          if (outcome.status === 'failed') return { ...photo, state: 'failed', error: outcome.error.message };
          const ranking =
            outcome.ranking?.key === state.request.key ? rankingFor(state, outcome.ranking.probabilities) : null;
          return { ...photo, state: 'encoded', error: null, thumbnailUrl: item.thumbnailUrl, ranking };
        }),
      };
    }
    case 'photos-removed': {
      const removed = new Set(action.ids);
      return { ...state, photos: state.photos.filter((photo) => !removed.has(photo.id)) };
    }
    case 'labels-changed':
      return { ...state, labels: action.labels, request: buildRankingRequest(action.labels, state.prompts) };
    case 'prompts-changed':
      return { ...state, prompts: action.prompts, request: buildRankingRequest(state.labels, action.prompts) };
    case 'threshold-changed':
      return { ...state, threshold: action.threshold };
    case 'prompt-progress':
      return { ...state, promptProgress: action.progress };
    case 'ranked': {
      const { snapshot } = action;
      if (snapshot.key !== state.request.key) return state; // An answer for settings since changed.
      const width = snapshot.labelCount;
      const rows = new Map(snapshot.photoIds.map((id, row) => [id, row]));
      return {
        ...state,
        labelsError: null,
        photos: state.photos.map((photo) => {
          const row = rows.get(photo.id);
          if (row === undefined) return photo;
          const probabilities = snapshot.probabilities.subarray(row * width, (row + 1) * width);
          return { ...photo, ranking: rankingFor(state, probabilities) };
        }),
      };
    }
    case 'labels-failed':
      return { ...state, labelsError: action.message };
    case 'demo-failed':
      return { ...state, demoError: action.message };
    case 'storage-unavailable':
      if (state.storageNotice) return state;
      return {
        ...state,
        storageNotice:
          'This browser does not let cliptag store anything (IndexedDB is blocked, as in some private windows), so photos are encoded again on your next visit. Tagging works as usual.',
      };
    default:
      return exhaustiveSwitchError(action);
  }
}

/** "n of N" while photos encode: how many are finished, either way, out of all. */
export function encodingProgress(photos: readonly Photo[]): { done: number; total: number } {
  return { done: photos.filter((photo) => photo.state !== 'queued').length, total: photos.length };
}

/**
 * What a screen reader announces once every photo is done: "12 photos ranked; top: beach", naming
 * the label that comes first most often. Empty while photos are still being encoded.
 */
export function rankingSummary(photos: readonly Photo[]): string {
  const { done, total } = encodingProgress(photos);
  if (total === 0 || done < total) return '';
  const topCounts = new Map<string, number>();
  let ranked = 0;
  for (const photo of photos) {
    const probabilities = photo.ranking?.probabilities;
    if (!probabilities || probabilities.length === 0) continue;
    ranked++;
    let best = 0;
    for (let index = 1; index < probabilities.length; index++) {
      if (probabilities[index]! > probabilities[best]!) best = index;
    }
    const top = photo.ranking!.labels[best]!;
    topCounts.set(top, (topCounts.get(top) ?? 0) + 1);
  }
  const failed = photos.filter((photo) => photo.state === 'failed').length;
  const unread = failed > 0 ? `; ${failed} could not be read` : '';
  if (ranked === 0) return `${total} ${total === 1 ? 'photo' : 'photos'} added${unread}`;
  const [top] = [...topCounts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return `${ranked} ${ranked === 1 ? 'photo' : 'photos'} ranked; top: ${parseLabel(top).display}${unread}`;
}

import { exhaustiveSwitchError } from '../core/exhaustive';
import { recentSamples, type DownloadProgress, type ProgressSample } from '../core/progress';
import { buildRankingRequest, type PromptSettings } from '../core/prompts';
import type { DevicePreference } from '../core/device';
import type { ErrorRecord } from '../core/errors';
import type { EvaluationReport } from '../core/evaluation';
import type {
  LabelExample,
  ModelCheck,
  ModelInfo,
  PhotoOutcome,
  PromptProgress,
  RankingRequest,
  RankingSnapshot,
} from '../core/protocol';
import { topLabelIndex, type ScoringMode } from '../core/scoring';
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

/** What a photo keeps once encoded: enough to export it, and to rank it again after a reload without its file. */
export interface EncodedPhoto {
  /** SHA-256 of the file's bytes, in hex. */
  hash: string;
  width: number;
  height: number;
  thumbnail: Blob;
  embedding: Float32Array;
  /** The model and dtype that made the embedding (see embeddingKey). */
  embeddingKey: string;
}

export interface Photo {
  id: string;
  /** Its place in the order photos were added: kept through a reload, and where an undone removal puts it back. */
  seq: number;
  name: string;
  /** "holiday/IMG_1.jpg" for a photo from an opened folder; otherwise its name. */
  path: string;
  sizeBytes: number;
  /** The file added in this visit; null for a photo brought back from an earlier visit, whose bytes are not kept. */
  file: File | null;
  /** The folder it came from, when it was opened with write access in mind (sidecars can go next to it). */
  folder: FileSystemDirectoryHandle | null;
  state: 'queued' | 'encoded' | 'failed';
  thumbnailUrl: string | null;
  error: string | null;
  ranking: Ranking | null;
  encoded: EncodedPhoto | null;
}

/** Ranks photos by how close they are to a typed phrase. */
export interface PhotoSearch {
  phrase: string;
  status: 'idle' | 'searching' | 'done' | 'failed';
  /** Cosine similarity to the phrase by photo id; null until the first answer for this phrase. */
  similarities: ReadonlyMap<string, number> | null;
  error: string | null;
}

/** An action that can be taken back for a few seconds. */
export interface UndoOffer {
  id: number;
  message: string;
}

/** The same check run by a second model, in a worker of its own, for the report to set beside the first. */
export interface ModelComparison {
  choice: ModelChoice;
  status: 'loading' | 'encoding' | 'done' | 'failed';
  /** The second model's download, while it loads. */
  progress: DownloadProgress | null;
  /** Photos the second model has embeddings for so far (encoded now, or kept from an earlier comparison). */
  encoded: number;
  total: number;
  report: EvaluationReport | null;
  notes: string[];
  error: string | null;
}

/** Checking the labels against right answers: photos in labelled folders, or a CSV of answers. */
export interface EvaluationState {
  status: 'idle' | 'running' | 'done' | 'failed';
  /** A second model to check too, as the person typed its name; empty for none. */
  compareWith: string;
  comparison: ModelComparison | null;
  /** Right answers from a CSV, by the file or path each row names; null: the photos' folders give them. */
  answers: { fileName: string; rows: ReadonlyMap<string, string[]> } | null;
  report: EvaluationReport | null;
  /** Things the person should know about the last check: photos left out, CSV rows that matched nothing. */
  notes: string[];
  /** Why the last check or the answers file failed. */
  error: string | null;
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
  /** Said once when this browser keeps nothing for later visits (IndexedDB blocked, a store that failed); tagging still works. */
  storageNotice: string | null;
  prompts: PromptSettings;
  /** In "tag all that apply", a label is a tag when its probability reaches this. */
  threshold: number;
  /** Photos a person said show a label ("this is X"), as embeddings: "pick one" learns from them. */
  examples: readonly TaughtExample[];
  /** The labels as prompts under the current settings: what rankings must match to be shown. */
  request: RankingRequest;
  /** Set while many new prompts are being encoded. */
  promptProgress: PromptProgress | null;
  /** The rankings shown use each label's first templates only, while the rest are encoded. */
  refining: boolean;
  search: PhotoSearch;
  undo: UndoOffer | null;
  evaluation: EvaluationState;
}

/** An example, with the model that made its embedding: another model's examples mean nothing to this one. */
export interface TaughtExample extends LabelExample {
  embeddingKey: string;
  /** The photo it came from, shown in the list of examples while that photo is on the page. */
  photoId: string;
  /** The photo's name, to list the example by once the photo is gone. */
  name: string;
}

/** One example per photo, label and kind: "this is X" and "not X" on one photo replace each other. */
export function exampleId(photoId: string, label: string, negative: boolean): string {
  return `${photoId}\u0000${negative ? 'not' : 'is'}\u0000${label}`;
}

/** A photo the worker is done with, and the object URL of its thumbnail when it was encoded. */
export interface FinishedPhoto {
  outcome: PhotoOutcome;
  thumbnailUrl: string | null;
  /** The model that encoded it (embeddingKey). */
  embeddingKey: string;
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
  /** Photos back from an undone removal, to their places in the order. */
  | { type: 'photos-reinserted'; photos: readonly Photo[] }
  /** Photos handed back to the worker by their embeddings: ranked again without being encoded. */
  | { type: 'photos-restored'; ids: readonly string[] }
  /** Photos without their file whose embedding another model made: they cannot be ranked by this one. */
  | { type: 'photos-unavailable'; ids: readonly string[]; model: string }
  | { type: 'labels-changed'; labels: string[] }
  | { type: 'prompts-changed'; prompts: PromptSettings }
  | { type: 'threshold-changed'; threshold: number }
  /**
   * "This is X" (the photo's embedding becomes an example of the label, replacing its earlier one) or
   * "not X" (a negative example of X, replacing a "this is X" on the same photo).
   */
  | { type: 'example-taught'; photoId: string; label: string; negative: boolean }
  | { type: 'example-removed'; id: string }
  /** Examples kept from an earlier visit: those of the model in force, or of the next one to load. */
  | { type: 'examples-restored'; examples: readonly TaughtExample[] }
  | { type: 'prompt-progress'; progress: PromptProgress | null }
  /** `provisional`: ranked on the first templates, the whole ensemble to follow. */
  | { type: 'ranked'; snapshot: RankingSnapshot; provisional: boolean }
  | { type: 'labels-failed'; message: string }
  | { type: 'search-changed'; phrase: string }
  | { type: 'search-started' }
  | { type: 'search-answered'; phrase: string; similarities: ReadonlyMap<string, number> }
  | { type: 'search-failed'; phrase: string; message: string }
  | { type: 'undo-offered'; offer: UndoOffer | null }
  | { type: 'answers-added'; fileName: string; rows: ReadonlyMap<string, string[]> }
  | { type: 'evaluation-started' }
  | { type: 'evaluation-done'; report: EvaluationReport; notes: string[] }
  /** The check, or reading an answers file, failed. */
  | { type: 'evaluation-failed'; message: string }
  /** The person closed the report and forgot the answers file. */
  | { type: 'evaluation-closed' }
  | { type: 'evaluation-stopped' }
  | { type: 'compare-with-changed'; model: string }
  | { type: 'comparison-started'; choice: ModelChoice; total: number }
  | { type: 'comparison-progress'; progress: DownloadProgress }
  | { type: 'comparison-encoded'; encoded: number }
  | { type: 'comparison-done'; report: EvaluationReport; notes: string[] }
  | { type: 'comparison-failed'; message: string }
  /** The page's own store of photos and settings failed (reading or writing). */
  | { type: 'storage-failed'; message: string }
  | { type: 'demo-failed'; message: string }
  /** The worker can keep embeddings in memory only. */
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
    examples: [],
    request: buildRankingRequest([], DEFAULT_PROMPT_SETTINGS),
    promptProgress: null,
    refining: false,
    search: NO_SEARCH,
    undo: null,
    evaluation: NO_EVALUATION,
  };
}

const NO_EVALUATION: EvaluationState = {
  status: 'idle',
  compareWith: '',
  comparison: null,
  answers: null,
  report: null,
  notes: [],
  error: null,
};

const NO_SEARCH: PhotoSearch = { phrase: '', status: 'idle', similarities: null, error: null };

/** Which model made an embedding: photos encoded by another model or dtype must be encoded again. */
export function embeddingKey(info: { model: string; dtype: string }): string {
  return `${info.model}@${info.dtype}`;
}

/** Photos in `photos` order with `returning` put back by their `seq`, the order they were first added in. */
function mergeBySeq(photos: readonly Photo[], returning: readonly Photo[]): Photo[] {
  return [...photos, ...returning].sort((a, b) => a.seq - b.seq);
}

function rankingFor(state: SessionState, probabilities: ArrayLike<number>): Ranking {
  return { labels: state.request.labels.map((label) => label.label), mode: state.request.mode, probabilities };
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'model-loading':
      // A new model means new embeddings: every photo goes back in the queue, with those the last
      // model could not rank (kept from an earlier visit), since this one may have made them.
      return {
        ...state,
        choice: action.choice,
        devicePreference: action.devicePreference,
        hubSource: action.hubSource,
        model: { status: 'loading', progress: null, samples: [], restarting: action.restarting },
        photos: state.photos.map((photo) =>
          photo.state === 'encoded' || (photo.state === 'failed' && photo.encoded)
            ? { ...photo, state: 'queued', ranking: null, error: null }
            : photo,
        ),
        search: { ...state.search, similarities: null },
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
    case 'model-ready': {
      if (state.model.status !== 'loading') return state;
      const key = embeddingKey(action.info);
      const examples = state.examples.filter((example) => example.embeddingKey === key);
      if (examples.length === state.examples.length) return { ...state, model: { status: 'ready', info: action.info } };
      const request = buildRankingRequest(state.labels, state.prompts, examples);
      return { ...state, model: { status: 'ready', info: action.info }, examples, request };
    }
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
          const encoded: EncodedPhoto = {
            hash: outcome.hash,
            width: outcome.width,
            height: outcome.height,
            thumbnail: outcome.thumbnail,
            embedding: outcome.embedding,
            embeddingKey: item.embeddingKey,
          };
          return { ...photo, state: 'encoded', error: null, thumbnailUrl: item.thumbnailUrl, ranking, encoded };
        }),
      };
    }
    case 'photos-removed': {
      const removed = new Set(action.ids);
      return { ...state, photos: state.photos.filter((photo) => !removed.has(photo.id)) };
    }
    case 'photos-reinserted':
      return { ...state, photos: mergeBySeq(state.photos, action.photos) };
    case 'photos-restored': {
      const restored = new Set(action.ids);
      return {
        ...state,
        photos: state.photos.map((photo) =>
          restored.has(photo.id) ? { ...photo, state: 'encoded', error: null, ranking: null } : photo,
        ),
      };
    }
    case 'photos-unavailable': {
      const unavailable = new Set(action.ids);
      const error =
        `was ranked by another model, and this browser keeps only its thumbnail. ` +
        `Add the photo again to rank it with ${action.model}.`;
      return {
        ...state,
        photos: state.photos.map((photo) =>
          unavailable.has(photo.id)
            ? { ...photo, state: 'failed', ranking: null, error: `${photo.name} ${error}` }
            : photo,
        ),
      };
    }
    case 'labels-changed':
      return {
        ...state,
        labels: action.labels,
        request: buildRankingRequest(action.labels, state.prompts, state.examples),
      };
    case 'prompts-changed':
      return {
        ...state,
        prompts: action.prompts,
        request: buildRankingRequest(state.labels, action.prompts, state.examples),
      };
    case 'examples-restored': {
      const { model } = state;
      const key = model.status === 'ready' ? embeddingKey(model.info) : null;
      const examples = action.examples.filter((example) => key === null || example.embeddingKey === key);
      return { ...state, examples, request: buildRankingRequest(state.labels, state.prompts, examples) };
    }
    case 'example-taught': {
      const photo = state.photos.find((candidate) => candidate.id === action.photoId);
      if (!photo?.encoded) return state;
      const { photoId, label, negative } = action;
      const { embedding, embeddingKey } = photo.encoded;
      // Picking one, a photo has one right label: a new "this is" replaces the photo's earlier one. Tagging,
      // it may show several; either way the new word on (photo, label) replaces the old one.
      const oneAnswer = state.prompts.scoringMode === 'pick-one' && !negative;
      const replaced = (example: TaughtExample) =>
        example.photoId === photoId && (example.label === label || (oneAnswer && !example.negative));
      const examples = [
        ...state.examples.filter((example) => !replaced(example)),
        {
          id: exampleId(photoId, label, negative),
          photoId,
          name: photo.name,
          label,
          negative,
          embedding,
          embeddingKey,
        },
      ];
      return { ...state, examples, request: buildRankingRequest(state.labels, state.prompts, examples) };
    }
    case 'example-removed': {
      const examples = state.examples.filter((example) => example.id !== action.id);
      if (examples.length === state.examples.length) return state;
      return { ...state, examples, request: buildRankingRequest(state.labels, state.prompts, examples) };
    }
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
        refining: action.provisional,
        photos: state.photos.map((photo) => {
          const row = rows.get(photo.id);
          if (row === undefined) return photo;
          const probabilities = snapshot.probabilities.subarray(row * width, (row + 1) * width);
          return { ...photo, ranking: rankingFor(state, probabilities) };
        }),
      };
    }
    case 'labels-failed':
      return { ...state, labelsError: action.message, refining: false };
    case 'demo-failed':
      return { ...state, demoError: action.message };
    case 'search-changed':
      if (action.phrase === state.search.phrase) return state;
      return {
        ...state,
        search: action.phrase.trim() ? { ...state.search, phrase: action.phrase, error: null } : NO_SEARCH,
      };
    case 'search-started':
      return { ...state, search: { ...state.search, status: 'searching' } };
    case 'search-answered':
      if (action.phrase !== state.search.phrase) return state;
      return { ...state, search: { ...state.search, status: 'done', similarities: action.similarities } };
    case 'search-failed':
      if (action.phrase !== state.search.phrase) return state;
      return { ...state, search: { ...state.search, status: 'failed', error: action.message } };
    case 'undo-offered':
      return { ...state, undo: action.offer };
    case 'answers-added':
      return {
        ...state,
        evaluation: { ...state.evaluation, answers: { fileName: action.fileName, rows: action.rows }, error: null },
      };
    case 'evaluation-started':
      return { ...state, evaluation: { ...state.evaluation, status: 'running', comparison: null, error: null } };
    case 'evaluation-done':
      return {
        ...state,
        evaluation: { ...state.evaluation, status: 'done', report: action.report, notes: action.notes, error: null },
      };
    case 'evaluation-failed':
      return { ...state, evaluation: { ...state.evaluation, status: 'failed', error: action.message } };
    case 'evaluation-closed':
      return { ...state, evaluation: { ...NO_EVALUATION, compareWith: state.evaluation.compareWith } };
    case 'evaluation-stopped': {
      const { status, report, comparison } = state.evaluation;
      return {
        ...state,
        evaluation: {
          ...state.evaluation,
          status: status === 'running' ? (report ? 'done' : 'idle') : status,
          comparison: comparison?.status === 'done' ? comparison : null,
        },
      };
    }
    case 'compare-with-changed':
      return { ...state, evaluation: { ...state.evaluation, compareWith: action.model } };
    case 'comparison-started':
      return {
        ...state,
        evaluation: {
          ...state.evaluation,
          comparison: {
            choice: action.choice,
            status: 'loading',
            progress: null,
            encoded: 0,
            total: action.total,
            report: null,
            notes: [],
            error: null,
          },
        },
      };
    case 'comparison-progress':
    case 'comparison-encoded':
    case 'comparison-done':
    case 'comparison-failed':
      return {
        ...state,
        evaluation: { ...state.evaluation, comparison: comparisonReducer(state.evaluation.comparison, action) },
      };
    case 'storage-failed':
      return state.storageNotice ? state : { ...state, storageNotice: action.message };
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
    const top = photo.ranking!.labels[topLabelIndex(probabilities)!]!;
    topCounts.set(top, (topCounts.get(top) ?? 0) + 1);
  }
  const failed = photos.filter((photo) => photo.state === 'failed').length;
  const unread = failed > 0 ? `; ${failed} could not be read` : '';
  if (ranked === 0) return `${total} ${total === 1 ? 'photo' : 'photos'} added${unread}`;
  const [top] = [...topCounts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return `${ranked} ${ranked === 1 ? 'photo' : 'photos'} ranked; top: ${parseLabel(top).display}${unread}`;
}

type ComparisonAction = Extract<
  SessionAction,
  { type: 'comparison-progress' | 'comparison-encoded' | 'comparison-done' | 'comparison-failed' }
>;

/** A comparison's progress; news of one that was stopped or replaced (none under way) is dropped. */
function comparisonReducer(comparison: ModelComparison | null, action: ComparisonAction): ModelComparison | null {
  if (!comparison || comparison.status === 'done' || comparison.status === 'failed') return comparison;
  switch (action.type) {
    case 'comparison-progress':
      return { ...comparison, status: 'loading', progress: action.progress };
    case 'comparison-encoded':
      return { ...comparison, status: 'encoding', progress: null, encoded: action.encoded };
    case 'comparison-done':
      return { ...comparison, status: 'done', report: action.report, notes: action.notes };
    case 'comparison-failed':
      return { ...comparison, status: 'failed', error: action.message };
    default:
      return exhaustiveSwitchError(action);
  }
}

import { exhaustiveSwitchError } from '../core/exhaustive';
import type { DownloadProgress } from '../core/progress';
import type { ErrorInfo, ModelInfo, PhotoOutcome, RankingSnapshot } from '../core/protocol';
import type { ModelChoice } from '../core/settings';

export type ModelState =
  | { status: 'idle' }
  | { status: 'loading'; choice: ModelChoice; progress: DownloadProgress | null }
  | { status: 'ready'; choice: ModelChoice; info: ModelInfo }
  | { status: 'error'; choice: ModelChoice; error: ErrorInfo };

/** A label list and the probabilities a photo has for it, in the list's order. */
export interface Ranking {
  labels: readonly string[];
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
  model: ModelState;
  photos: Photo[];
  labels: string[];
}

export type SessionAction =
  | { type: 'model-loading'; choice: ModelChoice }
  | { type: 'model-progress'; progress: DownloadProgress }
  | { type: 'model-ready'; info: ModelInfo }
  | { type: 'model-failed'; error: ErrorInfo }
  | { type: 'photos-added'; photos: Photo[] }
  | { type: 'photo-finished'; outcome: PhotoOutcome; thumbnailUrl: string | null }
  | { type: 'photos-removed'; ids: readonly string[] }
  | { type: 'labels-changed'; labels: string[] }
  | { type: 'ranked'; snapshot: RankingSnapshot };

export const initialSession: SessionState = { model: { status: 'idle' }, photos: [], labels: [] };

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label, index) => label === b[index]);
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'model-loading':
      // A new model means new embeddings: every photo goes back in the queue.
      return {
        ...state,
        model: { status: 'loading', choice: action.choice, progress: null },
        photos: state.photos.map((photo) =>
          photo.state === 'encoded' ? { ...photo, state: 'queued', ranking: null } : photo,
        ),
      };
    case 'model-progress':
      if (state.model.status !== 'loading') return state;
      return { ...state, model: { ...state.model, progress: action.progress } };
    case 'model-ready':
      if (state.model.status !== 'loading') return state;
      return { ...state, model: { status: 'ready', choice: state.model.choice, info: action.info } };
    case 'model-failed':
      if (state.model.status !== 'loading') return state;
      return { ...state, model: { status: 'error', choice: state.model.choice, error: action.error } };
    case 'photos-added':
      return { ...state, photos: [...state.photos, ...action.photos] };
    case 'photo-finished': {
      const { outcome } = action;
      return {
        ...state,
        photos: state.photos.map((photo) => {
          if (photo.id !== outcome.photoId) return photo;
          if (outcome.status === 'failed') return { ...photo, state: 'failed', error: outcome.error.message };
          const ranking = outcome.ranking && sameLabels(outcome.ranking.labels, state.labels) ? outcome.ranking : null;
          return { ...photo, state: 'encoded', error: null, thumbnailUrl: action.thumbnailUrl, ranking };
        }),
      };
    }
    case 'photos-removed': {
      const removed = new Set(action.ids);
      return { ...state, photos: state.photos.filter((photo) => !removed.has(photo.id)) };
    }
    case 'labels-changed':
      return { ...state, labels: action.labels };
    case 'ranked': {
      const { snapshot } = action;
      if (!sameLabels(snapshot.labels, state.labels)) return state; // An answer for labels since edited.
      const width = snapshot.labels.length;
      const rows = new Map(snapshot.photoIds.map((id, row) => [id, row]));
      return {
        ...state,
        photos: state.photos.map((photo) => {
          const row = rows.get(photo.id);
          if (row === undefined) return photo;
          const probabilities = snapshot.probabilities.subarray(row * width, (row + 1) * width);
          return { ...photo, ranking: { labels: snapshot.labels, probabilities } };
        }),
      };
    }
    default:
      return exhaustiveSwitchError(action);
  }
}

/** "n of N" while photos encode: how many are finished, either way, out of all. */
export function encodingProgress(photos: readonly Photo[]): { done: number; total: number } {
  return { done: photos.filter((photo) => photo.state !== 'queued').length, total: photos.length };
}

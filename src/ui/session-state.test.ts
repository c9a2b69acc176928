import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../core/protocol';
import type { ModelChoice } from '../core/settings';
import { encodingProgress, initialSession, sessionReducer, type Photo, type SessionState } from './session-state';

const choice: ModelChoice = { model: 'm', source: { host: 'http://127.0.0.1/', pathTemplate: '{model}/' } };
const info: ModelInfo = { model: 'm', dtype: 'fp32', device: { kind: 'wasm', threads: 1, whyNotWebGpu: 'x' }, logitScale: 100, embeddingDim: 2 };
const photo = (id: string): Photo => ({
  id,
  name: `${id}.png`,
  file: new File([], `${id}.png`),
  state: 'queued',
  thumbnailUrl: null,
  error: null,
  ranking: null,
});

function ready(labels: string[]): SessionState {
  let state = sessionReducer(initialSession, { type: 'model-loading', choice });
  state = sessionReducer(state, { type: 'model-ready', info });
  state = sessionReducer(state, { type: 'photos-added', photos: [photo('a'), photo('b')] });
  return sessionReducer(state, { type: 'labels-changed', labels });
}

describe('sessionReducer', () => {
  it('keeps a streamed ranking only when it is for the current labels', () => {
    let state = ready(['x', 'y']);
    state = sessionReducer(state, {
      type: 'photo-finished',
      outcome: { photoId: 'a', status: 'encoded', thumbnail: new Blob(), width: 1, height: 1, ranking: { labels: ['x', 'y'], probabilities: new Float32Array([0.9, 0.1]) } },
      thumbnailUrl: 'blob:a',
    });
    state = sessionReducer(state, {
      type: 'photo-finished',
      outcome: { photoId: 'b', status: 'encoded', thumbnail: new Blob(), width: 1, height: 1, ranking: { labels: ['old'], probabilities: new Float32Array([1]) } },
      thumbnailUrl: 'blob:b',
    });
    expect(state.photos[0]!.ranking?.probabilities).toEqual(new Float32Array([0.9, 0.1]));
    expect(state.photos[1]!.ranking).toBeNull();
    expect(encodingProgress(state.photos)).toEqual({ done: 2, total: 2 });
  });

  it('applies a snapshot row by row and ignores one for labels since edited', () => {
    let state = ready(['x', 'y']);
    const snapshot = { labels: ['x', 'y'], photoIds: ['b', 'a'], probabilities: new Float32Array([0.2, 0.8, 0.6, 0.4]) };
    state = sessionReducer(state, { type: 'ranked', snapshot });
    expect(Array.from(state.photos[0]!.ranking!.probabilities)).toEqual([0.6000000238418579, 0.4000000059604645]);
    expect(Array.from(state.photos[1]!.ranking!.probabilities)).toEqual([0.20000000298023224, 0.800000011920929]);
    const stale = sessionReducer(sessionReducer(state, { type: 'labels-changed', labels: ['z'] }), { type: 'ranked', snapshot });
    expect(stale.photos[0]!.ranking!.labels).toEqual(['x', 'y']);
  });

  it('marks a failed photo with its message and leaves the others alone', () => {
    const state = sessionReducer(ready([]), {
      type: 'photo-finished',
      outcome: { photoId: 'a', status: 'failed', error: { name: 'NotAnImageError', message: 'a.png is not an image.' } },
      thumbnailUrl: null,
    });
    expect(state.photos[0]).toMatchObject({ state: 'failed', error: 'a.png is not an image.' });
    expect(state.photos[1]!.state).toBe('queued');
  });

  it('re-queues encoded photos when another model starts loading', () => {
    let state = ready(['x']);
    state = sessionReducer(state, {
      type: 'photo-finished',
      outcome: { photoId: 'a', status: 'encoded', thumbnail: new Blob(), width: 1, height: 1, ranking: null },
      thumbnailUrl: 'blob:a',
    });
    state = sessionReducer(state, { type: 'model-loading', choice });
    expect(state.photos.map((p) => p.state)).toEqual(['queued', 'queued']);
    expect(state.model.status).toBe('loading');
  });

  it('ignores progress and results that arrive when no load is under way', () => {
    const state = ready([]);
    expect(sessionReducer(state, { type: 'model-progress', progress: { loaded: 1, total: 2 } })).toBe(state);
    expect(sessionReducer(state, { type: 'model-failed', error: { name: 'E', message: 'm' } })).toBe(state);
  });
});

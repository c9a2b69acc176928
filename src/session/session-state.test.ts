import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../core/protocol';
import type { ModelChoice } from '../core/settings';
import {
  encodingProgress,
  initialSession,
  rankingSummary,
  sessionReducer,
  type Photo,
  type SessionState,
} from './session-state';

const choice: ModelChoice = { model: 'm', source: { host: 'http://127.0.0.1/', pathTemplate: '{model}/' } };
const info: ModelInfo = {
  model: 'm',
  family: 'clip',
  dtype: 'fp32',
  device: { kind: 'wasm', threads: 1, whyNotWebGpu: 'x' },
  logitScale: 100,
  logitBias: 0,
  embeddingDim: 2,
};
const photo = (id: string): Photo => ({
  id,
  seq: id.charCodeAt(0),
  name: `${id}.png`,
  path: `${id}.png`,
  sizeBytes: 0,
  file: new File([], `${id}.png`),
  folder: null,
  state: 'queued',
  thumbnailUrl: null,
  error: null,
  ranking: null,
  encoded: null,
});
const encodedPhoto = (photoId: string, key: string | null, probabilities: number[] = []) => ({
  outcome: {
    photoId,
    status: 'encoded' as const,
    hash: `hash-${photoId}`,
    embedding: new Float32Array([1, 0]),
    thumbnail: new Blob(),
    width: 1,
    height: 1,
    ranking: key === null ? null : { key, probabilities: new Float32Array(probabilities) },
  },
  thumbnailUrl: `blob:${photoId}`,
  embeddingKey: 'm@fp32',
});
const encoded = (photoId: string, key: string | null, probabilities: number[] = []) => ({
  type: 'photos-finished' as const,
  finished: [encodedPhoto(photoId, key, probabilities)],
});

function ready(labels: string[]): SessionState {
  let state = sessionReducer(initialSession(choice, choice.source), {
    type: 'model-loading',
    choice,
    devicePreference: 'auto',
    hubSource: choice.source,
    restarting: false,
  });
  state = sessionReducer(state, { type: 'model-ready', info });
  state = sessionReducer(state, { type: 'photos-added', photos: [photo('a'), photo('b')] });
  return sessionReducer(state, { type: 'labels-changed', labels });
}

describe('sessionReducer', () => {
  it('keeps a streamed ranking only when it was made for the current labels and prompts', () => {
    let state = ready(['x', 'y']);
    state = sessionReducer(state, encoded('a', state.request.key, [0.9, 0.1]));
    state = sessionReducer(state, encoded('b', 'an older request'));
    expect(state.photos[0]!.ranking).toEqual({
      labels: ['x', 'y'],
      mode: 'pick-one',
      probabilities: new Float32Array([0.9, 0.1]),
    });
    expect(state.photos[1]!.ranking).toBeNull();
    expect(encodingProgress(state.photos)).toEqual({ done: 2, total: 2 });
  });

  it('"this is X" makes the photo\'s embedding an example of X, one per photo, sent with the labels it names', () => {
    let state = sessionReducer(ready(['x', 'y']), encoded('a', null));
    const before = state.request.key;
    state = sessionReducer(state, { type: 'example-taught', photoId: 'a', label: 'y', negative: false });
    state = sessionReducer(state, { type: 'example-taught', photoId: 'a', label: 'x', negative: false });
    expect(state.examples).toEqual([
      {
        id: 'a\u0000is\u0000x',
        photoId: 'a',
        name: 'a.png',
        label: 'x',
        negative: false,
        embedding: new Float32Array([1, 0]),
        embeddingKey: 'm@fp32',
      },
    ]);
    expect(state.request.examples).toEqual(state.examples);
    expect(state.request.key).not.toBe(before);
    // A photo not encoded yet has no embedding to teach with.
    expect(sessionReducer(state, { type: 'example-taught', photoId: 'b', label: 'y', negative: false })).toBe(state);
    // An example of a label no longer in the set is kept, but not sent.
    state = sessionReducer(state, { type: 'labels-changed', labels: ['y'] });
    expect(state.request.examples).toEqual([]);
  });

  it('"not X" is a negative example beside others; "this is X" on the same photo replaces it; each can be removed', () => {
    let state = sessionReducer(ready(['x', 'y', 'z']), encoded('a', null));
    state = sessionReducer(state, { type: 'example-taught', photoId: 'a', label: 'x', negative: true });
    state = sessionReducer(state, { type: 'example-taught', photoId: 'a', label: 'y', negative: true });
    state = sessionReducer(state, { type: 'example-taught', photoId: 'a', label: 'z', negative: false });
    const kinds = () => state.request.examples!.map(({ label, negative }) => [label, negative]);
    expect(kinds()).toEqual([
      ['x', true],
      ['y', true],
      ['z', false],
    ]);
    const keyBefore = state.request.key;
    state = sessionReducer(state, { type: 'example-taught', photoId: 'a', label: 'x', negative: false });
    expect(kinds()).toEqual([
      ['y', true],
      ['x', false],
    ]);
    state = sessionReducer(state, { type: 'example-removed', id: state.examples[0]!.id });
    expect(kinds()).toEqual([['x', false]]);
    expect(state.request.key).not.toBe(keyBefore);
    expect(sessionReducer(state, { type: 'example-removed', id: 'gone' })).toBe(state);
  });

  it('keeps every "this is" of a photo under "tag all that apply": a photo may show several labels', () => {
    let state = sessionReducer(ready(['x', 'y']), encoded('a', null));
    state = sessionReducer(state, { type: 'prompts-changed', prompts: { ...state.prompts, scoringMode: 'tag-all' } });
    state = sessionReducer(state, { type: 'example-taught', photoId: 'a', label: 'y', negative: false });
    state = sessionReducer(state, { type: 'example-taught', photoId: 'a', label: 'x', negative: false });
    state = sessionReducer(state, { type: 'example-taught', photoId: 'a', label: 'y', negative: false });
    expect(state.request.examples!.map(({ label, negative }) => [label, negative])).toEqual([
      ['x', false],
      ['y', false],
    ]);
    expect(new Set(state.examples.map((example) => example.id)).size).toBe(2);
  });

  it('drops examples when another model becomes ready: its embeddings mean nothing to that model', () => {
    let state = sessionReducer(ready(['x']), encoded('a', null));
    state = sessionReducer(state, { type: 'example-taught', photoId: 'a', label: 'x', negative: false });
    const reload = {
      type: 'model-loading' as const,
      choice,
      devicePreference: 'auto' as const,
      hubSource: choice.source,
      restarting: false,
    };
    state = sessionReducer(sessionReducer(state, reload), { type: 'model-ready', info });
    expect(state.examples).toHaveLength(1);
    state = sessionReducer(sessionReducer(state, reload), { type: 'model-ready', info: { ...info, model: 'other' } });
    expect(state.examples).toEqual([]);
    expect(state.request.examples).toEqual([]);
  });

  it("restores kept examples, but only the loaded model's", () => {
    const kept = [
      { id: 'a', photoId: 'a', name: 'a.png', label: 'x', embedding: new Float32Array([1, 0]), embeddingKey: 'm@fp32' },
      {
        id: 'b',
        photoId: 'b',
        name: 'b.png',
        label: 'x',
        embedding: new Float32Array([0, 1]),
        embeddingKey: 'other@q8',
      },
    ];
    const state = sessionReducer(ready(['x']), { type: 'examples-restored', examples: kept });
    expect(state.request.examples).toEqual([kept[0]]);
  });

  it('applies a batch of finished photos in one step', () => {
    let state = ready(['x']);
    state = sessionReducer(state, {
      type: 'photos-finished',
      finished: [encodedPhoto('b', state.request.key, [1]), encodedPhoto('a', null)],
    });
    expect(state.photos.map((p) => [p.state, p.thumbnailUrl, p.ranking?.probabilities[0] ?? null])).toEqual([
      ['encoded', 'blob:a', null],
      ['encoded', 'blob:b', 1],
    ]);
  });

  it('applies a snapshot row by row and ignores one made before the settings changed', () => {
    let state = ready(['x', 'y']);
    const snapshot = {
      key: state.request.key,
      labelCount: 2,
      photoIds: ['b', 'a'],
      probabilities: new Float32Array([0.25, 0.75, 0.5, 0.5]),
    };
    state = sessionReducer(state, { type: 'ranked', snapshot, provisional: true });
    expect(state.refining).toBe(true);
    state = sessionReducer(state, { type: 'ranked', snapshot, provisional: false });
    expect(state.refining).toBe(false);
    expect(Array.from(state.photos[0]!.ranking!.probabilities)).toEqual([0.5, 0.5]);
    expect(Array.from(state.photos[1]!.ranking!.probabilities)).toEqual([0.25, 0.75]);
    const changed = sessionReducer(state, {
      type: 'prompts-changed',
      prompts: { ...state.prompts, scoringMode: 'tag-all' },
    });
    expect(changed.request.key).not.toBe(state.request.key);
    expect(sessionReducer(changed, { type: 'ranked', snapshot, provisional: false })).toBe(changed);
  });

  it('rebuilds the prompts when labels or templates change', () => {
    let state = ready(['owl']);
    state = sessionReducer(state, {
      type: 'prompts-changed',
      prompts: { templates: ['art of a {}.', 'a {} toy.'], promptMode: 'single', scoringMode: 'pick-one' },
    });
    expect(state.request.labels).toEqual([{ label: 'owl', prompts: ['art of an owl.'] }]);
    state = sessionReducer(state, { type: 'prompts-changed', prompts: { ...state.prompts, promptMode: 'ensemble' } });
    expect(state.request.labels[0]!.prompts).toEqual(['art of an owl.', 'an owl toy.']);
  });

  it('marks a failed photo with its message and leaves the others alone', () => {
    const state = sessionReducer(ready([]), {
      type: 'photos-finished',
      finished: [
        {
          outcome: {
            photoId: 'a',
            status: 'failed',
            error: { name: 'NotAnImageError', message: 'a.png is not an image.' },
          },
          thumbnailUrl: null,
          embeddingKey: '',
        },
      ],
    });
    expect(state.photos[0]).toMatchObject({ state: 'failed', error: 'a.png is not an image.' });
    expect(state.photos[1]!.state).toBe('queued');
  });

  it('re-queues encoded photos when another model starts loading', () => {
    let state = ready(['x']);
    state = sessionReducer(state, encoded('a', null));
    state = sessionReducer(state, {
      type: 'model-loading',
      choice,
      devicePreference: 'wasm',
      hubSource: choice.source,
      restarting: false,
    });
    expect(state.photos.map((p) => p.state)).toEqual(['queued', 'queued']);
    expect(state.model.status).toBe('loading');
    expect(state.devicePreference).toBe('wasm');
  });

  it('shows a model that fails after it was ready, but not one the person has put aside', () => {
    const error = { name: 'ModelLoadError', message: 'The model could not be loaded again.' };
    const failed = sessionReducer(ready(['x']), { type: 'model-failed', error });
    expect(failed.model).toEqual({ status: 'error', error });
    const idle = initialSession(choice, choice.source);
    expect(sessionReducer(idle, { type: 'model-failed', error }).model).toEqual({ status: 'idle' });
  });

  it('keeps a labels error until the labels are next ranked', () => {
    let state = sessionReducer(ready(['x']), { type: 'labels-failed', message: 'The text encoder failed.' });
    expect(state.labelsError).toBe('The text encoder failed.');
    const snapshot = { key: state.request.key, labelCount: 1, photoIds: [], probabilities: new Float32Array() };
    state = sessionReducer(state, { type: 'ranked', snapshot, provisional: false });
    expect(state.labelsError).toBeNull();
  });

  it('turns a ready model into an error when its worker stops, so the page offers to load it again', () => {
    const state = sessionReducer(ready(['x']), {
      type: 'model-lost',
      error: { name: 'WorkerCrashedError', message: 'The model worker stopped.' },
    });
    expect(state.model).toEqual({
      status: 'error',
      error: { name: 'WorkerCrashedError', message: 'The model worker stopped.' },
    });
    expect(
      sessionReducer(initialSession(choice, choice.source), { type: 'model-lost', error: { name: 'E', message: 'm' } })
        .model.status,
    ).toBe('idle');
  });

  it('ignores download progress that arrives when no load is under way', () => {
    const state = ready([]);
    expect(sessionReducer(state, { type: 'model-progress', progress: { loaded: 1, total: 2 }, at: 0 })).toBe(state);
  });
});

describe('rankingSummary', () => {
  it('names how many photos were ranked and the label most often on top, once all are done', () => {
    let state = ready(['cat (animal)', 'dog']);
    expect(rankingSummary(state.photos)).toBe('');
    state = sessionReducer(state, encoded('a', state.request.key, [0.9, 0.1]));
    expect(rankingSummary(state.photos)).toBe('');
    state = sessionReducer(state, {
      type: 'photos-finished',
      finished: [
        {
          outcome: { photoId: 'b', status: 'failed', error: { name: 'E', message: 'm' } },
          thumbnailUrl: null,
          embeddingKey: '',
        },
      ],
    });
    expect(rankingSummary(state.photos)).toBe('1 photo ranked; top: cat; 1 could not be read');
  });
});

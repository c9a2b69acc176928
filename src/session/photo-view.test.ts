import { describe, expect, it } from 'vitest';
import type { ScoringMode } from '../core/scoring';
import { DEFAULT_VIEW, labelCounts, photoView, topLabelOf } from './photo-view';
import type { Photo } from './session-state';

const labels = ['beach', 'receipt'];

function photo(name: string, seq: number, probabilities: number[] | null, mode: ScoringMode = 'tag-all'): Photo {
  return {
    id: name,
    seq,
    name,
    path: name,
    sizeBytes: 1,
    file: null,
    folder: null,
    state: probabilities ? 'encoded' : 'queued',
    thumbnailUrl: null,
    error: null,
    ranking: probabilities ? { labels, mode, probabilities } : null,
    encoded: null,
  };
}

const photos = [
  photo('IMG_10.jpg', 1, [0.2, 0.9]),
  photo('IMG_9.jpg', 2, [0.8, 0.7]),
  photo('waiting.jpg', 3, null),
  photo('img_2.jpg', 4, [0.6, 0.1]),
];
const names = (shown: Photo[]) => shown.map((shownPhoto) => shownPhoto.name);

describe('photoView', () => {
  it('keeps the order photos were added in by default', () => {
    expect(names(photoView(photos, DEFAULT_VIEW, 0.5, null))).toEqual(names(photos));
  });

  it('puts the photos most like a label first, and those not ranked yet last in either direction', () => {
    const view = { ...DEFAULT_VIEW, sort: { by: 'label', label: 'beach' } as const };
    expect(names(photoView(photos, { ...view, descending: true }, 0.5, null))).toEqual([
      'IMG_9.jpg',
      'img_2.jpg',
      'IMG_10.jpg',
      'waiting.jpg',
    ]);
    expect(names(photoView(photos, view, 0.5, null))).toEqual(['IMG_10.jpg', 'img_2.jpg', 'IMG_9.jpg', 'waiting.jpg']);
  });

  it('sorts names as people count, ignoring case', () => {
    const view = { ...DEFAULT_VIEW, sort: { by: 'name' } as const };
    expect(names(photoView(photos, view, 0.5, null))).toEqual(['img_2.jpg', 'IMG_9.jpg', 'IMG_10.jpg', 'waiting.jpg']);
  });

  it('sorts by top label, the surest first within one label', () => {
    const more = [...photos, photo('sure.jpg', 5, [0.95, 0.1])];
    const view = { ...DEFAULT_VIEW, sort: { by: 'top-label' } as const };
    expect(names(photoView(more, view, 0.5, null))).toEqual([
      'sure.jpg',
      'IMG_9.jpg',
      'img_2.jpg',
      'IMG_10.jpg',
      'waiting.jpg',
    ]);
  });

  it('shows only the photos tagged with a label when tagging, and with it on top when picking one', () => {
    const view = { ...DEFAULT_VIEW, filter: 'receipt' };
    expect(names(photoView(photos, view, 0.5, null))).toEqual(['IMG_10.jpg', 'IMG_9.jpg']);
    const picked = photos.map((each) =>
      each.ranking ? { ...each, ranking: { ...each.ranking, mode: 'pick-one' as const } } : each,
    );
    expect(names(photoView(picked, view, 0.5, null))).toEqual(['IMG_10.jpg']);
  });

  it('orders by similarity to a searched phrase', () => {
    const similarities = new Map([
      ['IMG_10.jpg', 0.1],
      ['IMG_9.jpg', 0.3],
      ['img_2.jpg', 0.2],
    ]);
    const view = { ...DEFAULT_VIEW, sort: { by: 'match' } as const, descending: true };
    expect(names(photoView(photos, view, 0.5, similarities))).toEqual([
      'IMG_9.jpg',
      'img_2.jpg',
      'IMG_10.jpg',
      'waiting.jpg',
    ]);
  });
});

describe('labelCounts and topLabelOf', () => {
  it('counts the photos tagged with each label', () => {
    expect(labelCounts(photos, labels, 0.5)).toEqual(
      new Map([
        ['beach', 2],
        ['receipt', 2],
      ]),
    );
    expect(labelCounts(photos, labels, 0.75)).toEqual(
      new Map([
        ['beach', 1],
        ['receipt', 1],
      ]),
    );
  });

  it('names the top label of a ranked photo only', () => {
    expect(topLabelOf(photos[1]!)).toEqual({ label: 'beach', probability: 0.8 });
    expect(topLabelOf(photos[2]!)).toBeNull();
  });
});

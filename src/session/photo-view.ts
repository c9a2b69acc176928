import { photoTags, topLabelIndex } from '../core/scoring';
import type { Photo } from './session-state';

/** What the photos can be ordered by: any column of the table. */
export type SortKey =
  | { by: 'added' }
  | { by: 'name' }
  | { by: 'top-label' }
  /** The probability of one label: "photos most like beach first". */
  | { by: 'label'; label: string }
  /** Similarity to the searched phrase. */
  | { by: 'match' };

export interface ViewOptions {
  sort: SortKey;
  descending: boolean;
  /** Only photos with this label: tagged with it, or (when labels are compared) with it on top. */
  filter: string | null;
}

export const DEFAULT_VIEW: ViewOptions = { sort: { by: 'added' }, descending: false, filter: null };

/** The labels a photo has: those over the threshold when tagging, its top label otherwise. */
export function labelsOf(photo: Photo, threshold: number): string[] {
  const { ranking } = photo;
  if (!ranking) return [];
  return photoTags(ranking.mode, ranking.labels, ranking.probabilities, threshold);
}

/** How many photos have each label ("beach 41"), in the labels' order. */
export function labelCounts(
  photos: readonly Photo[],
  labels: readonly string[],
  threshold: number,
): Map<string, number> {
  const counts = new Map(labels.map((label) => [label, 0]));
  for (const photo of photos) {
    for (const label of labelsOf(photo, threshold)) {
      const count = counts.get(label);
      if (count !== undefined) counts.set(label, count + 1);
    }
  }
  return counts;
}

/** A label's probability for a photo, or null while it has none. */
export function probabilityOf(photo: Photo, label: string): number | null {
  const index = photo.ranking?.labels.indexOf(label) ?? -1;
  return index < 0 ? null : photo.ranking!.probabilities[index]!;
}

/** The top label and its probability, or null while the photo is not ranked. */
export function topLabelOf(photo: Photo): { label: string; probability: number } | null {
  const { ranking } = photo;
  const index = ranking ? topLabelIndex(ranking.probabilities) : null;
  return index === null ? null : { label: ranking!.labels[index]!, probability: ranking!.probabilities[index]! };
}

const names = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The value a photo sorts by; null sorts last whichever the direction, as a photo not ranked yet has nothing to compare. */
function sortValue(
  photo: Photo,
  sort: SortKey,
  similarities: ReadonlyMap<string, number> | null,
): string | number | null {
  switch (sort.by) {
    case 'added':
      return photo.seq;
    case 'name':
      return photo.name;
    case 'top-label':
      return topLabelOf(photo)?.label ?? null;
    case 'label':
      return probabilityOf(photo, sort.label);
    case 'match':
      return similarities?.get(photo.id) ?? null;
  }
}

function compareValues(a: string | number, b: string | number): number {
  return typeof a === 'string' && typeof b === 'string' ? names.compare(a, b) : (a as number) - (b as number);
}

/**
 * The photos to show, in order: filtered by a label (see labelsOf), then sorted; ties, and photos
 * without a value, keep the order they were added in.
 */
export function photoView(
  photos: readonly Photo[],
  options: ViewOptions,
  threshold: number,
  similarities: ReadonlyMap<string, number> | null,
): Photo[] {
  const { sort, descending, filter } = options;
  const shown = filter === null ? [...photos] : photos.filter((photo) => labelsOf(photo, threshold).includes(filter));
  const direction = descending ? -1 : 1;
  const keyed = shown.map((photo) => ({ photo, value: sortValue(photo, sort, similarities) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
      return a.photo.seq - b.photo.seq;
    }
    const byValue = compareValues(a.value, b.value) * direction;
    if (byValue !== 0) return byValue;
    // Equal top labels order by how sure the model is, most sure first.
    if (sort.by === 'top-label') return topLabelOf(b.photo)!.probability - topLabelOf(a.photo)!.probability;
    return a.photo.seq - b.photo.seq;
  });
  return keyed.map(({ photo }) => photo);
}

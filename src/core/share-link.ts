import { readLabels } from './labels';
import type { ScoringMode } from './scoring';

/** Labels and a scoring mode carried by a link: `?labels=beach,receipt&mode=tag-all`. */
export interface SharedLabels {
  labels: string[];
  mode: ScoringMode | null;
}

const MODES: readonly ScoringMode[] = ['pick-one', 'tag-all'];

/** The labels a page address carries, or null when it carries none. */
export function sharedLabelsFrom(search: string): SharedLabels | null {
  const params = new URLSearchParams(search);
  // Labels a link could not have come from this app (too long) are left out, as typing them would be.
  const { labels } = readLabels(params.get('labels') ?? '');
  if (labels.length === 0) return null;
  const mode = params.get('mode');
  return { labels, mode: MODES.find((known) => known === mode) ?? null };
}

/** The address of `page` carrying these labels and mode, and nothing else of the page's own query. */
export function shareLink(page: string, shared: SharedLabels): string {
  const url = new URL(page);
  url.search = '';
  url.hash = '';
  url.searchParams.set('labels', shared.labels.join(','));
  if (shared.mode) url.searchParams.set('mode', shared.mode);
  return url.href;
}

/** The page's address without the shared labels, once they have been taken in: a reload then keeps later edits. */
export function withoutSharedLabels(page: string): string {
  const url = new URL(page);
  url.searchParams.delete('labels');
  url.searchParams.delete('mode');
  return url.href;
}

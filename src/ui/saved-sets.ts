import { parseSavedSets, type SavedLabelSet } from '../core/presets';

const STORAGE_KEY = 'cliptag.labelSets';

/** The user's saved label sets, kept in localStorage so they survive reloads. */
export function loadSavedSets(): SavedLabelSet[] {
  try {
    return parseSavedSets(localStorage.getItem(STORAGE_KEY));
  } catch {
    return []; // Storage can be off (private modes): start with none.
  }
}

/** Returns a message when the sets could not be stored, so the page can say they last only this visit. */
export function storeSavedSets(sets: readonly SavedLabelSet[]): string | null {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(sets));
    return null;
  } catch (error) {
    return `Saved sets could not be stored in this browser (${String(error)}); they will last until you close the page.`;
  }
}

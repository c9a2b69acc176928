import { parseSavedSets, type SavedLabelSet } from '../core/presets';

/** What this browser keeps in localStorage, by key. */
const KEYS = {
  modelHost: 'cliptag.modelHost',
  model: 'cliptag.model',
  labelSets: 'cliptag.labelSets',
  resultsLayout: 'cliptag.resultsLayout',
} as const;

/** How the results are laid out: a card per photo, or a table row. */
export type ResultsLayout = 'cards' | 'table';

type SettingKey = keyof typeof KEYS;

function read(key: SettingKey): string | null {
  try {
    return localStorage.getItem(KEYS[key]);
  } catch {
    return null; // Storage can be off (private modes); settings then last only for this visit.
  }
}

/** Stores (or, for null, forgets) a value; returns why it could not be stored, or null. */
function write(key: SettingKey, value: string | null): string | null {
  try {
    if (value === null) localStorage.removeItem(KEYS[key]);
    else localStorage.setItem(KEYS[key], value);
    return null;
  } catch (error) {
    return String(error);
  }
}

/** The model host and model chosen last time, and the user's label sets, kept across visits. */
export const localSettings = {
  modelHost: () => read('modelHost'),
  /** An empty host means the Hub: nothing to keep. */
  saveModelHost: (host: string | null) => void write('modelHost', host || null),
  model: () => read('model'),
  saveModel: (model: string) => void write('model', model),
  resultsLayout: (): ResultsLayout => (read('resultsLayout') === 'table' ? 'table' : 'cards'),
  saveResultsLayout: (layout: ResultsLayout) => void write('resultsLayout', layout),
  labelSets: (): SavedLabelSet[] => parseSavedSets(read('labelSets')),
  /** Forgets every setting and label set this browser keeps. */
  forgetAll: () => {
    for (const key of Object.keys(KEYS) as SettingKey[]) write(key, null);
  },
  /** Returns a message when the sets could not be stored, so the page can say they last only this visit. */
  saveLabelSets: (sets: readonly SavedLabelSet[]): string | null => {
    const failure = write('labelSets', JSON.stringify(sets));
    return (
      failure && `Saved sets could not be stored in this browser (${failure}); they will last until you close the page.`
    );
  },
};

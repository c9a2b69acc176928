/** Label sets a user can load in one click, written for everyday photo libraries. */
export interface LabelSet {
  name: string;
  labels: readonly string[];
}

/** The built-in demo's labels, loaded with it: every colour-shape pair among its photos, so each can be named. */
export const DEMO_LABEL_SET: LabelSet = {
  name: 'Demo: colours and shapes',
  labels: [
    'red circle',
    'red star',
    'blue circle',
    'blue square',
    'green triangle',
    'green star',
    'yellow triangle',
    'yellow star',
    'purple square',
    'purple triangle',
    'orange circle',
    'orange square',
  ],
};

export const PRESET_LABEL_SETS: readonly LabelSet[] = [
  {
    name: 'Everyday photos',
    labels: [
      'people',
      'selfie',
      'food',
      'pet',
      'landscape',
      'city street',
      'beach',
      'document',
      'screenshot',
      'car',
      'flowers',
      'party',
    ],
  },
  {
    name: 'Animals',
    labels: [
      'dog',
      'cat',
      'bird',
      'horse',
      'cow',
      'sheep',
      'fish',
      'rabbit',
      'insect',
      'boxer (dog breed)',
      'crane (bird)',
    ],
  },
  {
    name: 'Scenes',
    labels: [
      'beach',
      'mountains',
      'forest',
      'city at night',
      'kitchen',
      'living room',
      'office',
      'snow',
      'desert',
      'lake',
      'concert',
      'stadium',
    ],
  },
  {
    name: 'Document types',
    labels: [
      'receipt',
      'invoice',
      'handwritten note',
      'printed letter',
      'business card',
      'passport',
      'form',
      'whiteboard',
      'slide from a presentation',
      'menu',
    ],
  },
  DEMO_LABEL_SET,
];

/** A user's own label set, with the templates they used, as kept in the browser. */
export interface SavedLabelSet {
  name: string;
  labels: string[];
  templates: string[];
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Reads saved sets back from storage, dropping anything malformed rather than failing the page. */
export function parseSavedSets(json: string | null): SavedLabelSet[] {
  if (!json) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(isSavedLabelSet);
}

function isSavedLabelSet(item: unknown): item is SavedLabelSet {
  if (typeof item !== 'object' || item === null) return false;
  const fields = item as Partial<Record<keyof SavedLabelSet, unknown>>;
  return typeof fields.name === 'string' && isStringList(fields.labels) && isStringList(fields.templates);
}

/** Adds or replaces (by name) a saved set, keeping the list in the order sets were first saved. */
export function withSavedSet(sets: readonly SavedLabelSet[], set: SavedLabelSet): SavedLabelSet[] {
  const index = sets.findIndex((existing) => existing.name === set.name);
  return index < 0 ? [...sets, set] : sets.map((existing, i) => (i === index ? set : existing));
}

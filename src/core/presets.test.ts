import { describe, expect, it } from 'vitest';
import { PRESET_LABEL_SETS, parseSavedSets, withSavedSet } from './presets';

describe('presets', () => {
  it('offers everyday photos, animals, scenes and document types', () => {
    expect(PRESET_LABEL_SETS.map((set) => set.name)).toEqual(
      expect.arrayContaining(['Everyday photos', 'Animals', 'Scenes', 'Document types']),
    );
    for (const set of PRESET_LABEL_SETS) expect(new Set(set.labels).size).toBe(set.labels.length);
  });
});

describe('saved label sets', () => {
  const pets = { name: 'pets', labels: ['dog', 'cat'], templates: ['a photo of my {}.'] };
  it('round-trips through storage and skips malformed entries', () => {
    const stored = JSON.stringify([pets, { name: 3 }, { name: 'x', labels: 'dog', templates: [] }]);
    expect(parseSavedSets(stored)).toEqual([pets]);
    expect(parseSavedSets('not json')).toEqual([]);
    expect(parseSavedSets(null)).toEqual([]);
  });
  it('replaces a set saved again under the same name', () => {
    const updated = { ...pets, labels: ['dog'] };
    expect(withSavedSet([pets], updated)).toEqual([updated]);
    expect(withSavedSet([pets], { ...pets, name: 'other' })).toHaveLength(2);
  });
});

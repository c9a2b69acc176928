import { useState, type FormEvent } from 'react';
import { PRESET_LABEL_SETS, withSavedSet, type LabelSet, type SavedLabelSet } from '../core/presets';
import { closeOnEscape } from './disclosure';

interface Props {
  labels: readonly string[];
  templates: readonly string[];
  saved: readonly SavedLabelSet[];
  onLoadPreset: (set: LabelSet) => void;
  onLoadSaved: (set: SavedLabelSet) => void;
  onSavedChange: (sets: SavedLabelSet[]) => void;
}

/** Preset label sets in one click, and the user's own sets (labels and templates) saved in this browser. */
export function LabelSets({ labels, templates, saved, onLoadPreset, onLoadSaved, onSavedChange }: Props) {
  const [name, setName] = useState('');

  const save = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || labels.length === 0) return;
    onSavedChange(withSavedSet(saved, { name: trimmed, labels: [...labels], templates: [...templates] }));
    setName('');
  };

  return (
    <details className="label-sets" onKeyDown={closeOnEscape}>
      <summary>Label sets</summary>
      <div className="set-row" role="group" aria-label="Presets">
        <span className="muted">Presets:</span>
        {PRESET_LABEL_SETS.map((set) => (
          <button key={set.name} type="button" onClick={() => onLoadPreset(set)}>
            {set.name}
          </button>
        ))}
      </div>
      {saved.length > 0 && (
        <ul className="set-row" aria-label="Saved label sets">
          {saved.map((set) => (
            <li key={set.name} className="saved-set">
              <button type="button" onClick={() => onLoadSaved(set)}>
                {set.name} ({set.labels.length})
              </button>
              <button
                type="button"
                className="icon"
                aria-label={`Delete saved set ${set.name}`}
                onClick={() => onSavedChange(saved.filter((other) => other.name !== set.name))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="set-row" onSubmit={save}>
        <input
          aria-label="Name for this label set"
          placeholder="Name this set…"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" disabled={!name.trim() || labels.length === 0}>
          Save labels and templates
        </button>
      </form>
    </details>
  );
}

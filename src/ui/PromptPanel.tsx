import { useState } from 'react';
import type { ModelFamily } from '../core/catalog';
import type { PromptSettings } from '../core/prompts';
import type { PromptProgress } from '../core/protocol';
import { DEFAULT_TEMPLATES, TemplateError, parseTemplates } from '../core/templates';
import { closeOnEscape } from './disclosure';
import { useWideLayout } from './use-wide-layout';

interface Props {
  /** Which scoring the loaded model has, to explain "tag all that apply" truthfully. */
  family: ModelFamily;
  settings: PromptSettings;
  threshold: number;
  progress: PromptProgress | null;
  onChange: (settings: PromptSettings) => void;
  onThreshold: (threshold: number) => void;
}

/** How photos are scored: pick one label or tag all that apply, and the prompt templates around labels. */
export function PromptPanel({ family, settings, threshold, progress, onChange, onThreshold }: Props) {
  const wide = useWideLayout();
  const [draft, setDraft] = useState(settings.templates.join('\n'));
  const [draftOf, setDraftOf] = useState(settings.templates);
  const [error, setError] = useState<string | null>(null);
  if (draftOf !== settings.templates) {
    // Templates loaded from elsewhere (a saved set) replace the text being edited.
    setDraftOf(settings.templates);
    setDraft(settings.templates.join('\n'));
  }

  const applyTemplates = (text: string) => {
    try {
      onChange({ ...settings, templates: parseTemplates(text) });
      setError(null);
    } catch (caught) {
      if (!(caught instanceof TemplateError)) throw caught;
      setError(caught.message);
    }
  };

  return (
    <details className="prompt-panel" open={wide} onKeyDown={closeOnEscape}>
      <summary>
        <h2>Scoring</h2>{' '}
        <span className="muted">{settings.scoringMode === 'pick-one' ? 'Pick one' : 'Tag all that apply'}</span>
      </summary>
      <div className="mode-row">
        <RadioGroup
          legend="Scoring"
          value={settings.scoringMode}
          options={[
            ['pick-one', 'Pick one'],
            ['tag-all', 'Tag all that apply'],
          ]}
          onChange={(scoringMode) => onChange({ ...settings, scoringMode })}
        />
        {settings.scoringMode === 'tag-all' && (
          <label className="threshold">
            Tag when at least {Math.round(threshold * 100)}%
            <input
              type="range"
              min={0.05}
              max={0.95}
              step={0.05}
              value={threshold}
              aria-label="Tag threshold"
              onChange={(event) => onThreshold(Number(event.target.value))}
            />
          </label>
        )}
        {progress && (
          <span role="status" className="muted">
            Encoding prompts {progress.encoded.toLocaleString()} of {progress.total.toLocaleString()}
          </span>
        )}
      </div>
      <p className="muted">
        {settings.scoringMode === 'pick-one'
          ? 'Probabilities compare the labels with each other and add up to 100%.'
          : family === 'siglip'
            ? "Each label is scored on its own with SigLIP's sigmoid, so several can apply."
            : 'Each label is scored on its own, against a photo of nothing in particular, so several can apply.'}
        {settings.scoringMode === 'tag-all' && ' A wrong or missing tag? “Correct it” on its photo teaches that label.'}
      </p>
      <details className="templates" onKeyDown={closeOnEscape}>
        <summary>
          Prompt templates:{' '}
          {settings.promptMode === 'ensemble' ? `ensemble of ${settings.templates.length}` : 'single template'}
        </summary>
        <RadioGroup
          legend="Templates"
          value={settings.promptMode}
          options={[
            ['ensemble', 'Ensemble (average over all templates)'],
            ['single', 'Single template (the first line)'],
          ]}
          onChange={(promptMode) => onChange({ ...settings, promptMode })}
        />
        <label className="template-editor">
          One template per line; {'{}'} marks the label. Paste a published set, such as CLIP's 80 ImageNet templates.
          <textarea aria-label="Templates" rows={8} value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" className="primary" onClick={() => applyTemplates(draft)}>
            Apply templates
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(DEFAULT_TEMPLATES.join('\n'));
              applyTemplates(DEFAULT_TEMPLATES.join('\n'));
            }}
          >
            Reset to default
          </button>
        </div>
      </details>
    </details>
  );
}

/** One choice among a few, as a row of radio buttons. */
function RadioGroup<T extends string>(props: {
  legend: string;
  value: T;
  options: ReadonlyArray<readonly [T, string]>;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <label key={value}>
          <input
            type="radio"
            name={props.legend}
            checked={props.value === value}
            onChange={() => props.onChange(value)}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

import { useRef } from 'react';
import { MODEL_CATALOG } from '../core/catalog';
import type { EvaluationState, ModelComparison } from '../session/session-state';

interface Props {
  evaluation: EvaluationState;
  /** The model in use, not offered for comparison; null when none is loaded. */
  currentModel: string | null;
  /** A model is loaded and photos are on the page. */
  canCheck: boolean;
  onAnswers: (file: File) => void;
  onCompareWith: (model: string) => void;
  onCheck: () => void;
  onStop: () => void;
}

/** Where a comparison stands, in words; null once it is done (the report shows it). */
function comparisonStatus(comparison: ModelComparison): string | null {
  const { model } = comparison.choice;
  switch (comparison.status) {
    case 'loading': {
      const { progress } = comparison;
      const share = progress?.total ? ` ${Math.floor((progress.loaded / progress.total) * 100)}%` : '';
      return `Loading ${model} to compare…${share}`;
    }
    case 'encoding':
      return `${model}: ${comparison.encoded} of ${comparison.total} photos ready…`;
    default:
      return null;
  }
}

/**
 * Checking accuracy on the person's own photos: where the right answers come from, and the button.
 * The report itself is shown beside the photos (EvaluationReport).
 */
export function EvaluationPanel({
  evaluation,
  currentModel,
  canCheck,
  onAnswers,
  onCompareWith,
  onCheck,
  onStop,
}: Props) {
  const answersInput = useRef<HTMLInputElement>(null);
  const { comparison } = evaluation;
  const comparing = comparison !== null && (comparison.status === 'loading' || comparison.status === 'encoding');
  const running = evaluation.status === 'running' || comparing;
  const progress = comparison && comparisonStatus(comparison);
  return (
    <details className="evaluation-panel">
      <summary>Check accuracy on labelled photos</summary>
      <p className="muted">
        Open or drop a folder with one subfolder per label (cats/, dogs/…): each photo's folder is its right answer. Or
        add a CSV file of rows <code>file,label</code> (more labels after more commas) with the photos.
      </p>
      <p>
        <button type="button" onClick={() => answersInput.current?.click()}>
          Add a CSV of answers
        </button>
        <input
          ref={answersInput}
          type="file"
          accept=".csv,text/csv"
          hidden
          aria-label="Add a CSV of answers"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) onAnswers(file);
            event.target.value = '';
          }}
        />
      </p>
      <p className="muted" role="status">
        {evaluation.answers
          ? `Answers from ${evaluation.answers.fileName} (${evaluation.answers.rows.size} photos).`
          : 'No CSV added: each photo’s folder name is taken as its right answer.'}
      </p>
      <label className="compare-with">
        Compare with another model (optional)
        <input
          list="comparison-models"
          value={evaluation.compareWith}
          placeholder="A model name, such as Xenova/clip-vit-base-patch16"
          onChange={(event) => onCompareWith(event.target.value)}
        />
        <datalist id="comparison-models">
          {MODEL_CATALOG.filter((entry) => entry.id !== currentModel).map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.title}
            </option>
          ))}
        </datalist>
      </label>
      <p className="muted">
        The other model reads the photos itself, once: the first comparison downloads it and encodes the photos.
      </p>
      <p className="actions">
        {/* aria-disabled while running, not disabled: a disabled button drops the keyboard focus on the page. */}
        <button
          type="button"
          className="primary"
          disabled={!canCheck}
          aria-disabled={running}
          onClick={() => {
            if (!running) onCheck();
          }}
        >
          {running ? 'Checking…' : 'Check accuracy'}
        </button>
        {running && (
          <button type="button" onClick={onStop}>
            Stop
          </button>
        )}
      </p>
      <p className="muted" role="status">
        {progress}
      </p>
      {evaluation.error && (
        <p role="alert" className="error">
          {evaluation.error}
        </p>
      )}
      {comparison?.error && (
        <p role="alert" className="error">
          {comparison.error}
        </p>
      )}
    </details>
  );
}

import { useRef } from 'react';
import type { EvaluationState } from '../session/session-state';

interface Props {
  evaluation: EvaluationState;
  /** A model is loaded and photos are on the page. */
  canCheck: boolean;
  onAnswers: (file: File) => void;
  onCheck: () => void;
}

/**
 * Checking accuracy on the person's own photos: where the right answers come from, and the button.
 * The report itself is shown beside the photos (EvaluationReport).
 */
export function EvaluationPanel({ evaluation, canCheck, onAnswers, onCheck }: Props) {
  const answersInput = useRef<HTMLInputElement>(null);
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
          : 'Answers from the photos’ folders.'}
      </p>
      <button
        type="button"
        className="primary"
        disabled={!canCheck || evaluation.status === 'running'}
        onClick={onCheck}
      >
        {evaluation.status === 'running' ? 'Checking…' : 'Check accuracy'}
      </button>
      {evaluation.error && (
        <p role="alert" className="error">
          {evaluation.error}
        </p>
      )}
    </details>
  );
}

import { useModalDialog } from './use-modal-dialog';

export interface Choice<T extends string> {
  value: T;
  label: string;
  primary?: boolean;
}

interface Props<T extends string> {
  /** The question; the dialog is open while there is one. */
  question: { title: string; message: string; choices: readonly Choice<T>[] } | null;
  /** The button pressed, or null for Escape or Cancel. */
  onAnswer: (value: T | null) => void;
}

/** A modal question with its own answers; Escape and Cancel answer null, and focus returns where it was. */
export function ConfirmDialog<T extends string>({ question, onAnswer }: Props<T>) {
  const dialog = useModalDialog(question !== null);
  return (
    <dialog ref={dialog} className="settings confirm" aria-labelledby="confirm-heading" onClose={() => onAnswer(null)}>
      {question && (
        <form method="dialog">
          <h2 id="confirm-heading">{question.title}</h2>
          <p>{question.message}</p>
          <div className="actions">
            {question.choices.map((choice) => (
              <button
                key={choice.value}
                type="button"
                className={choice.primary ? 'primary' : undefined}
                onClick={() => onAnswer(choice.value)}
              >
                {choice.label}
              </button>
            ))}
            <button type="button" onClick={() => onAnswer(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

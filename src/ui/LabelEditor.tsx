import { useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { PHOTO_DRAG_TYPE } from './photo-drag';
import { endsInsideBrackets, mergeLabels, parseLabel, readLabels, splitLabels, tooLongMessage } from '../core/labels';

interface Props {
  labels: readonly string[];
  error: string | null;
  onChange: (labels: string[]) => void;
  /** A photo card dropped on a label's chip: the photo becomes an example of that label. */
  onPhotoDropped?: (photoId: string, label: string) => void;
}

/** Focus moves to the next chip's remove button, or to the text box after the last chip. */
function focusAfterRemoving(button: HTMLButtonElement): void {
  const chip = button.closest('li');
  const next = chip?.nextElementSibling?.querySelector<HTMLElement>('button, input');
  const previous = chip?.previousElementSibling?.querySelector<HTMLElement>('button');
  (next ?? previous)?.focus();
}

/**
 * Labels as removable chips: type one and press Enter or a comma, or paste a comma/newline list. A photo
 * card dropped on a chip teaches that label (the card's "Correct it" picker does the same from the keyboard).
 */
export function LabelEditor({ labels, error, onChange, onPhotoDropped }: Props) {
  const [draft, setDraft] = useState('');
  const [tooLong, setTooLong] = useState<string[]>([]);

  // Labels refused for their length stay in the box, to be shortened.
  const commit = (text: string) => {
    const read = readLabels(text);
    const merged = mergeLabels(labels, read.labels);
    if (merged.length !== labels.length) onChange(merged);
    setTooLong(read.tooLong);
    setDraft(read.tooLong.join(', '));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || (event.key === ',' && !endsInsideBrackets(draft))) {
      event.preventDefault();
      commit(draft);
    } else if (event.key === 'Backspace' && draft === '' && labels.length > 0) {
      onChange(labels.slice(0, -1));
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData('text');
    if (splitLabels(draft + text).length < 2) return; // A single label pastes into the box like typing.
    event.preventDefault();
    commit(draft + text);
  };

  return (
    <div className="label-editor">
      <ul className="chips">
        {labels.map((label) => {
          const { display, text } = parseLabel(label);
          return (
            <li
              key={label}
              className="chip"
              title={text === display ? undefined : `Encoded as "${text}"`}
              onDragOver={(event) => {
                if (!onPhotoDropped || !event.dataTransfer.types.includes(PHOTO_DRAG_TYPE)) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = 'link';
              }}
              onDrop={(event) => {
                const photoId = event.dataTransfer.getData(PHOTO_DRAG_TYPE);
                if (!onPhotoDropped || !photoId) return;
                event.preventDefault();
                onPhotoDropped(photoId, label);
              }}
            >
              <span>{display}</span>
              {text !== display && <span className="clarifier">{text.slice(display.length).trim()}</span>}
              <button
                type="button"
                aria-label={`Remove label ${label}`}
                onClick={(event) => {
                  focusAfterRemoving(event.currentTarget);
                  onChange(labels.filter((other) => other !== label));
                }}
              >
                ×
              </button>
            </li>
          );
        })}
        <li className="chip-input">
          <input
            aria-label="Add labels"
            placeholder={
              labels.length
                ? 'Add another label…'
                : 'Type a label and press Enter: beach, receipt, my dog, boxer (dog breed)…'
            }
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onBlur={() => draft.trim() && commit(draft)}
          />
        </li>
      </ul>
      {tooLong.length > 0 && (
        <p role="alert" className="error">
          {tooLongMessage(tooLong)}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          The labels could not be encoded: {error}
        </p>
      )}
    </div>
  );
}

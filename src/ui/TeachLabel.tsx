import { useRef, useState } from 'react';
import { parseLabel } from '../core/labels';
import type { Photo } from '../session/session-state';

interface Props {
  photo: Photo;
  onTeach: (id: string, label: string, negative: boolean) => void;
}

/** The two kinds of correction, as one picker's groups: a value is the kind, a space, then the label. */
const KINDS = [
  { kind: 'is', group: 'This is', prefix: '', negative: false },
  { kind: 'not', group: 'This is not', prefix: 'not ', negative: true },
] as const;

/**
 * "This is…" or "not…": a person names a photo's right label, or one it does not show, and its
 * embedding becomes an example that every other photo is ranked (pick one) or tagged (tag all) against
 * again. One picker, so a card keeps its height. Dragging the card onto a label chip does what "This is"
 * does.
 */
export function TeachLabel({ photo, onTeach }: Props) {
  // A closed picker changes its value on every arrow key or typed letter: those choices wait for Enter, so
  // moving through the list with the keyboard teaches only the option finally chosen.
  const [pending, setPending] = useState('');
  const byKeyboard = useRef(false);
  if (photo.state !== 'encoded' || !photo.ranking) return null;
  const { labels } = photo.ranking;
  const teach = (value: string) => {
    const [kind, ...rest] = value.split(' ');
    setPending('');
    onTeach(photo.id, rest.join(' '), kind === 'not');
  };
  return (
    <label className="teach">
      Correct it:{' '}
      <select
        aria-label={`Correct it: ${photo.name}`}
        aria-describedby="teach-keys"
        value={pending}
        onPointerDown={() => (byKeyboard.current = false)}
        onKeyDown={(event) => {
          byKeyboard.current = event.key !== 'Enter';
          if (event.key === 'Enter' && pending) {
            event.preventDefault();
            teach(pending);
          }
        }}
        onChange={(event) => {
          if (byKeyboard.current) setPending(event.target.value);
          else teach(event.target.value);
        }}
        onBlur={() => setPending('')}
      >
        <option value="" disabled>
          this is… / not…
        </option>
        {KINDS.map(({ kind, group, prefix }) => (
          <optgroup key={kind} label={group}>
            {labels.map((label) => (
              <option key={label} value={`${kind} ${label}`}>
                {prefix}
                {parseLabel(label).display}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

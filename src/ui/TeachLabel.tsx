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
  if (photo.state !== 'encoded' || !photo.ranking) return null;
  const { labels } = photo.ranking;
  return (
    <label className="teach">
      Correct it:{' '}
      <select
        aria-label={`Correct it: ${photo.name}`}
        value=""
        onChange={(event) => {
          const [kind, ...rest] = event.target.value.split(' ');
          onTeach(photo.id, rest.join(' '), kind === 'not');
        }}
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

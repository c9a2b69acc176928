import { parseLabel } from '../core/labels';
import type { Photo } from '../session/session-state';

interface Props {
  photo: Photo;
  onTeach: (id: string, label: string, negative: boolean) => void;
}

/**
 * "This is…" and "Not…": a person names a photo's right label, or one it does not show, and its
 * embedding becomes an example that every other photo is ranked against again. Only in "pick one",
 * whose ranking learns from examples. Dragging the card onto a label chip does what "This is…" does.
 */
export function TeachLabel({ photo, onTeach }: Props) {
  if (photo.state !== 'encoded' || photo.ranking?.mode !== 'pick-one') return null;
  const options = photo.ranking.labels.map((label) => (
    <option key={label} value={label}>
      {parseLabel(label).display}
    </option>
  ));
  const kinds = [
    { name: 'This is', negative: false },
    { name: 'Not', negative: true },
  ];
  return (
    <div className="teach">
      {kinds.map(({ name, negative }) => (
        <label key={name}>
          {name}{' '}
          <select
            aria-label={`${name}… (${photo.name})`}
            value=""
            onChange={(event) => onTeach(photo.id, event.target.value, negative)}
          >
            <option value="" disabled>
              choose a label
            </option>
            {options}
          </select>
        </label>
      ))}
    </div>
  );
}

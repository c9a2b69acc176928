import { parseLabel } from '../core/labels';
import type { Photo } from '../session/session-state';

interface Props {
  photo: Photo;
  onTeach: (id: string, label: string) => void;
}

/**
 * "This is…": a person names a photo's right label, and its embedding becomes an example that every
 * other photo is ranked against again. Only in "pick one", whose ranking learns from examples.
 */
export function TeachLabel({ photo, onTeach }: Props) {
  if (photo.state !== 'encoded' || photo.ranking?.mode !== 'pick-one') return null;
  return (
    <label className="teach">
      This is{' '}
      <select
        aria-label={`This is… (${photo.name})`}
        defaultValue=""
        onChange={(event) => onTeach(photo.id, event.target.value)}
      >
        <option value="" disabled>
          choose a label
        </option>
        {photo.ranking.labels.map((label) => (
          <option key={label} value={label}>
            {parseLabel(label).display}
          </option>
        ))}
      </select>
    </label>
  );
}

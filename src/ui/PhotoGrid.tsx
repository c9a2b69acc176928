import { memo, useCallback, type MouseEvent } from 'react';
import type { Photo } from '../session/session-state';
import { PhotoCard } from './PhotoCard';

interface Props {
  photos: readonly Photo[];
  threshold: number;
  selected: ReadonlySet<string>;
  onSelect: (id: string, range: boolean) => void;
  onRemove: (id: string) => void;
  onTeach: (id: string, label: string) => void;
  /** Where focus goes when the last photo is removed. */
  onEmptied: () => void;
}

/**
 * Every photo's card; memoised so that the page's other updates do not re-render hundreds of cards.
 * Removing a card moves focus to the next card's remove button (or the previous one's), so a keyboard
 * user is never dropped at the top of the page.
 */
export const PhotoGrid = memo(function PhotoGrid({
  photos,
  threshold,
  selected,
  onSelect,
  onRemove,
  onTeach,
  onEmptied,
}: Props) {
  const remove = useCallback(
    (id: string, event: MouseEvent<HTMLButtonElement>) => {
      const card = event.currentTarget.closest('li.card');
      const neighbour = card?.nextElementSibling ?? card?.previousElementSibling;
      const next = neighbour?.querySelector<HTMLButtonElement>('button.remove');
      if (next) next.focus();
      else onEmptied();
      onRemove(id);
    },
    [onRemove, onEmptied],
  );
  const select = useCallback(
    (id: string, event: MouseEvent<HTMLInputElement>) => onSelect(id, event.shiftKey),
    [onSelect],
  );
  return (
    <ul className="grid" aria-label="Photo results">
      {photos.map((photo) => (
        <PhotoCard
          key={photo.id}
          photo={photo}
          threshold={threshold}
          selected={selected.has(photo.id)}
          onSelect={select}
          onRemove={remove}
          onTeach={onTeach}
        />
      ))}
    </ul>
  );
});

import { memo } from 'react';
import type { Photo } from '../session/session-state';
import { PhotoCard } from './PhotoCard';

interface Props {
  photos: readonly Photo[];
  threshold: number;
  onRemove: (id: string) => void;
}

/** Every photo's card; memoised so that the page's other updates do not re-render hundreds of cards. */
export const PhotoGrid = memo(function PhotoGrid({ photos, threshold, onRemove }: Props) {
  return (
    <ul className="grid" aria-label="Photo results">
      {photos.map((photo) => (
        <PhotoCard key={photo.id} photo={photo} threshold={threshold} onRemove={onRemove} />
      ))}
    </ul>
  );
});

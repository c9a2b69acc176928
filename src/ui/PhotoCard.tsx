import { memo, type MouseEvent } from 'react';
import { parseLabel } from '../core/labels';
import { rankLabels } from '../core/scoring';
import type { Photo } from '../session/session-state';

interface Props {
  photo: Photo;
  threshold: number;
  onRemove: (id: string, event: MouseEvent<HTMLButtonElement>) => void;
}

function percent(probability: number): string {
  return `${(probability * 100).toFixed(1)}%`;
}

/** One photo: its thumbnail, and every label ranked with a bar and a percentage. */
export const PhotoCard = memo(function PhotoCard({ photo, threshold, onRemove }: Props) {
  const ranked = photo.ranking ? rankLabels(photo.ranking.labels, photo.ranking.probabilities) : [];
  const tagging = photo.ranking?.mode === 'tag-all';
  const tags = tagging ? ranked.filter((row) => row.probability >= threshold) : [];
  return (
    <li className={`card card-${photo.state}`} aria-label={photo.name} data-state={photo.state}>
      <div className="thumb">
        {photo.thumbnailUrl ? (
          <img src={photo.thumbnailUrl} alt={photo.name} />
        ) : (
          <span className="thumb-placeholder" />
        )}
      </div>
      <div className="card-body">
        <div className="card-title">
          <span className="file-name" title={photo.name}>
            {photo.name}
          </span>
          <button
            type="button"
            className="icon remove"
            aria-label={`Remove ${photo.name}`}
            onClick={(event) => onRemove(photo.id, event)}
          >
            ×
          </button>
        </div>
        {photo.state === 'failed' && (
          <p role="alert" className="error">
            {photo.error}
          </p>
        )}
        {photo.state === 'queued' && <p className="muted">Waiting to be encoded…</p>}
        {photo.state === 'encoded' && ranked.length === 0 && <p className="muted">Add labels to rank this photo.</p>}
        {tagging && (
          <ul className="tags" aria-label={`Tags for ${photo.name}`}>
            {tags.length === 0 && <li className="muted">No label reaches {Math.round(threshold * 100)}%</li>}
            {tags.map(({ label }) => (
              <li key={label} className="tag" data-label={label}>
                {parseLabel(label).display}
              </li>
            ))}
          </ul>
        )}
        {ranked.length > 0 && (
          <ol className="ranking" aria-label={`Labels for ${photo.name}`}>
            {ranked.map(({ label, probability }) => (
              <li key={label} data-label={label} data-probability={probability}>
                <span className="rank-label" title={label}>
                  {parseLabel(label).display}
                </span>
                <span className="bar" aria-hidden="true">
                  <span style={{ width: percent(probability) }} />
                </span>
                <span className="rank-value">{percent(probability)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </li>
  );
});

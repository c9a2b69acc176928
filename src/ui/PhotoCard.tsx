import { memo, useEffect, useState, type MouseEvent } from 'react';
import { parseLabel } from '../core/labels';
import { rankLabels } from '../core/scoring';
import { measureStartupStep } from '../core/startup-timing';
import type { Photo } from '../session/session-state';
import { TeachLabel } from './TeachLabel';
import { PHOTO_DRAG_TYPE } from './photo-drag';

/** Labels a card shows before "Show all": enough to see the answer and the runner-up. */
export const TOP_LABELS = 3;

interface Props {
  photo: Photo;
  threshold: number;
  selected: boolean;
  /** Its place among all photos (1-based) and their number: only some cards are in the page at once. */
  position: number;
  count: number;
  /** Set on the first card of each row of the grid, which measures the row's height. */
  measureRef?: (element: HTMLLIElement | null) => void;
  rowIndex: number;
  onSelect: (id: string, event: MouseEvent<HTMLInputElement>) => void;
  onRemove: (id: string, event: MouseEvent<HTMLButtonElement>) => void;
  onTeach: (id: string, label: string, negative: boolean) => void;
}

export function percent(probability: number): string {
  return `${(probability * 100).toFixed(1)}%`;
}

function expandText(showAll: boolean, tagging: boolean, count: number): string {
  if (tagging) return showAll ? 'Hide scores' : `Show all ${count} scores`;
  return showAll ? `Show top ${TOP_LABELS}` : `Show all ${count} labels`;
}

/**
 * One photo: its thumbnail and its answer. Picking one label, the top three with bars; tagging, the
 * tags. Every label's score is one click away.
 */
export const PhotoCard = memo(function PhotoCard(props: Props) {
  const { photo, threshold, selected, position, count, measureRef, rowIndex, onSelect, onRemove, onTeach } = props;
  const [showAll, setShowAll] = useState(false);
  const ranked = photo.ranking ? rankLabels(photo.ranking.labels, photo.ranking.probabilities) : [];
  const tagging = photo.ranking?.mode === 'tag-all';
  const tags = tagging ? ranked.filter((row) => row.probability >= threshold) : [];
  const shown = showAll ? ranked : tagging ? [] : ranked.slice(0, TOP_LABELS);
  const canExpand = tagging ? ranked.length > 0 : ranked.length > TOP_LABELS;
  const isRanked = ranked.length > 0;
  useEffect(() => {
    if (isRanked) measureStartupStep('first-ranked-card', 0);
  }, [isRanked]);
  const classes = ['card', `card-${photo.state}`, selected ? 'card-selected' : ''].filter(Boolean).join(' ');
  return (
    <li
      className={classes}
      aria-label={photo.name}
      aria-posinset={position}
      aria-setsize={count}
      data-state={photo.state}
      data-index={rowIndex}
      ref={measureRef}
      draggable={photo.state === 'encoded'}
      onDragStart={(event) => {
        event.dataTransfer.setData(PHOTO_DRAG_TYPE, photo.id);
        event.dataTransfer.effectAllowed = 'link';
      }}
    >
      <div className="thumb">
        {photo.thumbnailUrl ? (
          <img src={photo.thumbnailUrl} alt={photo.name} />
        ) : (
          <span className="thumb-placeholder" />
        )}
      </div>
      <div className="card-body">
        <div className="card-title">
          <input
            type="checkbox"
            className="select"
            aria-label={`Select ${photo.name}`}
            checked={selected}
            onChange={() => undefined}
            onClick={(event) => onSelect(photo.id, event)}
          />
          <span className="file-name" title={photo.path}>
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
        {photo.state === 'queued' && (
          <p className="muted">{photo.file ? 'Waiting to be encoded…' : 'Waiting for its model…'}</p>
        )}
        {photo.state === 'encoded' && ranked.length === 0 && <p className="muted">Add labels to rank this photo.</p>}
        {tagging && (
          <ul className="tags" aria-label={`Tags for ${photo.name}`}>
            {tags.length === 0 && <li className="muted">No label reaches {Math.round(threshold * 100)}%</li>}
            {tags.map(({ label, probability }) => (
              <li key={label} className="tag" data-label={label} title={`${label}: ${percent(probability)}`}>
                {parseLabel(label).display}
              </li>
            ))}
          </ul>
        )}
        {shown.length > 0 && (
          <ol className="ranking" aria-label={`Labels for ${photo.name}`}>
            {shown.map(({ label, probability }) => (
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
        {canExpand && (
          <button type="button" className="link show-all" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
            {expandText(showAll, tagging, ranked.length)}
          </button>
        )}
        <TeachLabel photo={photo} onTeach={onTeach} />
      </div>
    </li>
  );
});

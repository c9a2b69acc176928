import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useRef, useState, type MouseEvent, type RefObject } from 'react';
import type { Photo } from '../session/session-state';
import { PhotoCard } from './PhotoCard';

/** The grid's CSS: `repeat(auto-fill, minmax(340px, 1fr))` with a 14 px gap (styles.css, .grid). */
const CARD_MIN_WIDTH = 340;
const GAP = 14;
/** A card with its top three labels; expanded cards are measured as they render. */
const ESTIMATED_ROW_HEIGHT = 150;

interface Props {
  photos: readonly Photo[];
  threshold: number;
  selected: ReadonlySet<string>;
  onSelect: (id: string, range: boolean) => void;
  onRemove: (id: string) => void;
  onTeach: (id: string, label: string, negative: boolean) => void;
  /** Where focus goes when the last photo is removed. */
  onEmptied: () => void;
  /** The rankings shown are about to change (refined, or not yet rendered). */
  busy: boolean;
}

/** How many columns CSS auto-fill makes of a width: as many 340 px cards with their gaps as fit, at least one. */
function columnsFor(width: number): number {
  return Math.max(1, Math.floor((width + GAP) / (CARD_MIN_WIDTH + GAP)));
}

/** The grid's width and its distance from the top of the page, kept up to date as the page changes. */
function useGridPlacement(grid: RefObject<HTMLUListElement | null>): { width: number; top: number } {
  const [placement, setPlacement] = useState({ width: 0, top: 0 });
  useLayoutEffect(() => {
    const element = grid.current;
    if (!element) return;
    const measure = () => {
      const box = element.getBoundingClientRect();
      const next = { width: box.width, top: box.top + window.scrollY };
      setPlacement((current) => (current.width === next.width && current.top === next.top ? current : next));
    };
    measure();
    // The toolbar above can change height (a message, a wrapped row): the grid moves with it.
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [grid]);
  return placement;
}

/**
 * The photos' cards, a row at a time: only the rows on screen (and a few either side) are in the
 * page, so ten thousand photos cost what a screenful does. Removing a card moves focus to the next
 * card's remove button (or the previous one's), so a keyboard user is never dropped at the top.
 */
export const PhotoGrid = memo(function PhotoGrid({
  photos,
  threshold,
  selected,
  onSelect,
  onRemove,
  onTeach,
  onEmptied,
  busy,
}: Props) {
  const grid = useRef<HTMLUListElement>(null);
  const { width, top } = useGridPlacement(grid);
  const columns = columnsFor(width);
  const rows = Math.ceil(photos.length / columns);
  const virtualizer = useWindowVirtualizer({
    count: rows,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    gap: GAP,
    overscan: 3,
    scrollMargin: top,
    getItemKey: (row) => photos[row * columns]!.id,
  });

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

  const visibleRows = virtualizer.getVirtualItems();
  const first = visibleRows[0];
  const last = visibleRows.at(-1);
  const paddingTop = first ? first.start - top : 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - (last.end - top) : 0;
  return (
    <ul className="grid" ref={grid} aria-label="Photo results" aria-busy={busy} style={{ paddingTop, paddingBottom }}>
      {visibleRows.flatMap((row) =>
        photos.slice(row.index * columns, (row.index + 1) * columns).map((photo, column) => (
          <PhotoCard
            key={photo.id}
            photo={photo}
            threshold={threshold}
            selected={selected.has(photo.id)}
            position={row.index * columns + column + 1}
            count={photos.length}
            // The first card of a row stands for its row's height: cards in a row stretch to the tallest.
            measureRef={column === 0 ? virtualizer.measureElement : undefined}
            rowIndex={row.index}
            onSelect={select}
            onRemove={remove}
            onTeach={onTeach}
          />
        )),
      )}
    </ul>
  );
});

import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { parseLabel } from '../core/labels';
import { probabilityOf, topLabelOf, type SortKey } from '../session/photo-view';
import type { Photo } from '../session/session-state';
import { percent } from './PhotoCard';

/** Every row is this tall, so the table knows its full height without rendering it. */
const ROW_HEIGHT = 52;
const HEADER_HEIGHT = 44;
/** Rows a Page Up or Page Down moves by. */
const PAGE_ROWS = 10;

interface Props {
  photos: readonly Photo[];
  labels: readonly string[];
  sort: SortKey;
  descending: boolean;
  onSort: (sort: SortKey) => void;
  /** Similarity to the searched phrase by photo id, shown as a column while searching. */
  similarities: ReadonlyMap<string, number> | null;
  selected: ReadonlySet<string>;
  onSelect: (id: string, range: boolean) => void;
  onRemove: (id: string) => void;
  /** The rankings shown are about to change (refined, or not yet rendered). */
  busy: boolean;
}

function sameSort(a: SortKey, b: SortKey): boolean {
  return a.by === b.by && (a.by !== 'label' || (b.by === 'label' && a.label === b.label));
}

/**
 * One row per photo, every label a column, sortable by any column. Only the rows in view are in the
 * page, so ten thousand photos cost what twenty do. Arrow keys, Page Up/Down, Home and End move
 * between rows; Space selects (Shift+Space a range); Delete removes.
 */
export const PhotoTable = memo(function PhotoTable(props: Props) {
  const { photos, labels, sort, descending, onSort, similarities, selected, onSelect, onRemove, busy } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusWanted = useRef(false);
  const virtualizer = useVirtualizer({
    count: photos.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey: (index) => photos[index]!.id,
  });
  const activeRow = Math.min(active, Math.max(photos.length - 1, 0));

  useEffect(() => {
    if (!focusWanted.current) return;
    const row = scroller.current?.querySelector<HTMLElement>(`tr[data-index="${activeRow}"]`);
    if (!row) return;
    focusWanted.current = false;
    row.focus({ preventScroll: true });
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(photos.length - 1, index));
    focusWanted.current = true;
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const photo = photos[activeRow];
    if (!photo) return;
    const moves: Record<string, number> = {
      ArrowDown: activeRow + 1,
      ArrowUp: activeRow - 1,
      PageDown: activeRow + PAGE_ROWS,
      PageUp: activeRow - PAGE_ROWS,
      Home: 0,
      End: photos.length - 1,
    };
    if (event.key in moves) moveTo(moves[event.key]!);
    else if (event.key === ' ') onSelect(photo.id, event.shiftKey);
    else if (event.key === 'Delete') {
      onRemove(photo.id);
      moveTo(activeRow);
    } else return;
    event.preventDefault();
  };

  const header = (key: SortKey, text: string, title?: string) => {
    const current = sameSort(key, sort);
    return (
      <th scope="col" aria-sort={current ? (descending ? 'descending' : 'ascending') : undefined} title={title}>
        <button type="button" className="sort-button" onClick={() => onSort(key)}>
          {text}
          <span aria-hidden="true">{current ? (descending ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>
    );
  };

  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const columns = 4 + (similarities ? 1 : 0) + labels.length;
  return (
    <div className="table-scroller" ref={scroller}>
      <table className="photo-table" aria-label="Photo table" aria-rowcount={photos.length + 1} aria-busy={busy}>
        <colgroup>
          <col className="col-select" />
          <col className="col-thumb" />
          <col className="col-name" />
          <col className="col-top" />
          {similarities && <col className="col-number" />}
          {labels.map((label) => (
            <col key={label} className="col-number" />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">
              <span className="visually-hidden">Selected</span>
            </th>
            <th scope="col">
              <span className="visually-hidden">Thumbnail</span>
            </th>
            {header({ by: 'name' }, 'File name')}
            {header({ by: 'top-label' }, 'Top label')}
            {similarities && header({ by: 'match' }, 'Match', 'How close each photo is to what you searched for')}
            {labels.map((label) => (
              <Fragment key={label}>{header({ by: 'label', label }, parseLabel(label).display, label)}</Fragment>
            ))}
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {paddingTop > 0 && (
            <tr aria-hidden="true" className="spacer" style={{ height: paddingTop }}>
              <td colSpan={columns} />
            </tr>
          )}
          {items.map((item) => {
            const photo = photos[item.index]!;
            const top = topLabelOf(photo);
            const isSelected = selected.has(photo.id);
            return (
              <tr
                key={item.key}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                aria-label={photo.name}
                tabIndex={item.index === activeRow ? 0 : -1}
                className={isSelected ? 'selected' : undefined}
                onFocus={() => setActive(item.index)}
              >
                <td>
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    aria-label={`Select ${photo.name}`}
                    checked={isSelected}
                    onChange={() => undefined}
                    onClick={(event) => onSelect(photo.id, event.shiftKey)}
                  />
                </td>
                <td className="table-thumb">{photo.thumbnailUrl && <img src={photo.thumbnailUrl} alt="" />}</td>
                <td className="table-name" title={photo.path}>
                  {photo.name}
                  {photo.state === 'failed' && <span className="error"> · {photo.error}</span>}
                </td>
                <td data-label={top?.label}>
                  {top ? parseLabel(top.label).display : <span className="muted">—</span>}
                </td>
                {similarities && <td className="number">{similarities.get(photo.id)?.toFixed(3) ?? '—'}</td>}
                {labels.map((label) => {
                  const probability = probabilityOf(photo, label);
                  return (
                    <td key={label} className="number" data-label={label} data-probability={probability ?? undefined}>
                      {probability === null ? '—' : percent(probability)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true" className="spacer" style={{ height: paddingBottom }}>
              <td colSpan={columns} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
});

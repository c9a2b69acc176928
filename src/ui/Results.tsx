import { useCallback, useDeferredValue, useId, useMemo, useState } from 'react';
import { MAX_LABEL_LENGTH, cleanLabel, labelKey, labelLength, mergeLabels, parseLabel } from '../core/labels';
import { exportContext } from '../session/exports';
import { DEFAULT_VIEW, labelCounts, photoView, type SortKey, type ViewOptions } from '../session/photo-view';
import type { SessionState } from '../session/session-state';
import type { TaggerSession } from '../session/tagger-session';
import { ExportMenu } from './ExportMenu';
import { closeOnEscape } from './disclosure';
import { useWideLayout } from './use-wide-layout';
import { PhotoGrid } from './PhotoGrid';
import { PhotoTable } from './PhotoTable';
import { localSettings, type ResultsLayout } from './local-settings';

interface Props {
  session: TaggerSession;
  state: SessionState;
  /** Where focus goes when the last photo is removed. */
  onEmptied: () => void;
}

/** A sort as one select value: "added", "name", "top-label", "match" or "label:beach". */
function sortValue(sort: SortKey): string {
  return sort.by === 'label' ? `label:${sort.label}` : sort.by;
}

function sortFrom(value: string): SortKey {
  if (value.startsWith('label:')) return { by: 'label', label: value.slice('label:'.length) };
  return { by: value as Exclude<SortKey['by'], 'label'> };
}

/** Probabilities and similarities read best high first; names and order added, first first. */
function naturallyDescending(sort: SortKey): boolean {
  return sort.by === 'label' || sort.by === 'match';
}

/**
 * The photos and what can be done with them: search by a phrase, filter by a label, sort by any
 * column, cards or a table, select, remove and export.
 */
export function Results({ session, state, onEmptied }: Props) {
  // Hundreds of cards render in the background, in slices, while the rest of the page stays responsive.
  const photos = useDeferredValue(state.photos);
  const [layout, setLayout] = useState<ResultsLayout>(localSettings.resultsLayout);
  const [view, setView] = useState<ViewOptions>(DEFAULT_VIEW);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const ids = useId();
  const wide = useWideLayout();

  const { search, threshold, labels } = state;
  // Provisional rankings, or newer ones React has not rendered yet.
  const busy = state.refining || photos !== state.photos;
  const mode = state.request.mode;
  const searching = search.phrase.trim() !== '';
  const phraseLabel = cleanLabel(search.phrase);
  const phraseIsLabel = labels.some((label) => labelKey(label) === labelKey(phraseLabel));
  const canAddPhrase = labelLength(phraseLabel) <= MAX_LABEL_LENGTH && !phraseIsLabel;
  // A filter on a label that is gone shows every photo rather than none.
  const filter = view.filter !== null && labels.includes(view.filter) ? view.filter : null;
  const { sort, descending } = useMemo((): { sort: SortKey; descending: boolean } => {
    if (searching) return { sort: { by: 'match' }, descending: true };
    // A sort by a label that is gone falls back to the order photos were added in.
    if (view.sort.by === 'label' && !labels.includes(view.sort.label))
      return { sort: DEFAULT_VIEW.sort, descending: false };
    return view;
  }, [searching, view, labels]);
  const shown = useMemo(
    () => photoView(photos, { sort, descending, filter }, threshold, search.similarities),
    [photos, sort, descending, filter, threshold, search.similarities],
  );
  const counts = useMemo(() => labelCounts(photos, labels, threshold), [photos, labels, threshold]);
  const selectedPhotos = useMemo(() => photos.filter((photo) => selected.has(photo.id)), [photos, selected]);
  const context = exportContext(state);

  const select = useCallback(
    (id: string, range: boolean) => {
      const next = new Set(selected);
      const ids = shown.map((photo) => photo.id);
      const from = anchor === null ? -1 : ids.indexOf(anchor);
      const to = ids.indexOf(id);
      if (range && from >= 0 && to >= 0) {
        for (const between of ids.slice(Math.min(from, to), Math.max(from, to) + 1)) next.add(between);
      } else if (next.has(id)) next.delete(id);
      else next.add(id);
      setSelected(next);
      setAnchor(id);
    },
    [selected, shown, anchor],
  );
  const remove = useCallback((id: string) => session.removePhotos([id]), [session]);
  const teach = useCallback(
    (id: string, label: string, negative: boolean) => session.teach(id, label, negative),
    [session],
  );
  const sortBy = useCallback(
    (next: SortKey) => {
      if (next.by === 'match') return; // Already the order while searching.
      if (searching) session.setSearch('');
      setView((current) => {
        const same = sortValue(current.sort) === sortValue(next);
        return { ...current, sort: next, descending: same ? !current.descending : naturallyDescending(next) };
      });
    },
    [session, searching],
  );
  const chooseLayout = (next: ResultsLayout) => {
    setLayout(next);
    localSettings.saveResultsLayout(next);
  };

  const filterWord = mode === 'tag-all' ? 'Tagged' : 'Top label';
  const scope = selectedPhotos.length > 0 ? `${selectedPhotos.length} selected` : `all ${photos.length}`;
  return (
    <>
      <div className="results-tools">
        <div className="search-row" role="search">
          <label className="search-box">
            <span className="visually-hidden">Find photos like</span>
            <input
              type="search"
              placeholder="Find photos like… (for example: a dog on a sofa)"
              value={search.phrase}
              onChange={(event) => session.setSearch(event.target.value)}
            />
          </label>
          {searching && (
            // aria-disabled, not disabled: once pressed, the label is added and the button must keep the focus.
            <button
              type="button"
              onClick={() => {
                if (canAddPhrase) session.setLabels(mergeLabels(labels, [phraseLabel]));
              }}
              aria-disabled={!canAddPhrase}
            >
              {phraseIsLabel
                ? `“${phraseLabel}” is a label`
                : canAddPhrase
                  ? `Add “${phraseLabel}” as a label`
                  : `Too long for a label (${MAX_LABEL_LENGTH} characters at most)`}
            </button>
          )}
          <span className="muted" role="status">
            {search.status === 'searching' && 'Searching…'}
            {search.status === 'failed' && search.error}
            {search.status === 'done' && searching && `Best matches for “${search.phrase.trim()}” first`}
          </span>
        </div>
        <details className="results-options" open={wide} onKeyDown={closeOnEscape}>
          <summary>Sort, filter, select and export</summary>
          <div className="view-row">
            <label htmlFor={`${ids}-filter`}>Show</label>
            <select
              id={`${ids}-filter`}
              value={filter ?? ''}
              onChange={(event) => setView({ ...view, filter: event.target.value || null })}
            >
              <option value="">All photos ({photos.length})</option>
              {labels.map((label) => (
                <option key={label} value={label}>
                  {filterWord}: {parseLabel(label).display} ({counts.get(label) ?? 0})
                </option>
              ))}
            </select>
            <label htmlFor={`${ids}-sort`}>Sort</label>
            <select
              id={`${ids}-sort`}
              value={sortValue(sort)}
              onChange={(event) => sortBy(sortFrom(event.target.value))}
            >
              {searching && <option value="match">Best match first</option>}
              <option value="added">Order added</option>
              <option value="name">File name</option>
              <option value="top-label">Top label</option>
              {labels.map((label) => (
                <option key={label} value={`label:${label}`}>
                  Most like “{parseLabel(label).display}”
                </option>
              ))}
            </select>
            <button
              type="button"
              aria-pressed={descending !== naturallyDescending(sort)}
              onClick={() => setView({ ...view, sort, descending: !descending })}
              disabled={searching}
            >
              Reverse order
            </button>
          </div>
          <div className="selection-row">
            <button
              type="button"
              onClick={() => setSelected(new Set([...selected, ...shown.map((photo) => photo.id)]))}
            >
              {filter === null ? `Select all (${shown.length})` : `Select all shown (${shown.length})`}
            </button>
            {selectedPhotos.length > 0 && (
              <>
                <span>{selectedPhotos.length} selected</span>
                <button type="button" onClick={() => setSelected(new Set())}>
                  Clear selection
                </button>
                <button
                  type="button"
                  onClick={() => {
                    session.removePhotos(selectedPhotos.map((photo) => photo.id));
                    setSelected(new Set());
                  }}
                >
                  Remove selected
                </button>
              </>
            )}
            <ExportMenu
              photos={selectedPhotos.length > 0 ? selectedPhotos : photos}
              scope={scope}
              context={context}
              onMessage={setMessage}
            />
            <span className="muted" role="status">
              {message}
            </span>
            <div className="segmented push-end" role="group" aria-label="Layout">
              <button type="button" aria-pressed={layout === 'cards'} onClick={() => chooseLayout('cards')}>
                Cards
              </button>
              <button type="button" aria-pressed={layout === 'table'} onClick={() => chooseLayout('table')}>
                Table
              </button>
            </div>
          </div>
        </details>
      </div>
      {shown.length === 0 && photos.length > 0 && (
        <p className="muted">
          No photo is {filterWord.toLowerCase()} “{filter && parseLabel(filter).display}” yet.
        </p>
      )}
      {state.refining && (
        <p className="muted" role="status">
          First results shown; refining them with more wordings of each label…
        </p>
      )}
      {layout === 'cards' ? (
        <PhotoGrid
          photos={shown}
          threshold={threshold}
          selected={selected}
          onSelect={select}
          onRemove={remove}
          onTeach={teach}
          onEmptied={onEmptied}
          busy={busy}
        />
      ) : (
        <PhotoTable
          photos={shown}
          labels={labels}
          sort={sort}
          descending={descending}
          onSort={sortBy}
          similarities={searching ? search.similarities : null}
          selected={selected}
          onSelect={select}
          onRemove={remove}
          busy={busy}
        />
      )}
    </>
  );
}

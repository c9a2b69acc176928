import { useState } from 'react';
import { resultsCsv, resultsJson, tagsText, type ExportContext } from '../core/export';
import { messageOf } from '../core/errors';
import type { SidecarNaming } from '../core/xmp';
import { exportRows, sidecarFiles } from '../session/exports';
import type { Photo } from '../session/session-state';
import { ConfirmDialog, type Choice } from './ConfirmDialog';
import { closeOnEscape } from './disclosure';
import { download, exportName, sidecarZip } from './downloads';
import { existingSidecars, mayWrite, writeSidecars, type SidecarTarget } from './folders';

interface Props {
  /** The photos to export: the selection, or every photo when none is selected. */
  photos: readonly Photo[];
  /** "3 selected" or "all 200": what the menu acts on, in its button. */
  scope: string;
  context: ExportContext | null;
  /** Says how an export went, in the page's status line. */
  onMessage: (message: string) => void;
}

type Overwrite = 'replace' | 'skip';

const OVERWRITE_CHOICES: Choice<Overwrite>[] = [
  { value: 'skip', label: 'Keep theirs, write the rest', primary: true },
  { value: 'replace', label: 'Replace them' },
];

function photoCount(count: number): string {
  return `${count} ${count === 1 ? 'photo' : 'photos'}`;
}

/**
 * Export of the results: CSV and JSON with every probability, keywords as XMP sidecars (a zip, or
 * written next to photos from an opened folder), and the tags to the clipboard.
 */
export function ExportMenu({ photos, scope, context, onMessage }: Props) {
  const [naming, setNaming] = useState<SidecarNaming>('replace-extension');
  const [question, setQuestion] = useState<{
    existing: SidecarTarget[];
    resolve: (answer: Overwrite | null) => void;
  } | null>(null);
  const rows = context ? exportRows(context, photos) : [];
  const leftOut = photos.length - rows.length;
  const leftOutNote = leftOut > 0 ? ` ${photoCount(leftOut)} without a ranking yet left out.` : '';
  const inFolders = rows.filter(({ photo }) => photo.folder).length;

  const exportAs = (format: 'csv' | 'json') => {
    if (!context) return;
    const data = rows.map(({ row }) => row);
    if (format === 'csv') download(exportName('csv'), resultsCsv(context, data), 'text/csv;charset=utf-8');
    else download(exportName('json'), resultsJson(context, data, new Date()), 'application/json');
    onMessage(`Exported ${photoCount(rows.length)} as ${format.toUpperCase()}.${leftOutNote}`);
  };

  const zipSidecars = () => {
    if (!context) return;
    const sidecars = sidecarFiles(context, photos, naming);
    download(exportName('xmp.zip'), sidecarZip(sidecars), 'application/zip');
    onMessage(`Saved ${sidecars.length} sidecars in a zip.${leftOutNote}`);
  };

  const copyTags = async () => {
    if (!context) return;
    try {
      await navigator.clipboard.writeText(
        tagsText(
          context,
          rows.map(({ row }) => row),
        ),
      );
      onMessage(`Copied the tags of ${photoCount(rows.length)}.${leftOutNote}`);
    } catch (error) {
      onMessage(`The tags could not be copied: ${messageOf(error)}`);
    }
  };

  const writeNextToPhotos = async () => {
    if (!context) return;
    const targets: SidecarTarget[] = sidecarFiles(context, photos, naming).flatMap(({ photo, name, text }) =>
      photo.folder ? [{ folder: photo.folder, name, text }] : [],
    );
    try {
      if (!(await mayWrite(targets.map((target) => target.folder)))) {
        onMessage('No sidecars were written: the browser was not allowed to change the folder.');
        return;
      }
      const existing = await existingSidecars(targets);
      let writing = targets;
      if (existing.length > 0) {
        const answer = await new Promise<Overwrite | null>((resolve) => setQuestion({ existing, resolve }));
        setQuestion(null);
        if (answer === null) return;
        if (answer === 'skip') writing = targets.filter((target) => !existing.includes(target));
      }
      await writeSidecars(writing);
      const kept = targets.length - writing.length;
      onMessage(
        `Wrote ${writing.length} ${writing.length === 1 ? 'sidecar' : 'sidecars'} next to the photos` +
          (kept > 0 ? `; kept ${kept} that were there already.` : '.'),
      );
    } catch (error) {
      onMessage(`Writing sidecars stopped: ${messageOf(error)}`);
    }
  };

  const disabled = !context || rows.length === 0;
  return (
    <details className="menu export-menu" onKeyDown={closeOnEscape}>
      <summary>Export {scope}</summary>
      <div className="menu-body">
        {disabled && <p className="muted">Nothing is ranked yet: add labels and photos first.</p>}
        <button type="button" disabled={disabled} onClick={() => exportAs('csv')}>
          Spreadsheet (CSV)
        </button>
        <button type="button" disabled={disabled} onClick={() => exportAs('json')}>
          Data (JSON)
        </button>
        <button type="button" disabled={disabled} onClick={() => void copyTags()}>
          Copy tags
        </button>
        <fieldset>
          <legend>Keywords for photo managers (XMP sidecars)</legend>
          <label>
            Sidecar names
            <select value={naming} onChange={(event) => setNaming(event.target.value as SidecarNaming)}>
              <option value="replace-extension">IMG_1.xmp (Lightroom, Capture One)</option>
              <option value="append-extension">IMG_1.jpg.xmp (darktable, digiKam)</option>
            </select>
          </label>
          <button type="button" disabled={disabled} onClick={zipSidecars}>
            Download sidecars (zip)
          </button>
          {inFolders > 0 && (
            <button type="button" disabled={disabled} onClick={() => void writeNextToPhotos()}>
              Write sidecars next to {inFolders === rows.length ? 'the photos' : photoCount(inFolders)}
            </button>
          )}
        </fieldset>
      </div>
      <ConfirmDialog
        question={
          question && {
            title: 'Some photos have sidecars already',
            message:
              `${photoCount(question.existing.length)} already ${question.existing.length === 1 ? 'has' : 'have'} ` +
              `a sidecar (${question.existing
                .slice(0, 3)
                .map((target) => target.name)
                .join(', ')}${question.existing.length > 3 ? ', …' : ''}). ` +
              'It may hold keywords and edits from another program.',
            choices: OVERWRITE_CHOICES,
          }
        }
        onAnswer={(answer) => question?.resolve(answer)}
      />
    </details>
  );
}

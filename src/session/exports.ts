import type { ExportContext, ExportPhoto } from '../core/export';
import { photoTags } from '../core/scoring';
import { sidecarName, uniqueNames, xmpSidecar, type SidecarNaming } from '../core/xmp';
import { parseLabel } from '../core/labels';
import type { Photo, SessionState } from './session-state';

/** How the current rankings were made, for an export's header; null until a model has ranked anything. */
export function exportContext(state: SessionState): ExportContext | null {
  const { model, request, prompts, threshold } = state;
  if (model.status !== 'ready') return null;
  return {
    model: model.info.model,
    dtype: model.info.dtype,
    scoringMode: request.mode,
    templates: prompts.promptMode === 'single' ? prompts.templates.slice(0, 1) : prompts.templates,
    labels: request.labels.map((label) => label.label),
    threshold,
  };
}

/** The photos that have an answer to export, as export rows: encoded and ranked under `context`'s labels. */
export function exportRows(context: ExportContext, photos: readonly Photo[]): { photo: Photo; row: ExportPhoto }[] {
  return photos.flatMap((photo) => {
    const { ranking, encoded } = photo;
    if (!ranking || !encoded || ranking.labels.length !== context.labels.length) return [];
    const row: ExportPhoto = {
      name: photo.name,
      sizeBytes: photo.sizeBytes,
      sha256: encoded.hash,
      width: encoded.width,
      height: encoded.height,
      probabilities: ranking.probabilities,
    };
    return [{ photo, row }];
  });
}

/** An XMP sidecar for one photo: where it goes (next to the photo's path) and what it says. */
export interface SidecarFile {
  photo: Photo;
  /** The sidecar's name beside its photo. */
  name: string;
  /** The photo's folder path and the sidecar's name, unique within one zip. */
  path: string;
  text: string;
}

/** Each photo's sidecar with its tags as keywords, in the label's own words. */
export function sidecarFiles(context: ExportContext, photos: readonly Photo[], naming: SidecarNaming): SidecarFile[] {
  const rows = exportRows(context, photos);
  const paths = uniqueNames(
    rows.map(({ photo }) => {
      const folder = photo.path.slice(0, photo.path.length - photo.name.length);
      return `${folder}${sidecarName(photo.name, naming)}`;
    }),
  );
  return rows.map(({ photo, row }, index) => {
    const tags = photoTags(context.scoringMode, context.labels, row.probabilities, context.threshold);
    return {
      photo,
      name: sidecarName(photo.name, naming),
      path: paths[index]!,
      text: xmpSidecar(tags.map((tag) => parseLabel(tag).display)),
    };
  });
}

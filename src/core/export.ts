import { parseLabel } from './labels';
import { photoTags, topLabelIndex, type ScoringMode } from './scoring';

/** How the exported probabilities were made: the same for every photo in one export. */
export interface ExportContext {
  model: string;
  dtype: string;
  scoringMode: ScoringMode;
  /** The templates each label's prompts were made from (one when a single template was used). */
  templates: readonly string[];
  labels: readonly string[];
  threshold: number;
}

/** One ranked photo as exported: its file's facts and its probabilities in the labels' order. */
export interface ExportPhoto {
  name: string;
  sizeBytes: number;
  sha256: string;
  width: number;
  height: number;
  probabilities: ArrayLike<number>;
}

/** Six decimals: finer than any percentage the page shows, short enough to read. */
function probabilityText(probability: number): string {
  return probability.toFixed(6);
}

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The results as CSV: one row per photo, a column per label's probability. UTF-8 with a byte-order
 * mark and CRLF line ends, so that Excel reads accents right and every spreadsheet opens it.
 */
export function resultsCsv(context: ExportContext, photos: readonly ExportPhoto[]): string {
  const header = [
    'file_name',
    'size_bytes',
    'sha256',
    'width',
    'height',
    'model',
    'dtype',
    'scoring_mode',
    'templates',
    'top_label',
    'tags',
    ...context.labels.map((label) => `P(${label})`),
  ];
  const templates = context.templates.join(' | ');
  const rows = photos.map((photo) => {
    const top = topLabelIndex(photo.probabilities);
    const tags = photoTags(context.scoringMode, context.labels, photo.probabilities, context.threshold);
    return [
      photo.name,
      String(photo.sizeBytes),
      photo.sha256,
      String(photo.width),
      String(photo.height),
      context.model,
      context.dtype,
      context.scoringMode,
      templates,
      top === null ? '' : context.labels[top]!,
      tags.join('; '),
      ...Array.from(photo.probabilities, probabilityText),
    ];
  });
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The JSON export's shape, version 1 (README: "Exports"). */
export interface ResultsJson {
  format: 'cliptag-results';
  version: 1;
  exportedAt: string;
  model: { id: string; dtype: string };
  scoring: { mode: ScoringMode; templates: string[]; threshold: number };
  labels: string[];
  photos: Array<{
    fileName: string;
    sizeBytes: number;
    sha256: string;
    width: number;
    height: number;
    topLabel: string | null;
    tags: string[];
    probabilities: Record<string, number>;
  }>;
}

export function resultsJson(context: ExportContext, photos: readonly ExportPhoto[], exportedAt: Date): string {
  const results: ResultsJson = {
    format: 'cliptag-results',
    version: 1,
    exportedAt: exportedAt.toISOString(),
    model: { id: context.model, dtype: context.dtype },
    scoring: { mode: context.scoringMode, templates: [...context.templates], threshold: context.threshold },
    labels: [...context.labels],
    photos: photos.map((photo) => {
      const top = topLabelIndex(photo.probabilities);
      return {
        fileName: photo.name,
        sizeBytes: photo.sizeBytes,
        sha256: photo.sha256,
        width: photo.width,
        height: photo.height,
        topLabel: top === null ? null : context.labels[top]!,
        tags: photoTags(context.scoringMode, context.labels, photo.probabilities, context.threshold),
        probabilities: Object.fromEntries(
          context.labels.map((label, index) => [label, Number(probabilityText(photo.probabilities[index]!))]),
        ),
      };
    }),
  };
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** The tags of each photo as keywords, one line per photo: "beach.jpg: beach, sunset". */
export function tagsText(context: ExportContext, photos: readonly ExportPhoto[]): string {
  return photos
    .map((photo) => {
      const tags = photoTags(context.scoringMode, context.labels, photo.probabilities, context.threshold);
      return `${photo.name}: ${tags.map((tag) => parseLabel(tag).display).join(', ')}`;
    })
    .join('\n');
}

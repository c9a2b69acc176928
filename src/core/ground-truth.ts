import { cleanLabel, labelKey, mergeLabels } from './labels';

/** A photo as the evaluation sees it: where it came from, to find its right labels. */
export interface PhotoPlace {
  id: string;
  /** "cats/IMG_1.jpg" for a photo from an opened or dropped folder; its name otherwise. */
  path: string;
  name: string;
}

/** A CSV of right answers that cannot be read: the message names the file, the line and what to do. */
export class AnswersFileError extends Error {
  override name = 'AnswersFileError';
}

/** The label a photo's folder gives it: the name of the folder it sits in directly; null outside a folder. */
export function folderLabel(path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  return parts.length < 2 ? null : cleanLabel(parts[parts.length - 2]!) || null;
}

/** CSV rows after RFC 4180: quoted fields with doubled quotes, rows ending in LF or CRLF; blank rows dropped. */
function csvRows(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((value) => value.trim())) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
    rowLine = line;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\n') line++;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') i++;
      else if (char === '"') {
        quoted = false;
        continue;
      }
      cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n') endRow();
    else if (char !== '\r') cell += char;
  }
  if (quoted) throw new AnswersFileError(`a quote opened on line ${rowLine} is never closed`);
  endRow();
  return rows;
}

const HEADER_NAMES = new Set(['file', 'filename', 'file name', 'path', 'photo', 'image']);

/**
 * Right answers from a CSV of `file,label[,label...]`, one photo a row, with or without a header row
 * ("file,label"): the photo's path or name, then every label it shows (none: no label applies).
 */
export function parseAnswers(text: string, fileName: string): Map<string, string[]> {
  let rows;
  try {
    rows = csvRows(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AnswersFileError(`${fileName}: ${(error as Error).message}. Close the quote and add the file again.`);
  }
  if (rows.length > 0 && HEADER_NAMES.has(rows[0]!.cells[0]!.trim().toLowerCase())) rows.shift();
  const answers = new Map<string, string[]>();
  for (const { line, cells } of rows) {
    const file = cells[0]!.trim();
    if (!file) {
      throw new AnswersFileError(
        `${fileName}, line ${line}: the first column is empty. Each row needs a photo's file name, then its labels.`,
      );
    }
    if (answers.has(file)) {
      throw new AnswersFileError(
        `${fileName}, line ${line}: ${file} is listed twice. Put all of its labels on one row.`,
      );
    }
    answers.set(file, mergeLabels([], cells.slice(1)));
  }
  if (answers.size === 0) {
    throw new AnswersFileError(`${fileName} lists no photos. Each row needs a photo's file name, then its labels.`);
  }
  return answers;
}

/** Each photo's right labels, from a CSV of answers where one is given, else from its folder's name. */
export interface Truths {
  /** Labels by photo id; photos with no answer are left out. */
  labels: Map<string, string[]>;
  /** Files the CSV lists that match no photo on the page. */
  unmatched: string[];
}

/**
 * Matches answers to photos: a CSV row names a photo by its path ("cats/1.jpg", also as the end of a
 * longer path) or its name; without answers, a photo in a folder is labelled by that folder.
 */
export function photoTruths(photos: readonly PhotoPlace[], answers: ReadonlyMap<string, string[]> | null): Truths {
  const labels = new Map<string, string[]>();
  if (!answers) {
    for (const photo of photos) {
      const label = folderLabel(photo.path);
      if (label) labels.set(photo.id, [label]);
    }
    return { labels, unmatched: [] };
  }
  const matched = new Set<string>();
  for (const photo of photos) {
    const key = [...answers.keys()].find(
      (file) => photo.path === file || photo.path.endsWith(`/${file.replace(/^\.?\//, '')}`),
    );
    const found = key ?? (answers.has(photo.name) ? photo.name : undefined);
    if (found === undefined) continue;
    matched.add(found);
    labels.set(photo.id, answers.get(found)!);
  }
  return { labels, unmatched: [...answers.keys()].filter((file) => !matched.has(file)) };
}

/**
 * The labels an evaluation scores against: the person's labels (a right answer must compete with them
 * all), then the answers' labels not among them, in the order first met.
 */
export function evaluationLabels(labels: readonly string[], truths: Iterable<readonly string[]>): string[] {
  const known = new Set(labels.map(labelKey));
  const merged = [...labels];
  for (const answer of truths) {
    for (const label of answer) {
      if (known.has(labelKey(label))) continue;
      known.add(labelKey(label));
      merged.push(label);
    }
  }
  return merged;
}

/**
 * A fold for each photo, for k-fold cross-validation: each label's photos are dealt round the folds in
 * turn (stratified), carrying on from where the last label stopped so that the folds stay even.
 */
export function crossValidationFolds(truth: readonly number[], folds: number): number[] {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`${folds} folds: cross-validation needs two or more`);
  const byLabel = new Map<number, number[]>();
  truth.forEach((label, photo) => byLabel.set(label, [...(byLabel.get(label) ?? []), photo]));
  const fold = new Array<number>(truth.length).fill(0);
  let next = 0;
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    for (const photo of byLabel.get(label)!) fold[photo] = next++ % folds;
  }
  return fold;
}

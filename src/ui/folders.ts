import type { AddedFile } from '../session/tagger-session';

/** Chromium's directory picker, whose folders the page can later write sidecars into (with permission). */
export function canOpenFolders(): boolean {
  return typeof window.showDirectoryPicker === 'function';
}

const paths = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Image files by type, or by extension for the formats browsers give no type (HEIC, RAW-adjacent TIFF). */
function isPhotoFile(file: File): boolean {
  return file.type.startsWith('image/') || /\.(heic|heif|tiff?|avif|jxl)$/i.test(file.name);
}

/** A CSV of right answers for checking accuracy (file,label rows), found beside the photos or dropped. */
export function isAnswersFile(file: File): boolean {
  return /\.csv$/i.test(file.name) || file.type === 'text/csv';
}

async function photosIn(folder: FileSystemDirectoryHandle, prefix: string): Promise<AddedFile[]> {
  const found: AddedFile[] = [];
  for await (const entry of folder.values()) {
    if (entry.name.startsWith('.')) continue;
    if (entry.kind === 'directory') {
      found.push(...(await photosIn(entry, `${prefix}${entry.name}/`)));
      continue;
    }
    const file = await entry.getFile();
    if (isPhotoFile(file) || isAnswersFile(file)) found.push({ file, path: `${prefix}${file.name}`, folder });
  }
  return found;
}

/** Asks for a folder and returns the photos (and answer CSVs) in it and its subfolders; null when the person cancels. */
export async function openFolder(): Promise<AddedFile[] | null> {
  try {
    const root = await window.showDirectoryPicker!({ id: 'cliptag-photos' });
    const found = await photosIn(root, `${root.name}/`);
    // Folders list their files in no particular order; people expect their names' order.
    return found.sort((a, b) => paths.compare(a.path!, b.path!));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
}

/** A sidecar to write into a photo's folder. */
export interface SidecarTarget {
  folder: FileSystemDirectoryHandle;
  name: string;
  text: string;
}

/** Asks once per folder for permission to write; false when any folder is refused. */
export async function mayWrite(folders: readonly FileSystemDirectoryHandle[]): Promise<boolean> {
  for (const folder of new Set(folders)) {
    const state = (await folder.requestPermission?.({ mode: 'readwrite' })) ?? 'granted';
    if (state !== 'granted') return false;
  }
  return true;
}

/** The targets whose folder already holds a file by that name. */
export async function existingSidecars(targets: readonly SidecarTarget[]): Promise<SidecarTarget[]> {
  const existing: SidecarTarget[] = [];
  for (const target of targets) {
    try {
      await target.folder.getFileHandle(target.name);
      existing.push(target);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'NotFoundError')) throw error;
    }
  }
  return existing;
}

export async function writeSidecars(targets: readonly SidecarTarget[]): Promise<void> {
  for (const target of targets) {
    const handle = await target.folder.getFileHandle(target.name, { create: true });
    const writable = await handle.createWritable();
    await writable.write(target.text);
    await writable.close();
  }
}

import { useEffect } from 'react';
import type { AddedFile } from '../session/tagger-session';

/**
 * Every file under a dropped folder, read through the File System entries API, with its path inside
 * the drop ("holiday/cats/1.jpg"): a folder's name can be the right answer for the photos in it.
 */
async function filesInEntry(entry: FileSystemEntry): Promise<AddedFile[]> {
  if (entry.isFile) {
    return new Promise((resolve) =>
      (entry as FileSystemFileEntry).file(
        (file) => resolve([{ file, path: entry.fullPath.replace(/^\//, '') }]),
        () => resolve([]),
      ),
    );
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const entries: FileSystemEntry[] = [];
  // readEntries hands out a folder in chunks until it returns an empty one.
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve) => reader.readEntries(resolve, () => resolve([])));
    if (chunk.length === 0) break;
    entries.push(...chunk);
  }
  const nested = await Promise.all(entries.map(filesInEntry));
  return nested.flat().filter(({ file }) => !file.name.startsWith('.'));
}

async function droppedFiles(transfer: DataTransfer): Promise<(File | AddedFile)[]> {
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.some((entry) => entry?.isDirectory)) {
    const nested = await Promise.all(entries.map((entry) => (entry ? filesInEntry(entry) : Promise.resolve([]))));
    return nested.flat();
  }
  return [...transfer.files];
}

/**
 * Photos dropped anywhere on the page (files or folders) or pasted with Ctrl+V go to `onFiles`.
 * `onDragging` lets the page show where to drop.
 */
export function usePhotoDropAndPaste(
  onFiles: (files: (File | AddedFile)[]) => void,
  onDragging: (dragging: boolean) => void,
): void {
  useEffect(() => {
    let depth = 0;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onDragEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth++;
      onDragging(true);
    };
    const onDragLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) onDragging(false);
    };
    const onDragOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      if (!event.dataTransfer) return;
      event.preventDefault();
      depth = 0;
      onDragging(false);
      void droppedFiles(event.dataTransfer).then((files) => files.length > 0 && onFiles(files));
    };
    const onPaste = (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      onFiles(files);
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('paste', onPaste);
    };
  }, [onFiles, onDragging]);
}

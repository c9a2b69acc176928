import { strToU8, zipSync } from 'fflate';
import type { SidecarFile } from '../session/exports';

/** Saves data as a file through the browser's own download, named `name`. */
export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has taken its copy once the click's task is over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The sidecars in one zip, each under its photo's folder path. */
export function sidecarZip(sidecars: readonly SidecarFile[]): Uint8Array<ArrayBuffer> {
  const entries = Object.fromEntries(sidecars.map((sidecar) => [sidecar.path, strToU8(sidecar.text)]));
  return zipSync(entries, { level: 6 });
}

/** A file name for an export made now: "cliptag-2026-11-28-1405.csv". */
export function exportName(extension: string, now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `cliptag-${stamp}.${extension}`;
}

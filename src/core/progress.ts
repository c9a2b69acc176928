/** Bytes done and total over all of a model's files, for one progress bar. */
export interface DownloadProgress {
  loaded: number;
  total: number;
}

/**
 * Sums per-file download progress into one figure. Sizes known before the download starts make
 * the total honest from the first byte; a file whose size was unknown adds its own when it reports.
 */
export class DownloadTally {
  private readonly files = new Map<string, DownloadProgress>();

  constructor(expectedSizes: Readonly<Record<string, number | undefined>> = {}) {
    for (const [file, size] of Object.entries(expectedSizes)) {
      this.files.set(file, { loaded: 0, total: size ?? 0 });
    }
  }

  /** Records a file's progress; `total` from the response overrides a stale expectation. */
  update(file: string, loaded: number, total?: number): void {
    const known = this.files.get(file);
    const size = total && total > 0 ? total : (known?.total ?? 0);
    this.files.set(file, { loaded: Math.min(loaded, size || loaded), total: size || loaded });
  }

  /** Marks a file complete, including files served from cache that report no bytes. */
  finish(file: string): void {
    const known = this.files.get(file);
    if (known) this.files.set(file, { loaded: known.total, total: known.total });
  }

  get progress(): DownloadProgress {
    let loaded = 0;
    let total = 0;
    for (const file of this.files.values()) {
      loaded += file.loaded;
      total += file.total;
    }
    return { loaded, total };
  }
}

/** "12.3 MB" style sizes for progress text. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

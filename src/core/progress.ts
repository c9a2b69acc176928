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

/** Bytes loaded at a moment (milliseconds on any clock), for estimating speed. */
export interface ProgressSample {
  at: number;
  loaded: number;
}

/** How far back the speed is measured: long enough to smooth bursts, short enough to follow a change. */
const RATE_WINDOW_MS = 5_000;

/** Keeps the samples a speed estimate needs: those within the window, plus one before it. */
export function recentSamples(samples: readonly ProgressSample[], next: ProgressSample): ProgressSample[] {
  const kept = [...samples, next];
  const firstInWindow = kept.findIndex((sample) => sample.at >= next.at - RATE_WINDOW_MS);
  return kept.slice(Math.max(0, firstInWindow - 1));
}

/**
 * Download speed over the recent samples and the time left at that speed; null until a second of
 * data shows a speed worth quoting.
 */
export function downloadRate(
  samples: readonly ProgressSample[],
  total: number,
): { bytesPerSecond: number; secondsLeft: number | null } | null {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at - first.at < 1_000) return null;
  const bytesPerSecond = ((last.loaded - first.loaded) / (last.at - first.at)) * 1000;
  if (bytesPerSecond <= 0) return { bytesPerSecond: 0, secondsLeft: null };
  const remaining = Math.max(0, total - last.loaded);
  return { bytesPerSecond, secondsLeft: total > 0 ? remaining / bytesPerSecond : null };
}

/** "about 2 min left", "about 40 s left": rounded, since a download's pace keeps changing. */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds / 5) * 5)} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';

/** Private memory of one process, in bytes: anonymous pages plus shared memory (where decoded images live). */
function privateBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return (kb('RssAnon') + kb('RssShmem')) * 1024;
  } catch {
    return 0; // The process has just ended.
  }
}

/**
 * Samples the memory of every process of this browser (page, workers, GPU) every 100 ms, as Linux
 * reports it; the browser names its own processes, so other browsers on the machine do not count.
 */
export async function sampleBrowserMemory(browser: Browser): Promise<{
  now: () => Promise<number>;
  resetPeak: () => void;
  peak: () => number;
  stop: () => Promise<void>;
}> {
  const session = await browser.newBrowserCDPSession();
  const total = async () => {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ id: number }> };
    return processInfo.reduce((sum, { id }) => sum + privateBytes(id), 0);
  };
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await total());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    now: total,
    resetPeak: () => (peak = 0),
    peak: () => peak,
    stop: async () => {
      running = false;
      await loop;
      await session.detach();
    },
  };
}

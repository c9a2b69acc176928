import { describe, expect, it } from 'vitest';
import {
  DownloadTally,
  downloadRate,
  formatBytes,
  formatTimeLeft,
  recentSamples,
  type ProgressSample,
} from './progress';

describe('DownloadTally', () => {
  it('reports bytes over all files against the sizes known up front', () => {
    const tally = new DownloadTally({ 'config.json': 100, 'onnx/a.onnx': 1000, 'onnx/b.onnx': 900 });
    expect(tally.progress).toEqual({ loaded: 0, total: 2000 });
    tally.update('onnx/a.onnx', 500, 1000);
    tally.finish('config.json');
    expect(tally.progress).toEqual({ loaded: 600, total: 2000 });
    tally.finish('onnx/a.onnx');
    tally.update('onnx/b.onnx', 900, 900);
    expect(tally.progress).toEqual({ loaded: 2000, total: 2000 });
  });
  it('adds a file whose size was unknown when it reports', () => {
    const tally = new DownloadTally({ 'tokenizer.json': undefined });
    tally.update('tokenizer.json', 10, 40);
    tally.update('extra.bin', 5);
    expect(tally.progress).toEqual({ loaded: 15, total: 45 });
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(352_000_000)).toBe('352 MB');
  });
});

describe('download speed', () => {
  it('measures over the last few seconds and says the time left at that speed', () => {
    let samples: ProgressSample[] = [];
    for (const [at, loaded] of [
      [0, 0],
      [2_000, 1_000_000],
      [6_000, 3_000_000],
      [8_000, 5_000_000],
    ] as const) {
      samples = recentSamples(samples, { at, loaded });
    }
    // The sample at 0 ms fell out of the 5 s window; the one at 2 s stays as its start.
    expect(samples.map((sample) => sample.at)).toEqual([2_000, 6_000, 8_000]);
    expect(downloadRate(samples, 10_000_000)).toEqual({ bytesPerSecond: 4_000_000 / 6, secondsLeft: 7.5 });
  });
  it('says nothing until a second has passed, and no time left while nothing arrives', () => {
    expect(
      downloadRate(
        [
          { at: 0, loaded: 0 },
          { at: 500, loaded: 100 },
        ],
        1000,
      ),
    ).toBeNull();
    expect(
      downloadRate(
        [
          { at: 0, loaded: 100 },
          { at: 2000, loaded: 100 },
        ],
        1000,
      ),
    ).toEqual({ bytesPerSecond: 0, secondsLeft: null });
  });
  it('rounds the time left as a person would say it', () => {
    expect(formatTimeLeft(7.5)).toBe('about 10 s left');
    expect(formatTimeLeft(0.4)).toBe('about 1 s left');
    expect(formatTimeLeft(150)).toBe('about 3 min left');
    expect(formatTimeLeft(5400)).toBe('about 1.5 h left');
  });
});

import { describe, expect, it } from 'vitest';
import { DownloadTally, formatBytes } from './progress';

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

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pngBytes } from '../e2e/generated-photos';

const SIDE = 48;

/** A small RGB gradient whose corner colours come from `index`: no two photos of a set are the same file. */
function gradientPng(index: number): Buffer {
  const base = [index & 0xff, (index >> 8) & 0xff, (index * 37) & 0xff];
  const rowBytes = 1 + SIDE * 3;
  const raw = Buffer.alloc(rowBytes * SIDE);
  for (let y = 0; y < SIDE; y++) {
    raw[y * rowBytes] = 0; // filter type None
    for (let x = 0; x < SIDE; x++) {
      const at = y * rowBytes + 1 + x * 3;
      raw[at] = (base[0]! + x * 4) & 0xff;
      raw[at + 1] = (base[1]! + y * 4) & 0xff;
      raw[at + 2] = (base[2]! + (x + y) * 2) & 0xff;
    }
  }
  return pngBytes(SIDE, SIDE, raw);
}

/**
 * `count` distinct small photos for the many-photos UI run, written once into `dir` and kept: the run
 * measures the page with thousands of photos, not decoding, so they are tiny.
 */
export function manyPhotos(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const paths = Array.from({ length: count }, (_, index) => join(dir, `small-${String(index).padStart(5, '0')}.png`));
  if (readdirSync(dir).length < count) {
    paths.forEach((path, index) => existsSync(path) || writeFileSync(path, gradientPng(index)));
  }
  return paths;
}

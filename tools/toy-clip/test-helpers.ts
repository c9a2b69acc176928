// Small helpers shared by the toy model tests.
import fs from 'node:fs';
import { RawImage, env } from '@huggingface/transformers';

export const readJson = <T>(p: string): T => JSON.parse(fs.readFileSync(p, 'utf8')) as T;

/** arr[i], failing loudly instead of yielding undefined. */
export function at<T>(arr: ArrayLike<T>, i: number): T {
  const v = arr[i];
  if (v === undefined) throw new RangeError(`index ${i} out of range (${arr.length})`);
  return v;
}

/** A little-endian float32 file, as the Python tool writes pixel values. */
export function readF32(file: string): Float32Array {
  const buf = fs.readFileSync(file);
  const out = new Float32Array(buf.byteLength / 4);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
}

/** Rows of a row-major n x d matrix, each scaled to unit length. */
export function l2rows(data: ArrayLike<number>, n: number, d: number): number[][] {
  return Array.from({ length: n }, (_, i) => {
    const row = Array.from({ length: d }, (_, j) => Number(at(data, i * d + j)));
    const norm = Math.sqrt(row.reduce((s, x) => s + x * x, 0));
    return row.map((x) => x / norm);
  });
}

export const dot = (a: number[], b: number[]): number => {
  if (a.length !== b.length) throw new RangeError(`dot of ${a.length} and ${b.length} values`);
  return a.reduce((s, x, i) => s + x * at(b, i), 0);
};

/** transformers.js reads models from `root` only: the tests never reach a network. */
export function useLocalModels(root: string): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = root.endsWith('/') ? root : `${root}/`;
}

/** A decoded image file as packed 8-bit RGB, the form core/preprocess takes (PNG decoding is exact). */
export async function readRgb(file: string): Promise<{ rgb: Uint8Array; width: number; height: number }> {
  const image = (await RawImage.read(file)).rgb();
  return { rgb: new Uint8Array(image.data), width: image.width, height: image.height };
}

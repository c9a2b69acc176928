import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BicubicResizer, resizeBicubic } from './resize';

const dir = new URL('../../fixtures/reference/preprocess/resize/', import.meta.url);
const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as {
  cases: Array<{ name: string; width: number; height: number; out_width: number; out_height: number }>;
};

describe('resizeBicubic', () => {
  it.each(index.cases)('reproduces PIL BICUBIC exactly: $name', ({ name, width, height, out_width, out_height }) => {
    const input = new Uint8Array(readFileSync(new URL(`${name}.in.u8`, dir)));
    const expected = new Uint8Array(readFileSync(new URL(`${name}.out.u8`, dir)));
    const actual = resizeBicubic(input, width, height, out_width, out_height);
    let mismatches = 0;
    for (let i = 0; i < expected.length; i++) if (actual[i] !== expected[i]) mismatches++;
    expect(actual).toHaveLength(expected.length);
    expect(mismatches).toBe(0);
  });

  it.each(index.cases)('gives the same pixels fed in bands of 7 rows: $name', (c) => {
    const input = new Uint8Array(readFileSync(new URL(`${c.name}.in.u8`, dir)));
    const resizer = new BicubicResizer(c.width, c.height, c.out_width, c.out_height);
    const band = 7 * c.width * 3;
    for (let at = 0; at < input.length; at += band) resizer.push(input.subarray(at, at + band));
    expect(resizer.finish()).toEqual(resizeBicubic(input, c.width, c.height, c.out_width, c.out_height));
  });

  it.each(index.cases)('computes a window exactly as the same part of the whole resize: $name', (c) => {
    const input = new Uint8Array(readFileSync(new URL(`${c.name}.in.u8`, dir)));
    const whole = resizeBicubic(input, c.width, c.height, c.out_width, c.out_height);
    const windows = [
      { x: 0, y: 0, width: 1, height: 1 },
      { x: c.out_width - 1, y: c.out_height - 1, width: 1, height: 1 },
      { x: c.out_width >> 2, y: c.out_height >> 3, width: c.out_width >> 1, height: (c.out_height >> 1) + 1 },
    ];
    for (const window of windows) {
      const resizer = new BicubicResizer(c.width, c.height, c.out_width, c.out_height, window);
      const { source } = resizer;
      // Whole rows of RGBA with alpha 0, two bands, from the first row the window reads.
      const rgba = new Uint8Array(c.width * source.height * 4);
      for (let i = 0; i < c.width * source.height; i++) {
        rgba.set(input.subarray((source.y * c.width + i) * 3, (source.y * c.width + i) * 3 + 3), i * 4);
      }
      const half = (source.height >> 1) * c.width * 4;
      resizer.push(rgba.subarray(0, half), 4, { x: 0, width: c.width });
      resizer.push(rgba.subarray(half), 4, { x: 0, width: c.width });
      const expected = new Uint8Array(window.width * window.height * 3);
      for (let y = 0; y < window.height; y++) {
        const from = ((window.y + y) * c.out_width + window.x) * 3;
        expected.set(whole.subarray(from, from + window.width * 3), y * window.width * 3);
      }
      expect(resizer.finish()).toEqual(expected);
    }
  });

  it('reads only the rows and columns a window needs, and takes rows of exactly those columns', () => {
    const resizer = new BicubicResizer(300, 200, 96, 64, { x: 40, y: 20, width: 16, height: 8 });
    const { source } = resizer;
    expect(source.x).toBeGreaterThan(0);
    expect(source.y).toBeGreaterThan(0);
    expect(source.x + source.width).toBeLessThan(300);
    expect(source.y + source.height).toBeLessThan(200);
    resizer.push(new Uint8Array(source.width * source.height * 3).fill(77));
    expect(resizer.finish()).toEqual(new Uint8Array(16 * 8 * 3).fill(77));
  });

  it('refuses a window outside the output, and rows that miss columns it needs', () => {
    expect(() => new BicubicResizer(30, 20, 10, 10, { x: 5, y: 0, width: 6, height: 1 })).toThrow(RangeError);
    const resizer = new BicubicResizer(30, 20, 10, 10, { x: 2, y: 2, width: 4, height: 4 });
    const { source } = resizer;
    const row = { x: source.x + 1, width: source.width - 1 };
    expect(() => resizer.push(new Uint8Array(row.width * 3), 3, row)).toThrow(RangeError);
  });

  it('refuses to finish before every row has arrived', () => {
    const resizer = new BicubicResizer(2, 2, 1, 1);
    resizer.push(new Uint8Array(6));
    expect(() => resizer.finish()).toThrow(RangeError);
  });

  it('leaves an image alone when the size does not change', () => {
    const input = new Uint8Array([1, 2, 3, 4, 5, 6]);
    expect(resizeBicubic(input, 2, 1, 2, 1)).toBe(input);
  });

  it('refuses a buffer that is not width x height RGB', () => {
    expect(() => resizeBicubic(new Uint8Array(5), 2, 1, 1, 1)).toThrow(RangeError);
  });
});

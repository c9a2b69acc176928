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

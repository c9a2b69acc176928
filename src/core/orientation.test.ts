import { describe, expect, it } from 'vitest';
import { orientRgb, orientedSize, storedRect, type Orientation } from './orientation';

/** A 3x2 photo whose pixels are numbered 1-6 row by row (each number in all three channels). */
const stored = new Uint8Array([1, 2, 3, 4, 5, 6].flatMap((n) => [n, n, n]));
const shown = (orientation: Orientation) => {
  const { width, height } = orientedSize(orientation, 3, 2);
  const rgb = orientRgb(orientation, 3, 2, { x: 0, y: 0, width, height }, stored);
  const rows: number[][] = [];
  for (let y = 0; y < height; y++) rows.push(Array.from({ length: width }, (_, x) => rgb[(y * width + x) * 3]!));
  return rows;
};

describe('orientRgb', () => {
  it('reads RGBA as RGB, dropping the alpha', () => {
    const rgba = new Uint8Array([1, 2, 3, 4, 5, 6].flatMap((n) => [n, n, n, 99]));
    expect(orientRgb(6, 3, 2, { x: 0, y: 0, width: 2, height: 3 }, rgba, 4)).toEqual(
      orientRgb(6, 3, 2, { x: 0, y: 0, width: 2, height: 3 }, stored),
    );
  });
  it('turns a photo as each EXIF orientation says, like PIL exif_transpose', () => {
    // stored: [1 2 3]
    //         [4 5 6]
    expect(shown(1)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(shown(2)).toEqual([
      [3, 2, 1],
      [6, 5, 4],
    ]);
    expect(shown(3)).toEqual([
      [6, 5, 4],
      [3, 2, 1],
    ]);
    expect(shown(4)).toEqual([
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(shown(5)).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    // 6: the camera was turned clockwise; shown turned 90 degrees clockwise.
    expect(shown(6)).toEqual([
      [4, 1],
      [5, 2],
      [6, 3],
    ]);
    expect(shown(7)).toEqual([
      [6, 3],
      [5, 2],
      [4, 1],
    ]);
    expect(shown(8)).toEqual([
      [3, 6],
      [2, 5],
      [1, 4],
    ]);
  });
});

describe('storedRect', () => {
  it('finds the stored columns behind a band of displayed rows', () => {
    // Shown turned clockwise, displayed rows 1-2 of a 2-wide, 3-tall display are stored columns 1-2.
    expect(storedRect(6, 3, 2, { x: 0, y: 1, width: 2, height: 2 })).toEqual({ x: 1, y: 0, width: 2, height: 2 });
    expect(storedRect(1, 3, 2, { x: 0, y: 1, width: 3, height: 1 })).toEqual({ x: 0, y: 1, width: 3, height: 1 });
  });
});

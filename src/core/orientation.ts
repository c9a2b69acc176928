/**
 * EXIF orientation (1-8): how a stored photo is turned for display, as PIL's ImageOps.exif_transpose
 * applies it. Used where the browser does not apply it itself (WebP, TIFF).
 */

export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function isOrientation(value: number): value is Orientation {
  return Number.isInteger(value) && value >= 1 && value <= 8;
}

/** Orientations 5 to 8 swap width and height. */
export function orientedSize(
  orientation: Orientation,
  width: number,
  height: number,
): { width: number; height: number } {
  return orientation >= 5 ? { width: height, height: width } : { width, height };
}

/** Where the displayed pixel (x, y) is stored, in a stored photo of `width` x `height`. */
export function storedPoint(
  orientation: Orientation,
  width: number,
  height: number,
  x: number,
  y: number,
): [number, number] {
  switch (orientation) {
    case 1:
      return [x, y];
    case 2:
      return [width - 1 - x, y];
    case 3:
      return [width - 1 - x, height - 1 - y];
    case 4:
      return [x, height - 1 - y];
    case 5:
      return [y, x];
    case 6:
      return [y, height - 1 - x];
    case 7:
      return [width - 1 - y, height - 1 - x];
    case 8:
      return [width - 1 - y, x];
  }
}

/** The stored rectangle holding a displayed one. */
export function storedRect(orientation: Orientation, width: number, height: number, display: Rect): Rect {
  const [x0, y0] = storedPoint(orientation, width, height, display.x, display.y);
  const [x1, y1] = storedPoint(
    orientation,
    width,
    height,
    display.x + display.width - 1,
    display.y + display.height - 1,
  );
  return {
    x: Math.min(x0, x1),
    y: Math.min(y0, y1),
    width: Math.abs(x1 - x0) + 1,
    height: Math.abs(y1 - y0) + 1,
  };
}

/**
 * Packed RGB of a displayed rectangle from the packed pixels (`channels` bytes each, RGB first) of the
 * stored rectangle that holds it (`storedRect`), turned as the orientation says.
 */
export function orientRgb(
  orientation: Orientation,
  width: number,
  height: number,
  display: Rect,
  stored: Uint8Array,
  channels: 3 | 4 = 3,
): Uint8Array {
  const source = storedRect(orientation, width, height, display);
  const out = new Uint8Array(display.width * display.height * 3);
  for (let y = 0; y < display.height; y++) {
    for (let x = 0; x < display.width; x++) {
      const [sx, sy] = storedPoint(orientation, width, height, display.x + x, display.y + y);
      const from = ((sy - source.y) * source.width + (sx - source.x)) * channels;
      const to = (y * display.width + x) * 3;
      out[to] = stored[from]!;
      out[to + 1] = stored[from + 1]!;
      out[to + 2] = stored[from + 2]!;
    }
  }
  return out;
}

/**
 * Pillow's `Image.resize(size, Image.BICUBIC)` for 8-bit RGB, reproduced step for step: the same cubic
 * kernel (a = -0.5), its support widened by the downscale factor (which is what antialiases), the same
 * 22-bit fixed-point weights, and the same two passes (horizontal, then vertical) each rounded to 8 bits.
 * CLIP was trained on pixels made this way; canvas drawImage makes different ones.
 */
import type { Rect } from './orientation';

const PRECISION_BITS = 32 - 8 - 2;
const HALF = 1 << (PRECISION_BITS - 1);
const CUBIC_SUPPORT = 2;

function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/** For each output position: the first input index and the fixed-point weights of the inputs it reads. */
interface Taps {
  first: Int32Array;
  count: Int32Array;
  weights: Int32Array;
  stride: number;
}

function computeTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = CUBIC_SUPPORT * filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * stride);
  const kernel = new Float64Array(stride);
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    // Pillow truncates toward zero (a C int cast) before clamping.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      kernel[x] = bicubic((x + xmin - center + 0.5) / filterScale);
      total += kernel[x]!;
    }
    for (let x = 0; x < xmax; x++) {
      const w = total === 0 ? kernel[x]! : kernel[x]! / total;
      // Round half away from zero, as Pillow's normalize_coeffs_8bpc does.
      weights[out * stride + x] = Math.trunc(w * (1 << PRECISION_BITS) + (w < 0 ? -0.5 : 0.5));
    }
    first[out] = xmin;
    count[out] = xmax;
  }
  return { first, count, weights, stride };
}

/**
 * The taps of the outputs `start` to `start + length` only, with input indices counted from the first
 * input they read; every output is computed from its own taps, so a part comes out as in the whole.
 */
function windowTaps(all: Taps, start: number, length: number): { taps: Taps; inputStart: number; inputLength: number } {
  const inputStart = all.first[start]!;
  const last = start + length - 1;
  const inputLength = all.first[last]! + all.count[last]! - inputStart;
  const first = all.first.slice(start, start + length).map((index) => index - inputStart);
  const count = all.count.slice(start, start + length);
  const weights = all.weights.slice(start * all.stride, (start + length) * all.stride);
  return { taps: { first, count, weights, stride: all.stride }, inputStart, inputLength };
}

/**
 * One band of rows (`channels` bytes a pixel, `rowPixels` pixels a row, the first at column `rowX` of
 * the columns the taps count from) resized horizontally into `out` (RGB), from output row `firstRow`.
 * Sums stay in 32-bit integers as Pillow's do; the clamped output array clips to 0..255 as clip8 does.
 */
function resizeHorizontal(
  src: Uint8Array,
  channels: number,
  rowPixels: number,
  rowX: number,
  taps: Taps,
  out: Uint8ClampedArray,
  firstRow: number,
): void {
  const { first, count, weights, stride } = taps;
  const outWidth = first.length;
  const rowBytes = rowPixels * channels;
  const rows = src.length / rowBytes;
  let o = firstRow * outWidth * 3;
  for (let y = 0; y < rows; y++) {
    const row = y * rowBytes - rowX * channels;
    for (let x = 0; x < outWidth; x++) {
      const n = count[x]!;
      let w = x * stride;
      let i = row + first[x]! * channels;
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (let k = 0; k < n; k++, w++, i += channels) {
        const weight = weights[w]!;
        r = (r + src[i]! * weight) | 0;
        g = (g + src[i + 1]! * weight) | 0;
        b = (b + src[i + 2]! * weight) | 0;
      }
      out[o++] = r >> PRECISION_BITS;
      out[o++] = g >> PRECISION_BITS;
      out[o++] = b >> PRECISION_BITS;
    }
  }
}

/** Rows copied without resizing, dropping a fourth channel. */
function copyRows(
  src: Uint8Array,
  channels: number,
  rowPixels: number,
  rowX: number,
  window: { start: number; length: number },
  out: Uint8ClampedArray,
  firstRow: number,
): void {
  const rows = src.length / (rowPixels * channels);
  let o = firstRow * window.length * 3;
  for (let y = 0; y < rows; y++) {
    let i = (y * rowPixels + window.start - rowX) * channels;
    for (let x = 0; x < window.length; x++, i += channels) {
      out[o++] = src[i]!;
      out[o++] = src[i + 1]!;
      out[o++] = src[i + 2]!;
    }
  }
}

/** The vertical pass, a whole output row at a time, so that every read runs along memory. */
function resizeVertical(src: Uint8ClampedArray, rowLength: number, taps: Taps): Uint8ClampedArray {
  const { first, count, weights, stride } = taps;
  const outHeight = first.length;
  const out = new Uint8ClampedArray(rowLength * outHeight);
  const sums = new Int32Array(rowLength);
  for (let y = 0; y < outHeight; y++) {
    sums.fill(HALF);
    const n = count[y]!;
    for (let k = 0; k < n; k++) {
      const weight = weights[y * stride + k]!;
      const row = (first[y]! + k) * rowLength;
      for (let i = 0; i < rowLength; i++) sums[i] = sums[i]! + src[row + i]! * weight;
    }
    const o = y * rowLength;
    for (let i = 0; i < rowLength; i++) out[o + i] = sums[i]! >> PRECISION_BITS;
  }
  return out;
}

/** How one dimension is resized, restricted to a window of its output. */
interface Axis {
  /** Null where the size does not change: the window is copied. */
  taps: Taps | null;
  inputStart: number;
  inputLength: number;
}

function axis(inSize: number, outSize: number, start: number, length: number): Axis {
  if (outSize === inSize) return { taps: null, inputStart: start, inputLength: length };
  return windowTaps(computeTaps(inSize, outSize), start, length);
}

/**
 * Pillow's bicubic resize fed a band of rows at a time, top to bottom, computing only `window` of the
 * output (a centre crop, say): its pixels are exactly those of the whole resize. Only the input rows
 * and columns the window reads (`source`) are needed, and only the horizontal pass's output for them is
 * held, so a huge photo is never in memory whole as RGB.
 */
export class BicubicResizer {
  /** The rectangle of the input that the window's pixels are made from. */
  readonly source: Rect;
  private readonly columns: Axis;
  private readonly rows: Axis;
  private readonly horizontal: Uint8ClampedArray;
  private rowsIn = 0;

  constructor(
    width: number,
    height: number,
    outWidth: number,
    outHeight: number,
    private readonly window: Rect = { x: 0, y: 0, width: outWidth, height: outHeight },
  ) {
    if (outWidth < 1 || outHeight < 1) throw new RangeError(`Cannot resize to ${outWidth}x${outHeight}`);
    const { x, y, width: windowWidth, height: windowHeight } = window;
    if (
      x < 0 ||
      y < 0 ||
      windowWidth < 1 ||
      windowHeight < 1 ||
      x + windowWidth > outWidth ||
      y + windowHeight > outHeight
    ) {
      throw new RangeError(`${windowWidth}x${windowHeight} at (${x}, ${y}) is not inside ${outWidth}x${outHeight}`);
    }
    this.columns = axis(width, outWidth, x, windowWidth);
    this.rows = axis(height, outHeight, y, windowHeight);
    this.source = {
      x: this.columns.inputStart,
      y: this.rows.inputStart,
      width: this.columns.inputLength,
      height: this.rows.inputLength,
    };
    this.horizontal = new Uint8ClampedArray(windowWidth * this.source.height * 3);
  }

  /**
   * Rows of the source, continuing where the last band stopped: `channels` bytes a pixel (RGB, or RGBA
   * whose alpha is ignored), `row.width` pixels a row whose first is input column `row.x` (by default
   * exactly the source's columns).
   */
  push(band: Uint8Array, channels: 3 | 4 = 3, row: { x: number; width: number } = this.source): void {
    const rows = band.length / (row.width * channels);
    if (!Number.isInteger(rows) || this.rowsIn + rows > this.source.height) {
      throw new RangeError(`${band.length} bytes is not a band of whole ${row.width}-pixel rows`);
    }
    if (row.x > this.source.x || row.x + row.width < this.source.x + this.source.width) {
      throw new RangeError(`Rows from column ${row.x}, ${row.width} wide, do not hold the columns needed`);
    }
    const { taps } = this.columns;
    if (taps) resizeHorizontal(band, channels, row.width, row.x - this.source.x, taps, this.horizontal, this.rowsIn);
    else
      copyRows(
        band,
        channels,
        row.width,
        row.x,
        { start: this.window.x, length: this.window.width },
        this.horizontal,
        this.rowsIn,
      );
    this.rowsIn += rows;
  }

  /** The window's RGB pixels, once every source row has been pushed. */
  finish(): Uint8Array {
    if (this.rowsIn !== this.source.height) {
      throw new RangeError(`${this.rowsIn} of ${this.source.height} rows were given`);
    }
    const { taps } = this.rows;
    const out = taps ? resizeVertical(this.horizontal, this.window.width * 3, taps) : this.horizontal;
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }
}

/** Resizes packed 8-bit RGB exactly as Pillow's BICUBIC does; a dimension that keeps its size is not touched. */
export function resizeBicubic(
  rgb: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  if (rgb.length !== width * height * 3) throw new RangeError(`${rgb.length} bytes is not ${width}x${height} RGB`);
  if (outWidth === width && outHeight === height) return rgb;
  const resizer = new BicubicResizer(width, height, outWidth, outHeight);
  resizer.push(rgb);
  return resizer.finish();
}

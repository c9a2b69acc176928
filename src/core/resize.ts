/**
 * Pillow's `Image.resize(size, Image.BICUBIC)` for 8-bit RGB, reproduced step for step: the same cubic
 * kernel (a = -0.5), its support widened by the downscale factor (which is what antialiases), the same
 * 22-bit fixed-point weights, and the same two passes (horizontal, then vertical) each rounded to 8 bits.
 * CLIP was trained on pixels made this way; canvas drawImage makes different ones.
 */

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

function clip8(fixed: number): number {
  const value = fixed >> PRECISION_BITS;
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

/** One band of whole rows resized horizontally into `out`, starting at output row `firstRow`. */
function resizeHorizontal(src: Uint8Array, width: number, taps: Taps, out: Uint8Array, firstRow: number): void {
  const rows = src.length / (width * 3);
  const outWidth = taps.first.length;
  for (let y = 0; y < rows; y++) {
    const row = y * width * 3;
    for (let x = 0; x < outWidth; x++) {
      const base = taps.first[x]!;
      const n = taps.count[x]!;
      const w0 = x * taps.stride;
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (let k = 0; k < n; k++) {
        const w = taps.weights[w0 + k]!;
        const i = row + (base + k) * 3;
        r += src[i]! * w;
        g += src[i + 1]! * w;
        b += src[i + 2]! * w;
      }
      const o = ((firstRow + y) * outWidth + x) * 3;
      out[o] = clip8(r);
      out[o + 1] = clip8(g);
      out[o + 2] = clip8(b);
    }
  }
}

function resizeVertical(src: Uint8Array, width: number, height: number, outHeight: number): Uint8Array {
  const taps = computeTaps(height, outHeight);
  const out = new Uint8Array(width * outHeight * 3);
  const rowLength = width * 3;
  for (let y = 0; y < outHeight; y++) {
    const base = taps.first[y]!;
    const n = taps.count[y]!;
    const w0 = y * taps.stride;
    for (let i = 0; i < rowLength; i++) {
      let sum = HALF;
      for (let k = 0; k < n; k++) sum += src[(base + k) * rowLength + i]! * taps.weights[w0 + k]!;
      out[y * rowLength + i] = clip8(sum);
    }
  }
  return out;
}

/**
 * Pillow's bicubic resize fed a band of rows at a time, top to bottom. The horizontal pass works row by
 * row, so only its output (the new width by the old height) is held: a huge photo never needs to be in
 * memory whole as RGB.
 */
export class BicubicResizer {
  private readonly taps: Taps | null;
  private readonly horizontal: Uint8Array;
  private rowsIn = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly outWidth: number,
    private readonly outHeight: number,
  ) {
    if (outWidth < 1 || outHeight < 1) throw new RangeError(`Cannot resize to ${outWidth}x${outHeight}`);
    this.taps = outWidth === width ? null : computeTaps(width, outWidth);
    this.horizontal = new Uint8Array(outWidth * height * 3);
  }

  /** Packed RGB rows, continuing where the last band stopped. */
  push(band: Uint8Array): void {
    const rows = band.length / (this.width * 3);
    if (!Number.isInteger(rows) || this.rowsIn + rows > this.height) {
      throw new RangeError(`${band.length} bytes is not a band of whole ${this.width}-pixel RGB rows`);
    }
    if (this.taps) resizeHorizontal(band, this.width, this.taps, this.horizontal, this.rowsIn);
    else this.horizontal.set(band, this.rowsIn * this.width * 3);
    this.rowsIn += rows;
  }

  /** The resized photo, once every row has been pushed. */
  finish(): Uint8Array {
    if (this.rowsIn !== this.height) throw new RangeError(`${this.rowsIn} of ${this.height} rows were given`);
    const { horizontal, outWidth, height, outHeight } = this;
    return outHeight === height ? horizontal : resizeVertical(horizontal, outWidth, height, outHeight);
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

/**
 * The horizontal pass of core/resize in WebAssembly SIMD: one pixel's channels in the four lanes of an
 * i32x4, so each tap is one multiply-add for all channels instead of three. The same 32-bit integer
 * sums (lane-wise multiply and add wrap as `| 0` does), the same shift, and saturating narrowing to
 * 0..255 as Pillow's clip8. The module is small enough to be written out here, opcode by opcode, rather
 * than shipped as a binary built elsewhere.
 */

/** Unsigned LEB128, as the binary format writes sizes, counts and indices. */
function leb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** Signed LEB128, for i32.const. */
function sleb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40)) return [...bytes, byte];
    bytes.push(byte | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const name = (text: string) => [...leb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

const I32 = 0x7f;
const V128 = 0x7b;
const get = (index: number) => [0x20, index];
const set = (index: number) => [0x21, index];
const tee = (index: number) => [0x22, index];
const i32 = (value: number) => [0x41, ...sleb(value)];
const simd = (opcode: number) => [0xfd, ...leb(opcode)];
const [ADD, SUB, MUL, SHL, GE_U, LT_U, EQZ] = [0x6a, 0x6b, 0x6c, 0x74, 0x4f, 0x49, 0x45];
const LOAD = [0x28, 2, 0];
const [BLOCK, LOOP, END, BR, BR_IF] = [[0x02, 0x40], [0x03, 0x40], 0x0b, 0x0c, 0x0d];

// Parameters, then locals.
const [SRC, ROWS, ROW_BYTES, CHANNELS, FIRST, COUNT, WEIGHTS, STRIDE_BYTES, OUT_WIDTH, OUT] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
];
const [Y, X, K, I, W, O, SUM] = [10, 11, 12, 13, 14, 15, 16];

/** horizontal(src, rows, rowBytes, channels, first, count, weights, strideBytes, outWidth, out), byte addresses. */
function horizontalBody(precisionBits: number, half: number): number[] {
  // One line per step of the loop nest: rows (y), output pixels (x), taps (k).
  // prettier-ignore
  const code = [
    ...get(OUT), ...set(O),
    ...BLOCK, ...LOOP, ...get(Y), ...get(ROWS), GE_U, BR_IF, 1, ...i32(0), ...set(X),
    ...LOOP,
    // i = src + y * rowBytes + first[x] * channels: the first tap's pixel.
    ...get(SRC), ...get(Y), ...get(ROW_BYTES), MUL, ADD,
    ...get(FIRST), ...get(X), ...i32(2), SHL, ADD, ...LOAD, ...get(CHANNELS), MUL, ADD, ...set(I),
    // w = weights + x * strideBytes; k = count[x]; sum = splat(half).
    ...get(WEIGHTS), ...get(X), ...get(STRIDE_BYTES), MUL, ADD, ...set(W),
    ...get(COUNT), ...get(X), ...i32(2), SHL, ADD, ...LOAD, ...set(K),
    ...i32(half), ...simd(0x11), ...set(SUM),
    ...BLOCK, ...LOOP, ...get(K), EQZ, BR_IF, 1,
    // sum += u32(pixel bytes) * splat(weight): v128.load32_zero, extend u8 -> u16 -> u32, i32x4.mul, add.
    ...get(SUM), ...get(I), ...simd(0x5c), 0, 0, ...simd(0x89), ...simd(0xa9),
    ...get(W), ...LOAD, ...simd(0x11), ...simd(0xb5), ...simd(0xae), ...set(SUM),
    ...get(I), ...get(CHANNELS), ADD, ...set(I),
    ...get(W), ...i32(4), ADD, ...set(W),
    ...get(K), ...i32(1), SUB, ...set(K),
    BR, 0, END, END,
    // out[o..o+4] = clip8(sum >> precision): i32x4.shr_s, saturating narrows to i16 then u8, store32_lane.
    // The fourth byte is the next pixel's first, written over next; the buffer has slack for the last.
    ...get(O),
    ...get(SUM), ...i32(precisionBits), ...simd(0xac), ...tee(SUM),
    ...get(SUM), ...simd(0x85), ...tee(SUM), ...get(SUM), ...simd(0x66),
    ...simd(0x5a), 0, 0, 0,
    ...get(O), ...i32(3), ADD, ...set(O),
    ...get(X), ...i32(1), ADD, ...tee(X), ...get(OUT_WIDTH), LT_U, BR_IF, 0,
    END,
    ...get(Y), ...i32(1), ADD, ...set(Y), BR, 0,
    END, END, END,
  ];
  const locals = [2, 6, I32, 1, V128];
  return [...leb(locals.length + code.length), ...locals, ...code];
}

function moduleBytes(precisionBits: number, half: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 10, ...new Array<number>(10).fill(I32), 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('memory'), 0x02, 0, ...name('horizontal'), 0x00, 0]),
    ...section(10, [1, ...horizontalBody(precisionBits, half)]),
  ]);
}

const compiled = new Map<string, WebAssembly.Module | null>();

/** The module, compiled once per thread; null where the engine has no WebAssembly SIMD. */
function compile(precisionBits: number, half: number): WebAssembly.Module | null {
  const key = `${precisionBits}:${half}`;
  if (!compiled.has(key)) {
    const bytes = moduleBytes(precisionBits, half);
    const supported = typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes);
    compiled.set(key, supported ? new WebAssembly.Module(bytes) : null);
  }
  return compiled.get(key)!;
}

/** What the horizontal pass needs of one resize's taps. */
export interface HorizontalTaps {
  first: Int32Array;
  count: Int32Array;
  weights: Int32Array;
  stride: number;
}

type Horizontal = (...addresses: number[]) => void;

/**
 * The pass for one resize, its taps copied in once; null where the engine has no WebAssembly SIMD
 * (then the JavaScript pass runs).
 */
export class SimdHorizontalPass {
  private readonly memory: WebAssembly.Memory;
  private readonly run: Horizontal;
  private readonly tapsBytes: number;

  private constructor(
    instance: WebAssembly.Instance,
    private readonly taps: HorizontalTaps,
  ) {
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.run = instance.exports.horizontal as Horizontal;
    const { first, count, weights } = taps;
    this.tapsBytes = (first.length * 2 + weights.length) * 4;
    this.reserve(this.tapsBytes);
    const words = new Int32Array(this.memory.buffer, 0, this.tapsBytes / 4);
    words.set(first, 0);
    words.set(count, first.length);
    words.set(weights, first.length * 2);
  }

  static create(taps: HorizontalTaps, precisionBits: number, half: number): SimdHorizontalPass | null {
    const compiled = compile(precisionBits, half);
    return compiled && new SimdHorizontalPass(new WebAssembly.Instance(compiled), taps);
  }

  /** Rows of `channels`-byte pixels, the taps' input 0 `offset` bytes in -> RGB rows into `out` from byte `at`. */
  resize(
    src: Uint8Array,
    channels: number,
    rowBytes: number,
    offset: number,
    out: Uint8ClampedArray,
    at: number,
  ): void {
    const rows = src.length / rowBytes;
    const outWidth = this.taps.first.length;
    const outBytes = rows * outWidth * 3;
    // A pixel is read and written as four bytes: slack after the band and after the output.
    const srcAt = this.tapsBytes;
    const outAt = srcAt + src.length + 4;
    this.reserve(outAt + outBytes + 4);
    new Uint8Array(this.memory.buffer, srcAt, src.length).set(src);
    const { first, stride } = this.taps;
    this.run(
      srcAt + offset,
      rows,
      rowBytes,
      channels,
      0,
      first.length * 4,
      first.length * 8,
      stride * 4,
      outWidth,
      outAt,
    );
    out.set(new Uint8ClampedArray(this.memory.buffer, outAt, outBytes), at);
  }

  private reserve(bytes: number): void {
    const missing = bytes - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / 65536));
  }
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MAX_PHOTO_PIXELS,
  NEEDS_MORE_BYTES,
  gifTransparentColour,
  imageFormat,
  storedSize,
  tooLargeMessage,
  webpOrientation,
} from './image-header';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));
const u16be = (n: number) => [n >> 8, n & 255];
const u16le = (n: number) => [n & 255, n >> 8];
const u32be = (n: number) => [n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const u32le = (n: number) => u32be(n).reverse();

describe('storedSize', () => {
  it('reads PNG, GIF and BMP headers', () => {
    const png = bytes([0x89], 'PNG\r\n\x1a\n', u32be(13), 'IHDR', u32be(16000), u32be(9000), [1, 0, 0, 0, 0]);
    expect(storedSize(png)).toEqual({ width: 16000, height: 9000 });
    expect(storedSize(bytes('GIF89a', u16le(640), u16le(480), [0, 0]))).toEqual({ width: 640, height: 480 });
    const bmp = bytes('BM', new Array<number>(16).fill(0), u32le(300), u32le(-200 >>> 0));
    expect(storedSize(bmp)).toEqual({ width: 300, height: 200 });
  });

  it('walks JPEG segments to the start of frame, past large metadata', () => {
    const exif = [0xff, 0xe1, ...u16be(2 + 5000), ...new Array<number>(5000).fill(0)];
    const sof2 = [0xff, 0xc2, ...u16be(17), 8, ...u16be(4000), ...u16be(6000), 3];
    const jpeg = bytes([0xff, 0xd8], exif, [0xff, 0xc4, 0, 2], sof2);
    expect(storedSize(jpeg)).toEqual({ width: 6000, height: 4000 });
    expect(storedSize(jpeg.subarray(0, 3000))).toBe(NEEDS_MORE_BYTES);
  });

  it('reads the three kinds of WebP', () => {
    const riff = (chunk: string, body: number[]) => bytes('RIFF', u32le(100), 'WEBP', chunk, u32le(body.length), body);
    const vp8x = riff('VP8X', [0, 0, 0, 0, ...u32le(8999).slice(0, 3), ...u32le(299).slice(0, 3)]);
    expect(storedSize(vp8x)).toEqual({ width: 9000, height: 300 });
    const vp8l = riff('VP8L', [0x2f, ...u32le((1023 & 0x3fff) | ((767 & 0x3fff) << 14)), 0]);
    expect(storedSize(vp8l)).toEqual({ width: 1024, height: 768 });
    const vp8 = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(110), ...u16le(90), 0]);
    expect(storedSize(vp8)).toEqual({ width: 110, height: 90 });
  });

  it('reads TIFF tags in either byte order', () => {
    const entry = (tag: number, type: number, value: number) => [
      ...u16le(tag),
      ...u16le(type),
      ...u32le(1),
      ...u32le(value),
    ];
    const little = bytes('II*\0', u32le(8), u16le(2), entry(256, 4, 7000), entry(257, 3, 5000), u32le(0));
    expect(storedSize(little)).toEqual({ width: 7000, height: 5000 });
    const big = bytes('MM\0*', u32be(8), u16be(1), [...u16be(256), ...u16be(4), ...u32be(1), ...u32be(9)], u32be(0));
    expect(storedSize(big)).toBeNull();
  });

  it("takes HEIF's largest image extent, the whole grid rather than a tile", () => {
    const ispe = (w: number, h: number) => [
      ...u32be(20),
      ...[...'ispe'].map((c) => c.charCodeAt(0)),
      0,
      0,
      0,
      0,
      ...u32be(w),
      ...u32be(h),
    ];
    const heic = bytes(u32be(24), 'ftypheic', u32be(0), 'mif1heic', ispe(512, 512), ispe(4032, 3024));
    expect(storedSize(heic)).toEqual({ width: 4032, height: 3024 });
  });

  it('gives null for formats it does not read, and asks for more of a cut-off header', () => {
    expect(storedSize(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(storedSize(new Uint8Array(0))).toBeNull();
    expect(storedSize(bytes([0x89], 'PNG'))).toBe(NEEDS_MORE_BYTES);
  });
});

describe('tooLargeMessage', () => {
  it('names the photo, its size and the limit', () => {
    expect(tooLargeMessage('bomb.png', { width: 16000, height: 16000 })).toBe(
      'bomb.png is too large to tag here: 16,000 x 16,000 pixels (256 megapixels), and the limit is 100 megapixels. Save a smaller copy and add that.',
    );
  });
  it('accepts photos up to the limit', () => {
    expect(tooLargeMessage('pano.png', { width: 9000, height: 300 })).toBeNull();
    expect(tooLargeMessage('edge.png', { width: MAX_PHOTO_PIXELS, height: 1 })).toBeNull();
  });
});

describe('format details the browser gets wrong or cannot read', () => {
  const fixture = (name: string) =>
    new Uint8Array(readFileSync(new URL(`../../fixtures/reference/formats/cases/${name}`, import.meta.url)));

  it("reads a WebP's EXIF orientation, with or without JPEG's Exif prefix", () => {
    expect(webpOrientation(fixture('webp-orientation-6.webp'))).toBe(6);
    const exif = bytes(
      'Exif\0\0',
      'MM\0*',
      u32be(8),
      u16be(1),
      [...u16be(0x0112), ...u16be(3), ...u32be(1)],
      [0, 8, 0, 0],
    );
    const webp = bytes('RIFF', u32le(100), 'WEBP', 'VP8L', u32le(1), [0, 0], 'EXIF', u32le(exif.length), [...exif]);
    expect(webpOrientation(webp)).toBe(8);
    expect(webpOrientation(fixture('twin.jpg'))).toBe(1);
  });

  it("finds the palette colour of a GIF's transparent pixels", () => {
    expect(gifTransparentColour(fixture('transparent.gif'))).toEqual([20, 220, 90]);
    const opaque = bytes('GIF89a', u16le(1), u16le(1), [0x80, 0, 0], [1, 2, 3, 4, 5, 6], [0x2c], new Array(9).fill(0));
    expect(gifTransparentColour(opaque)).toBeNull();
  });

  it('tells apart the formats that need their own decoder', () => {
    expect(imageFormat(fixture('twin.heic'))).toBe('heic');
    expect(imageFormat(fixture('twin.tiff'))).toBe('tiff');
    expect(imageFormat(fixture('webp-orientation-6.webp'))).toBe('webp');
    expect(imageFormat(fixture('transparent.gif'))).toBe('gif');
    expect(imageFormat(fixture('twin.jpg'))).toBe('jpeg');
    expect(imageFormat(bytes(u32be(20), 'ftypavif', u32be(0), 'mif1'))).toBe('other');
  });

  it('reads the HEIC and TIFF fixtures sizes from their headers', () => {
    expect(storedSize(fixture('twin.heic'))).toEqual({ width: 120, height: 96 });
    expect(storedSize(fixture('twin.tiff'))).toEqual({ width: 120, height: 96 });
  });
});

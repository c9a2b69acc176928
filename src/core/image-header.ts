/**
 * A photo's stored size, read from its file header before anything is decoded, so that a small file
 * claiming a huge size (a "decompression bomb") is turned away without the browser allocating it.
 */

export interface StoredSize {
  width: number;
  height: number;
}

/** The header was cut off before the size: read more of the file and ask again. */
export const NEEDS_MORE_BYTES = 'needs-more-bytes';

export type HeaderReading = StoredSize | typeof NEEDS_MORE_BYTES | null;

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function pngSize(view: DataView): HeaderReading {
  if (view.byteLength < 24) return NEEDS_MORE_BYTES;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function gifSize(view: DataView): HeaderReading {
  if (view.byteLength < 10) return NEEDS_MORE_BYTES;
  return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

/** Start-of-frame markers (SOF0-SOF15 but DHT, JPG and DAC, which share the range) hold the size. */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegSize(view: DataView): HeaderReading {
  let at = 2;
  for (;;) {
    if (at + 4 > view.byteLength) return NEEDS_MORE_BYTES;
    if (view.getUint8(at) !== 0xff) return null;
    const marker = view.getUint8(at + 1);
    // Fill bytes and markers without a length (RSTn, TEM) carry no segment.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    if (isStartOfFrame(marker)) {
      if (at + 9 > view.byteLength) return NEEDS_MORE_BYTES;
      return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
    }
    at += 2 + view.getUint16(at + 2);
  }
}

function webpSize(bytes: Uint8Array, view: DataView): HeaderReading {
  const chunk = ascii(bytes, 12, 4);
  const needed = { VP8X: 30, VP8L: 25, 'VP8 ': 30 }[chunk];
  if (needed === undefined) return null;
  if (view.byteLength < needed) return NEEDS_MORE_BYTES;
  if (chunk === 'VP8X') {
    const uint24 = (at: number) => view.getUint16(at, true) + (view.getUint8(at + 2) << 16);
    return { width: 1 + uint24(24), height: 1 + uint24(27) };
  }
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
}

function bmpSize(view: DataView): HeaderReading {
  if (view.byteLength < 26) return NEEDS_MORE_BYTES;
  return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
}

/** TIFF: the first image's ImageWidth (256) and ImageLength (257) tags. */
function tiffSize(view: DataView): HeaderReading {
  const little = view.getUint8(0) === 0x49;
  if (view.byteLength < 8) return NEEDS_MORE_BYTES;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > view.byteLength) return NEEDS_MORE_BYTES;
  const entries = view.getUint16(ifd, little);
  if (ifd + 2 + entries * 12 > view.byteLength) return NEEDS_MORE_BYTES;
  let width = 0;
  let height = 0;
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = view.getUint16(entry, little);
    if (tag !== 256 && tag !== 257) continue;
    // SHORT (3) or LONG (4), stored in the entry itself.
    const value =
      view.getUint16(entry + 2, little) === 3 ? view.getUint16(entry + 8, little) : view.getUint32(entry + 8, little);
    if (tag === 256) width = value;
    else height = value;
  }
  return width > 0 && height > 0 ? { width, height } : null;
}

/**
 * HEIF and AVIF (ISO base media files): the largest `ispe` (image spatial extent) property. A tiled
 * photo lists each tile's size and the whole grid's; the grid is the largest.
 */
function isoMediaSize(bytes: Uint8Array, view: DataView): HeaderReading {
  let best: StoredSize | null = null;
  for (let at = 4; at + 16 <= bytes.length; at++) {
    if (bytes[at] !== 0x69 || ascii(bytes, at, 4) !== 'ispe') continue;
    const width = view.getUint32(at + 8);
    const height = view.getUint32(at + 12);
    if (!best || width * height > best.width * best.height) best = { width, height };
  }
  return best ?? NEEDS_MORE_BYTES;
}

/**
 * The stored size of a PNG, JPEG, GIF, WebP, BMP, TIFF, HEIF or AVIF file from its first bytes, before
 * EXIF orientation. Null for other formats (the caller checks after decoding instead).
 */
export function storedSize(bytes: Uint8Array): HeaderReading {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) return bytes.length === 0 ? null : NEEDS_MORE_BYTES;
  if (view.getUint32(0) === 0x89504e47) return pngSize(view);
  if (view.getUint16(0) === 0xffd8) return jpegSize(view);
  if (ascii(bytes, 0, 4) === 'GIF8') return gifSize(view);
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return webpSize(bytes, view);
  if (ascii(bytes, 0, 2) === 'BM') return bmpSize(view);
  if (ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*') return tiffSize(view);
  if (ascii(bytes, 4, 4) === 'ftyp') return isoMediaSize(bytes, view);
  return null;
}

/**
 * The largest photo decoded, in pixels. A decoded photo takes 4 bytes a pixel in the browser, so this
 * caps one photo at 400 MB, about what a phone or a small laptop can give a tab on top of the model;
 * it admits every camera but the 150-200 MP modes of a few phones and medium-format backs.
 */
export const MAX_PHOTO_PIXELS = 100_000_000;

/** Why a photo of this size is refused, in words for its owner; null when it is within the limit. */
export function tooLargeMessage(name: string, { width, height }: StoredSize): string | null {
  if (width * height <= MAX_PHOTO_PIXELS) return null;
  const megapixels = Math.round((width * height) / 1e6).toLocaleString('en');
  return `${name} is too large to tag here: ${width.toLocaleString('en')} x ${height.toLocaleString('en')} pixels (${megapixels} megapixels), and the limit is ${MAX_PHOTO_PIXELS / 1e6} megapixels. Save a smaller copy and add that.`;
}

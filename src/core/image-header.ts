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

/** The orientation tag (0x0112) in a TIFF-structured block (EXIF data, a TIFF file); 1 when absent. */
export function tiffOrientation(bytes: Uint8Array): number {
  if (bytes.length < 8) return 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = ascii(bytes, 0, 2) === 'II';
  if (!little && ascii(bytes, 0, 2) !== 'MM') return 1;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > bytes.length) return 1;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries && ifd + 2 + i * 12 + 12 <= bytes.length; i++) {
    const entry = ifd + 2 + i * 12;
    if (view.getUint16(entry, little) === 0x0112) return view.getUint16(entry + 8, little);
  }
  return 1;
}

/** A WebP's EXIF orientation, which Chromium ignores and PIL applies; 1 when there is none. */
export function webpOrientation(bytes: Uint8Array): number {
  if (bytes.length < 12 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') return 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 12; at + 8 <= bytes.length;) {
    const size = view.getUint32(at + 4, true);
    if (ascii(bytes, at, 4) === 'EXIF') {
      const exif = bytes.subarray(at + 8, at + 8 + size);
      // Some writers keep JPEG's "Exif\0\0" prefix before the TIFF header.
      return tiffOrientation(ascii(exif, 0, 4) === 'Exif' ? exif.subarray(6) : exif);
    }
    at += 8 + size + (size % 2);
  }
  return 1;
}

/**
 * The palette colour of a GIF's transparent pixels in its first frame, which PIL's convert('RGB')
 * keeps and Chromium decodes as black; null when the first frame has no transparency.
 */
export function gifTransparentColour(bytes: Uint8Array): [number, number, number] | null {
  if (bytes.length < 13 || ascii(bytes, 0, 4) !== 'GIF8') return null;
  const tableBytes = (packed: number) => (packed & 0x80 ? 3 * (2 << (packed & 7)) : 0);
  const globalTable = { at: 13, length: tableBytes(bytes[10]!) };
  let transparentIndex: number | null = null;
  for (let at = 13 + globalTable.length; at < bytes.length;) {
    const block = bytes[at];
    if (block === 0x2c) {
      if (transparentIndex === null || at + 10 > bytes.length) return null;
      const localLength = tableBytes(bytes[at + 9]!);
      const table = localLength > 0 ? { at: at + 10, length: localLength } : globalTable;
      const colour = table.at + transparentIndex * 3;
      if (transparentIndex * 3 + 3 > table.length || colour + 3 > bytes.length) return null;
      return [bytes[colour]!, bytes[colour + 1]!, bytes[colour + 2]!];
    }
    if (block !== 0x21 || at + 2 >= bytes.length) return null;
    // A graphic control extension names the transparent index of the image that follows it.
    if (bytes[at + 1] === 0xf9 && at + 6 < bytes.length) transparentIndex = bytes[at + 3]! & 1 ? bytes[at + 6]! : null;
    at += 2;
    while (at < bytes.length && bytes[at] !== 0) at += bytes[at]! + 1;
    at += 1;
  }
  return null;
}

/** Brands of HEIF files holding HEVC images (the iPhone's HEIC), which browsers do not decode. */
const HEIC_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs'];

/**
 * The formats that need more than the browser's own decoder, and JPEG, which has no transparency to
 * check for, told apart by their first bytes.
 */
export function imageFormat(bytes: Uint8Array): 'tiff' | 'heic' | 'webp' | 'gif' | 'jpeg' | 'other' {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length < 12) return 'other';
  const magic = ascii(bytes, 0, 4);
  if (magic === 'II*\0' || magic === 'MM\0*') return 'tiff';
  if (magic === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (magic === 'GIF8') return 'gif';
  if (ascii(bytes, 4, 4) !== 'ftyp') return 'other';
  const boxEnd = Math.min(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0), bytes.length);
  // The major brand, then the compatible brands after the minor version.
  const brands = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(ascii(bytes, at, 4));
  return brands.some((brand) => HEIC_BRANDS.includes(brand)) ? 'heic' : 'other';
}

import { decode } from 'tiff';
import { isOrientation } from '../../core/orientation';
import type { RgbaImage } from './pixel-reader';

export class UnsupportedTiffError extends Error {
  override name = 'UnsupportedTiffError';
}

/** One sample as 8 bits: 16-bit samples keep their high byte, as PIL's RGB;16 unpacking does. */
const to8 = (value: number, bits: number) => (bits === 16 ? value >> 8 : value);

/**
 * Decodes a TIFF's first image to RGBA as PIL reads it: grayscale, RGB and palette images of 8 or 16
 * bits, with or without alpha (kept as stored, like PIL's convert('RGB')), and the orientation tag
 * (applied later, as exif_transpose does). Other kinds (CMYK, YCbCr, floating point) are refused.
 */
export function decodeTiff(bytes: Uint8Array, name: string): RgbaImage {
  const [ifd] = decode(bytes, { pages: [0] });
  if (!ifd) throw new UnsupportedTiffError(`${name} holds no image.`);
  const { width, height, samplesPerPixel: samples, bitsPerSample: bits, type, data } = ifd;
  const unsupported = () =>
    new UnsupportedTiffError(
      `${name} is a kind of TIFF this app cannot read (colour type ${type}, ${samples} x ${bits}-bit samples). Save it as JPEG or PNG and add it again.`,
    );
  if ((bits !== 8 && bits !== 16) || ifd.sampleFormat === 3) throw unsupported();
  const rgba = new Uint8ClampedArray(width * height * 4);
  const palette = ifd.palette;
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    const at = i * samples;
    if (type === 2 && samples >= 3) {
      rgba[j] = to8(data[at]!, bits);
      rgba[j + 1] = to8(data[at + 1]!, bits);
      rgba[j + 2] = to8(data[at + 2]!, bits);
      rgba[j + 3] = samples >= 4 ? to8(data[at + 3]!, bits) : 255;
    } else if ((type === 0 || type === 1) && samples <= 2) {
      const grey = to8(type === 0 ? (bits === 16 ? 65535 : 255) - data[at]! : data[at]!, bits);
      rgba[j] = rgba[j + 1] = rgba[j + 2] = grey;
      rgba[j + 3] = samples === 2 ? to8(data[at + 1]!, bits) : 255;
    } else if (type === 3 && palette && samples === 1) {
      const [r, g, b] = palette[data[at]!] ?? [0, 0, 0];
      // TIFF palettes are 16-bit.
      rgba[j] = r >> 8;
      rgba[j + 1] = g >> 8;
      rgba[j + 2] = b >> 8;
      rgba[j + 3] = 255;
    } else {
      throw unsupported();
    }
  }
  return { rgba, width, height, orientation: isOrientation(ifd.orientation) ? ifd.orientation : 1 };
}

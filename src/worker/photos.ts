import { ErrorNames } from '../core/protocol';

/** The longest side of a card's thumbnail, in pixels: enough for a sharp 2x display of a 128 px card. */
const THUMBNAIL_SIDE = 256;

export class NotAnImageError extends Error {
  override name = ErrorNames.notAnImage;
}

/**
 * Decodes a dropped file. createImageBitmap applies EXIF orientation, so photos come out the way the
 * camera meant; anything the browser cannot decode gets a message naming the file.
 */
export async function decodePhoto(file: Blob, name: string): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image', premultiplyAlpha: 'none' });
  } catch {
    const looksLikeImage = file.type.startsWith('image/');
    throw new NotAnImageError(
      looksLikeImage
        ? `${name} could not be decoded: it may be damaged, or in a format this browser cannot read. Try saving it as JPEG or PNG.`
        : `${name} is not an image. Drop photos (JPEG, PNG, WebP, GIF...) instead.`,
    );
  }
}

/** A small encoded copy for the card, so the page never holds a decoded full-size photo. */
export async function makeThumbnail(bitmap: ImageBitmap): Promise<Blob> {
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw on an OffscreenCanvas in a worker.');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/webp', quality: 0.85 });
}

/**
 * The photo's pixels as packed 8-bit RGB. Alpha is dropped, as PIL's convert('RGB') in CLIP's pipeline does.
 */
export function readRgb(bitmap: ImageBitmap): Uint8Array {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot draw on an OffscreenCanvas in a worker.');
  context.drawImage(bitmap, 0, 0);
  const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const rgb = new Uint8Array(bitmap.width * bitmap.height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return rgb;
}

import { ErrorNames, throwIfAborted } from '../../core/errors';
import { toPixelValues } from '../../core/preprocess';
import type { PixelReader } from './pixel-reader';
import type { DecodeRequest, DecodedPhoto } from './protocol';

/** The longest side of a card's thumbnail, in pixels: enough for a sharp 2x display of a 128 px card. */
const THUMBNAIL_SIDE = 256;

export class NotAnImageError extends Error {
  override name = ErrorNames.notAnImage;
}

/**
 * Decodes a dropped file as CLIP's Python pipeline reads it: EXIF orientation applied (the photo as the
 * camera meant it), colour values as stored (PIL ignores ICC profiles, so no colour-space conversion),
 * and alpha not premultiplied, so transparent pixels keep their colour. Anything the browser cannot
 * decode gets a message naming the file.
 */
export async function decodePhoto(file: Blob, name: string): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file, {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch {
    const looksLikeImage = file.type.startsWith('image/');
    throw new NotAnImageError(
      looksLikeImage
        ? `${name} could not be decoded: it may be damaged, or in a format this browser cannot read. Try saving it as JPEG or PNG.`
        : `${name} is not an image. Drop photos (JPEG, PNG, WebP, GIF...) instead.`,
    );
  }
}

/**
 * A small encoded copy for the card, so the page never holds a decoded full-size photo. A JPEG photo
 * has no transparency, so its thumbnail is a JPEG too (encoding one took a quarter of WebP's time);
 * other formats keep their transparency in WebP.
 */
export async function makeThumbnail(bitmap: ImageBitmap, fileType: string): Promise<Blob> {
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw on an OffscreenCanvas in a worker.');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas.convertToBlob({ type: fileType === 'image/jpeg' ? 'image/jpeg' : 'image/webp', quality: 0.85 });
}

/**
 * Decodes and thumbnails one photo, closing the decoded bitmap, and preprocesses it for the encoder
 * when `withPixels` is set (a photo whose embedding is stored needs only its thumbnail). A cancelled
 * request stops between steps: the browser's decode itself cannot be interrupted.
 */
export async function decodeForEncoder(
  request: DecodeRequest,
  reader: PixelReader,
  signal?: AbortSignal,
): Promise<DecodedPhoto> {
  const { file, name, preprocessing, withPixels } = request;
  const bitmap = await decodePhoto(file, name);
  try {
    throwIfAborted(signal);
    const { width, height } = bitmap;
    const thumbnail = await makeThumbnail(bitmap, file.type);
    throwIfAborted(signal);
    const pixelValues = withPixels ? toPixelValues(reader.read(bitmap), width, height, preprocessing) : null;
    return { thumbnail, width, height, pixelValues };
  } finally {
    bitmap.close();
  }
}

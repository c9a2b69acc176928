import { ErrorNames, throwIfAborted } from '../../core/errors';
import {
  MAX_PHOTO_PIXELS,
  NEEDS_MORE_BYTES,
  storedSize,
  tooLargeMessage,
  type StoredSize,
} from '../../core/image-header';
import { PixelBudget } from '../../core/pixel-budget';
import { toPixelValuesFromBands } from '../../core/preprocess';
import { PixelReader } from './pixel-reader';
import type { DecodeRequest, DecodedPhoto } from './protocol';

/** The longest side of a card's thumbnail, in pixels: enough for a sharp 2x display of a 128 px card. */
const THUMBNAIL_SIDE = 256;

/** Read first for the stored size: enough for every header but a JPEG with unusually large metadata. */
const HEADER_BYTES = 256 * 1024;

export class NotAnImageError extends Error {
  override name = ErrorNames.notAnImage;
}

export class PhotoTooLargeError extends Error {
  override name = 'PhotoTooLargeError';
}

/** What one thread's decodes share: the pixel reader, and the memory they may take together. */
export class PhotoDecoding {
  readonly reader = new PixelReader();
  readonly budget = new PixelBudget(MAX_PHOTO_PIXELS);
}

/** The size the file's header claims, or null for a format whose header is not read here. */
async function readStoredSize(file: Blob): Promise<StoredSize | null> {
  const head = storedSize(new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer()));
  if (head !== NEEDS_MORE_BYTES) return head;
  if (file.size <= HEADER_BYTES) return null;
  const whole = storedSize(new Uint8Array(await file.arrayBuffer()));
  return whole === NEEDS_MORE_BYTES ? null : whole;
}

function refuseIfTooLarge(name: string, size: StoredSize): void {
  const message = tooLargeMessage(name, size);
  if (message) throw new PhotoTooLargeError(message);
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
 * when `withPixels` is set (a photo whose embedding is stored needs only its thumbnail). A photo whose
 * header claims more pixels than the limit is refused before anything is decoded, and decodes wait
 * while others hold the pixel budget. A cancelled request stops between steps: the browser's decode
 * itself cannot be interrupted.
 */
export async function decodeForEncoder(
  request: DecodeRequest,
  decoding: PhotoDecoding,
  signal?: AbortSignal,
): Promise<DecodedPhoto> {
  const { file, name } = request;
  const size = await readStoredSize(file);
  if (size) refuseIfTooLarge(name, size);
  // A format whose header is not read here is counted at the limit, so it decodes alone.
  const pixels = size ? size.width * size.height : MAX_PHOTO_PIXELS;
  return decoding.budget.use(pixels, async () => {
    throwIfAborted(signal);
    const bitmap = await decodePhoto(file, name);
    try {
      refuseIfTooLarge(name, bitmap);
      return await preparePhoto(bitmap, request, decoding.reader, signal);
    } finally {
      bitmap.close();
    }
  });
}

async function preparePhoto(
  bitmap: ImageBitmap,
  { file, name, preprocessing, withPixels }: DecodeRequest,
  reader: PixelReader,
  signal?: AbortSignal,
): Promise<DecodedPhoto> {
  throwIfAborted(signal);
  const { width, height } = bitmap;
  const thumbnail = await makeThumbnail(bitmap, file.type);
  throwIfAborted(signal);
  const pixelValues = withPixels
    ? toPixelValuesFromBands(reader.bands(bitmap, name), width, height, preprocessing)
    : null;
  return { thumbnail, width, height, pixelValues };
}

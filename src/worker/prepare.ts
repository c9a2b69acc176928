import type { ImagePreprocessing } from '../core/preprocess';
import { toPixelValues } from '../core/preprocess';
import { decodePhoto, makeThumbnail, type PixelReader } from './photos';

/** A photo ready for its card and, when asked for, for the vision encoder. */
export interface DecodedPhoto {
  thumbnail: Blob;
  /** The decoded size, after EXIF orientation. */
  width: number;
  height: number;
  pixelValues: Float32Array | null;
}

/**
 * Decodes and thumbnails one photo, closing the decoded bitmap, and preprocesses it for the encoder
 * when `withPixels` is set (a photo whose embedding is stored needs only its thumbnail).
 */
export async function decodeForEncoder(
  file: Blob,
  name: string,
  preprocessing: ImagePreprocessing,
  reader: PixelReader,
  withPixels: boolean,
): Promise<DecodedPhoto> {
  const bitmap = await decodePhoto(file, name);
  try {
    const { width, height } = bitmap;
    const thumbnail = await makeThumbnail(bitmap, file.type);
    const pixelValues = withPixels ? toPixelValues(reader.read(bitmap), width, height, preprocessing) : null;
    return { thumbnail, width, height, pixelValues };
  } finally {
    bitmap.close();
  }
}

import type { ErrorInfo, PhotoInput } from '../core/protocol';
import type { ClipEncoders } from './clip-model';
import { messageOf } from './device';
import { contentHash } from './embedding-store';
import { decodePhoto, makeThumbnail, type PixelReader } from './photos';

/**
 * A photo decoded, thumbnailed and either found in the embedding store or preprocessed for the
 * encoder; or the reason it could not be.
 */
export type PreparedPhoto =
  | {
      ok: true;
      photo: PhotoInput;
      hash: string;
      input: { embedding: Float32Array } | { pixelValues: Float32Array };
      thumbnail: Blob;
      width: number;
      height: number;
    }
  | { ok: false; photo: PhotoInput; error: ErrorInfo };

/**
 * Hashes, decodes and thumbnails one photo, here in the worker, closing the decoded bitmap, and
 * preprocesses it unless `lookup` finds an embedding already made from the same bytes.
 */
export async function preparePhoto(
  photo: PhotoInput,
  encoders: ClipEncoders,
  pixels: PixelReader,
  lookup?: (hash: string) => Promise<Float32Array | undefined>,
): Promise<PreparedPhoto> {
  let bitmap: ImageBitmap | null = null;
  try {
    const hash = await contentHash(photo.file);
    const stored = await lookup?.(hash);
    bitmap = await decodePhoto(photo.file, photo.name);
    const { width, height } = bitmap;
    const thumbnail = await makeThumbnail(bitmap);
    const input = stored ? { embedding: stored } : { pixelValues: encoders.pixelValues(pixels.read(bitmap), width, height) };
    return { ok: true, photo, hash, input, thumbnail, width, height };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    return { ok: false, photo, error: { name, message: messageOf(error) } };
  } finally {
    bitmap?.close();
  }
}

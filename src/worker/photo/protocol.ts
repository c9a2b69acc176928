import type { ImagePreprocessing } from '../../core/preprocess';

/** One photo to decode, thumbnail and, when `withPixels` is set, preprocess for the vision encoder. */
export interface DecodeRequest {
  file: Blob;
  name: string;
  preprocessing: ImagePreprocessing;
  withPixels: boolean;
}

/** A photo ready for its card and, when asked for, for the vision encoder. */
export interface DecodedPhoto {
  thumbnail: Blob;
  /** The decoded size, after EXIF orientation. */
  width: number;
  height: number;
  pixelValues: Float32Array | null;
}

/** The photo worker's one request, carried by core/rpc like the model worker's. */
export interface PhotoRequests {
  decode: { params: DecodeRequest; event: never; result: DecodedPhoto };
}

import type { ImagePreprocessing } from '../../core/preprocess';

/** One photo to decode, thumbnail and, when `withPixels` is set, preprocess for the vision encoder. */
export interface DecodeRequest {
  file: Blob;
  name: string;
  preprocessing: ImagePreprocessing;
  withPixels: boolean;
}

/**
 * Milliseconds each preparation step took, so the benchmark can tell where a photo's time goes:
 * the browser's (or our own) decode, reading the decoded pixels, the exact resize and preprocessing,
 * and the card's thumbnail. Read and resize run band by band, interleaved; each sums its own bands.
 */
export interface PreparationSteps {
  decode: number;
  read: number;
  resize: number;
  thumbnail: number;
}

/** A photo ready for its card and, when asked for, for the vision encoder. */
export interface DecodedPhoto {
  thumbnail: Blob;
  /** The decoded size, after EXIF orientation. */
  width: number;
  height: number;
  pixelValues: Float32Array | null;
  steps: PreparationSteps;
}

/** The photo worker's one request, carried by core/rpc like the model worker's. */
export interface PhotoRequests {
  decode: { params: DecodeRequest; event: never; result: DecodedPhoto };
}

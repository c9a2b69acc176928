import libheif from 'libheif-js/libheif-wasm/libheif-bundle.mjs';
import type { RgbaImage } from './pixel-reader';

/**
 * Decodes a HEIC/HEIF photo's primary image to RGBA, as pillow-heif does: libheif applies the file's
 * rotation and mirroring (irot, imir) and converts YCbCr to RGB; null when libheif finds no image.
 */
export async function decodeHeif(bytes: Uint8Array): Promise<RgbaImage | null> {
  // A fresh instance per photo (30-120 ms): WebAssembly memory never shrinks, and a 48 MP photo grows
  // it by hundreds of MB, which go back only with the instance.
  const heif = libheif();
  const decoder = new heif.HeifDecoder();
  try {
    const images = decoder.decode(bytes);
    const image = images.find((candidate) => candidate.is_primary()) ?? images[0];
    if (!image) return null;
    const width = image.get_width();
    const height = image.get_height();
    const target = { data: new Uint8ClampedArray(width * height * 4), width, height };
    const decoded = await new Promise<{ data: Uint8ClampedArray<ArrayBuffer> } | null>((resolve) =>
      image.display(target, resolve),
    );
    for (const other of images) other.free();
    return decoded ? { rgba: decoded.data, width, height, orientation: 1 } : null;
  } finally {
    if (decoder.decoder) heif.heif_context_free(decoder.decoder);
  }
}

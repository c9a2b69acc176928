import { ErrorNames } from '../core/protocol';

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

/** RGBA bytes -> packed RGB. Alpha is dropped as PIL's convert('RGB') does, keeping each pixel's stored colour. */
function dropAlpha(rgba: ArrayLike<number>, pixels: number): Uint8Array {
  const rgb = new Uint8Array(pixels * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return rgb;
}

function isOpaque(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

/**
 * Reads a decoded photo's pixels as packed 8-bit RGB, exactly as stored. A 2D canvas is fast and exact
 * for opaque photos, but it stores premultiplied colour, losing the colour of transparent pixels that
 * PIL keeps; photos with transparency are read again through WebGL2, which uploads them unpremultiplied.
 */
export class PixelReader {
  private gl: WebGL2RenderingContext | null | undefined;

  read(bitmap: ImageBitmap): Uint8Array {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('This browser cannot draw on an OffscreenCanvas in a worker.');
    context.drawImage(bitmap, 0, 0);
    const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const pixels = bitmap.width * bitmap.height;
    if (isOpaque(rgba)) return dropAlpha(rgba, pixels);
    return this.readUnpremultiplied(bitmap) ?? dropAlpha(rgba, pixels);
  }

  private readUnpremultiplied(bitmap: ImageBitmap): Uint8Array | null {
    this.gl ??= new OffscreenCanvas(1, 1).getContext('webgl2');
    const gl = this.gl;
    if (!gl || gl.isContextLost()) return null;
    const maxSide = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
    if (bitmap.width > maxSide || bitmap.height > maxSide) return null;
    const texture = gl.createTexture();
    const framebuffer = gl.createFramebuffer();
    try {
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
      gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
      gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
      gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
      if (gl.checkFramebufferStatus(gl.FRAMEBUFFER) !== gl.FRAMEBUFFER_COMPLETE) return null;
      const rgba = new Uint8Array(bitmap.width * bitmap.height * 4);
      // Texture row 0 is the image's top row, and readPixels starts at row 0: no flip needed.
      gl.readPixels(0, 0, bitmap.width, bitmap.height, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
      return gl.getError() === gl.NO_ERROR ? dropAlpha(rgba, bitmap.width * bitmap.height) : null;
    } finally {
      gl.deleteFramebuffer(framebuffer);
      gl.deleteTexture(texture);
    }
  }
}

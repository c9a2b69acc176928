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

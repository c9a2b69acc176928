/** The side of the tiles a photo is read in: WebGL 2 promises textures at least this large. */
const TILE_SIDE = 2048;
/** Rows are read a band at a time, about 4 million pixels (16 MB of RGBA) whatever the photo's size. */
const BAND_PIXELS = 1 << 22;

export class TransparencyUnreadableError extends Error {
  override name = 'TransparencyUnreadableError';
}

/** RGBA bytes -> packed RGB rows of `out`. Alpha is dropped as PIL's convert('RGB') does, keeping each pixel's stored colour. */
function dropAlpha(rgba: ArrayLike<number>, tile: Tile, out: Uint8Array, outWidth: number): void {
  for (let y = 0; y < tile.height; y++) {
    let i = y * tile.width * 4;
    let j = (y * outWidth + tile.x) * 3;
    for (let x = 0; x < tile.width; x++, i += 4, j += 3) {
      out[j] = rgba[i]!;
      out[j + 1] = rgba[i + 1]!;
      out[j + 2] = rgba[i + 2]!;
    }
  }
}

function isOpaque(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

/** A rectangle of the photo, in its pixels. */
interface Tile {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Reads a decoded photo's pixels as packed 8-bit RGB, exactly as stored, in bands of rows so that no
 * full-size copy of a huge photo is ever made. A 2D canvas is fast and exact for opaque pixels, but it
 * stores premultiplied colour, losing the colour of transparent pixels that PIL keeps; tiles with
 * transparency are read again through WebGL2, which uploads them unpremultiplied. Tiles keep each upload
 * within the GPU's texture size, so a wide transparent panorama is read like any other photo.
 */
export class PixelReader {
  private gl: WebGL2RenderingContext | null | undefined;

  /** The photo as bands of whole rows of packed RGB, top to bottom; each band is reused for the next. */
  *bands(bitmap: ImageBitmap, name: string): Generator<Uint8Array> {
    const { width, height } = bitmap;
    const tileWidth = Math.min(width, TILE_SIDE);
    const bandRows = Math.max(1, Math.min(height, TILE_SIDE, Math.floor(BAND_PIXELS / width)));
    const canvas = new OffscreenCanvas(tileWidth, bandRows);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('This browser cannot draw on an OffscreenCanvas in a worker.');
    const buffer = new Uint8Array(width * bandRows * 3);
    for (let y = 0; y < height; y += bandRows) {
      const rows = Math.min(bandRows, height - y);
      const band = buffer.subarray(0, width * rows * 3);
      for (let x = 0; x < width; x += tileWidth) {
        const tile = { x, y, width: Math.min(tileWidth, width - x), height: rows };
        context.clearRect(0, 0, tileWidth, bandRows);
        context.drawImage(bitmap, x, y, tile.width, rows, 0, 0, tile.width, rows);
        const rgba = context.getImageData(0, 0, tile.width, rows).data;
        const stored = isOpaque(rgba) ? rgba : this.readUnpremultiplied(bitmap, tile);
        if (!stored) {
          throw new TransparencyUnreadableError(
            `${name} has transparent pixels that this browser cannot read without changing their colour. Save it without transparency (as JPEG, for example) and add it again.`,
          );
        }
        dropAlpha(stored, tile, band, width);
      }
      yield band;
    }
  }

  private readUnpremultiplied(bitmap: ImageBitmap, tile: Tile): Uint8Array | null {
    this.gl ??= new OffscreenCanvas(1, 1).getContext('webgl2');
    const gl = this.gl;
    if (!gl || gl.isContextLost()) return null;
    const texture = gl.createTexture();
    const framebuffer = gl.createFramebuffer();
    try {
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
      gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
      gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
      // WebGL 2 uploads a sub-rectangle of an image source: the tile, never the whole photo.
      gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, tile.x);
      gl.pixelStorei(gl.UNPACK_SKIP_ROWS, tile.y);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, tile.width, tile.height, 0, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
      gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
      if (gl.checkFramebufferStatus(gl.FRAMEBUFFER) !== gl.FRAMEBUFFER_COMPLETE) return null;
      const rgba = new Uint8Array(tile.width * tile.height * 4);
      // Texture row 0 is the tile's top row, and readPixels starts at row 0: no flip needed.
      gl.readPixels(0, 0, tile.width, tile.height, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
      return gl.getError() === gl.NO_ERROR ? rgba : null;
    } finally {
      gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, 0);
      gl.pixelStorei(gl.UNPACK_SKIP_ROWS, 0);
      gl.deleteFramebuffer(framebuffer);
      gl.deleteTexture(texture);
    }
  }
}

import { orientRgb, storedRect, type Orientation, type Rect } from '../../core/orientation';

/** The side of the tiles a photo is read in: WebGL 2 promises textures at least this large. */
const TILE_SIDE = 2048;
/** Rows are read a band at a time, about 4 million pixels (16 MB of RGBA) whatever the photo's size. */
const BAND_PIXELS = 1 << 22;
/** The largest side read through a 2D canvas in one piece; a wider band is read in tiles. */
const CANVAS_SIDE = 8192;

export class TransparencyUnreadableError extends Error {
  override name = 'TransparencyUnreadableError';
}

/** A photo decoded by a decoder of the app's own (HEIC, TIFF) rather than the browser. */
export interface RgbaImage {
  rgba: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
  /** The EXIF orientation still to apply. */
  orientation: Orientation;
}

/** A rectangle's pixels, packed row by row: RGB, or RGBA whose alpha is ignored (as PIL's convert('RGB') drops it). */
export interface PixelBand {
  pixels: Uint8Array;
  channels: 3 | 4;
}

/** A decoded photo as stored, before orientation, read a rectangle at a time. */
export interface StoredPixels {
  width: number;
  height: number;
  read(rect: Rect): PixelBand;
}

/**
 * RGBA -> packed RGB, written at (`at.x`, `at.y`) of an `outWidth`-wide RGB buffer. Alpha is dropped as
 * PIL's convert('RGB') does, keeping each pixel's stored colour; `transparentColour` stands in for fully
 * transparent pixels whose colour the browser's decoder did not keep (a GIF's transparent index).
 */
function dropAlpha(
  rgba: ArrayLike<number>,
  size: { width: number; height: number },
  out: Uint8Array,
  at: { x: number; y: number; outWidth: number },
  transparentColour: readonly number[] | null,
): void {
  for (let y = 0; y < size.height; y++) {
    let i = y * size.width * 4;
    let j = ((at.y + y) * at.outWidth + at.x) * 3;
    for (let x = 0; x < size.width; x++, i += 4, j += 3) {
      const colour = transparentColour && rgba[i + 3] === 0 ? transparentColour : null;
      out[j] = colour ? colour[0]! : rgba[i]!;
      out[j + 1] = colour ? colour[1]! : rgba[i + 1]!;
      out[j + 2] = colour ? colour[2]! : rgba[i + 2]!;
    }
  }
}

function isOpaque(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

/** A photo decoded to RGBA in memory (HEIC, TIFF): rectangles are copied out. */
export class RgbaPixels implements StoredPixels {
  readonly width: number;
  readonly height: number;

  constructor(private readonly image: RgbaImage) {
    this.width = image.width;
    this.height = image.height;
  }

  read(rect: Rect): PixelBand {
    const { rgba, width } = this.image;
    // Alpha is ignored, so RGBA rows are handed on as they are: whole rows without a copy.
    if (rect.x === 0 && rect.width === width) {
      const start = rect.y * width * 4;
      return { pixels: new Uint8Array(rgba.buffer, start, rect.height * width * 4), channels: 4 };
    }
    const out = new Uint8Array(rect.width * rect.height * 4);
    for (let y = 0; y < rect.height; y++) {
      const start = ((rect.y + y) * width + rect.x) * 4;
      out.set(rgba.subarray(start, start + rect.width * 4), y * rect.width * 4);
    }
    return { pixels: out, channels: 4 };
  }
}

/**
 * A photo the browser decoded, read a rectangle at a time so that no full-size copy is made. A 2D
 * canvas is fast and exact for opaque pixels, whose RGBA is handed on as it comes; but it stores
 * premultiplied colour, losing the colour of transparent pixels that PIL keeps, so a rectangle with
 * transparency is read again in tiles, those with transparency through WebGL2, which uploads them
 * unpremultiplied. Tiles keep each upload within the GPU's texture size, so a wide transparent panorama
 * is read like any other photo.
 */
export class BitmapPixels implements StoredPixels {
  readonly width: number;
  readonly height: number;
  private context: OffscreenCanvasRenderingContext2D | null = null;
  private bandContext: OffscreenCanvasRenderingContext2D | null = null;

  /** `opaque`: the format has no transparency (JPEG), so no pixel needs checking. */
  constructor(
    private readonly bitmap: ImageBitmap,
    private readonly reader: PixelReader,
    private readonly name: string,
    private readonly transparentColour: readonly number[] | null = null,
    private readonly opaque = false,
  ) {
    this.width = bitmap.width;
    this.height = bitmap.height;
  }

  read(rect: Rect): PixelBand {
    if (rect.width <= CANVAS_SIDE && rect.height <= CANVAS_SIDE) {
      const context = this.bandContextFor(rect);
      context.clearRect(0, 0, rect.width, rect.height);
      context.drawImage(this.bitmap, rect.x, rect.y, rect.width, rect.height, 0, 0, rect.width, rect.height);
      const rgba = context.getImageData(0, 0, rect.width, rect.height).data;
      if (this.opaque || isOpaque(rgba)) {
        return { pixels: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length), channels: 4 };
      }
    }
    return { pixels: this.readTiles(rect), channels: 3 };
  }

  /** A canvas as large as the bands read, made again only when a larger one is asked for. */
  private bandContextFor(rect: Rect): OffscreenCanvasRenderingContext2D {
    const canvas = this.bandContext?.canvas;
    if (!canvas || canvas.width < rect.width || canvas.height < rect.height) {
      this.bandContext = this.reader.tileContext(rect.width, rect.height);
    }
    return this.bandContext!;
  }

  /** Packed RGB of a rectangle read tile by tile, transparent tiles through WebGL2. */
  private readTiles(rect: Rect): Uint8Array {
    const out = new Uint8Array(rect.width * rect.height * 3);
    this.context ??= this.reader.tileContext(Math.min(this.width, TILE_SIDE), Math.min(this.height, TILE_SIDE));
    const context = this.context;
    for (let y = 0; y < rect.height; y += TILE_SIDE) {
      for (let x = 0; x < rect.width; x += TILE_SIDE) {
        const tile = {
          x: rect.x + x,
          y: rect.y + y,
          width: Math.min(TILE_SIDE, rect.width - x),
          height: Math.min(TILE_SIDE, rect.height - y),
        };
        context.clearRect(0, 0, tile.width, tile.height);
        context.drawImage(this.bitmap, tile.x, tile.y, tile.width, tile.height, 0, 0, tile.width, tile.height);
        const rgba = context.getImageData(0, 0, tile.width, tile.height).data;
        const stored = isOpaque(rgba) ? rgba : this.reader.readUnpremultiplied(this.bitmap, tile);
        if (!stored) {
          throw new TransparencyUnreadableError(
            `${this.name} has transparent pixels that this browser cannot read without changing their colour. Save it without transparency (as JPEG, for example) and add it again.`,
          );
        }
        dropAlpha(stored, tile, out, { x, y, outWidth: rect.width }, this.transparentColour);
      }
    }
    return out;
  }
}

/**
 * The rectangle `display` of the photo as displayed (turned by `orientation`), as bands of its rows,
 * top to bottom: only a band's worth of pixels is read at a time.
 */
export function* displayBands(stored: StoredPixels, orientation: Orientation, display: Rect): Generator<PixelBand> {
  const bandRows = Math.max(1, Math.min(display.height, TILE_SIDE, Math.floor(BAND_PIXELS / display.width)));
  for (let y = display.y; y < display.y + display.height; y += bandRows) {
    const band = { x: display.x, y, width: display.width, height: Math.min(bandRows, display.y + display.height - y) };
    const read = stored.read(storedRect(orientation, stored.width, stored.height, band));
    yield orientation === 1
      ? read
      : { pixels: orientRgb(orientation, stored.width, stored.height, band, read.pixels, read.channels), channels: 3 };
  }
}

/** What reading pixels needs on one thread: a 2D canvas for tiles and, once needed, a WebGL2 context. */
export class PixelReader {
  private gl: WebGL2RenderingContext | null | undefined;

  tileContext(width: number, height: number): OffscreenCanvasRenderingContext2D {
    const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('This browser cannot draw on an OffscreenCanvas in a worker.');
    return context;
  }

  readUnpremultiplied(bitmap: ImageBitmap, tile: Rect): Uint8Array | null {
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

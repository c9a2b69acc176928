import { ErrorNames, throwIfAborted } from '../../core/errors';
import {
  MAX_PHOTO_PIXELS,
  NEEDS_MORE_BYTES,
  gifTransparentColour,
  imageFormat,
  storedSize,
  tooLargeMessage,
  webpOrientation,
  type StoredSize,
} from '../../core/image-header';
import { isOrientation, orientedSize, type Orientation } from '../../core/orientation';
import { PixelBudget } from '../../core/pixel-budget';
import { PixelValuesBuilder, type ImagePreprocessing } from '../../core/preprocess';
import { BitmapPixels, PixelReader, RgbaPixels, displayBands, type StoredPixels } from './pixel-reader';
import type { DecodeRequest, DecodedPhoto, PreparationSteps } from './protocol';

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
async function readStoredSize(file: Blob, head: Uint8Array): Promise<StoredSize | null> {
  const reading = storedSize(head);
  if (reading !== NEEDS_MORE_BYTES) return reading;
  if (file.size <= head.length) return null;
  const whole = storedSize(new Uint8Array(await file.arrayBuffer()));
  return whole === NEEDS_MORE_BYTES ? null : whole;
}

/** The first bytes of a file and the size its header claims (null where the header is not read here). */
async function readHeader(file: Blob): Promise<{ head: Uint8Array; size: StoredSize | null }> {
  const head = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  return { head, size: await readStoredSize(file, head) };
}

/**
 * The pixels a photo's decode will hold, from its header, for a pixel budget: a format whose header is
 * not read here is counted at the limit, so it decodes alone.
 */
export async function claimedPixels(file: Blob): Promise<number> {
  const { size } = await readHeader(file);
  return size ? Math.min(size.width * size.height, MAX_PHOTO_PIXELS) : MAX_PHOTO_PIXELS;
}

function refuseIfTooLarge(name: string, size: StoredSize): void {
  const message = tooLargeMessage(name, size);
  if (message) throw new PhotoTooLargeError(message);
}

function notDecoded(file: Blob, name: string): NotAnImageError {
  return new NotAnImageError(
    file.type.startsWith('image/')
      ? `${name} could not be decoded: it may be damaged, or in a format this browser cannot read. Try saving it as JPEG or PNG.`
      : `${name} is not an image. Drop photos (JPEG, PNG, WebP, GIF, HEIC, TIFF...) instead.`,
  );
}

/** A decoded photo: its stored pixels, the orientation still to apply, and what its thumbnail is drawn from. */
interface DecodedImage {
  pixels: StoredPixels;
  orientation: Orientation;
  picture: ImageBitmap;
}

/**
 * Decodes a dropped file as CLIP's Python pipeline reads it: EXIF orientation applied (the photo as the
 * camera meant it), colour values as stored (PIL ignores ICC profiles, so no colour-space conversion),
 * and alpha not premultiplied, so transparent pixels keep their colour. The browser decodes what it
 * can; where it differs from PIL it is corrected (a WebP's EXIF orientation, which Chromium ignores; a
 * GIF's transparent colour, which it blackens), and HEIC and TIFF, which it cannot decode, go to
 * decoders loaded only when such a file arrives. Anything else gets a message naming the file.
 */
async function decodeImage(file: Blob, name: string, head: Uint8Array, reader: PixelReader): Promise<DecodedImage> {
  const format = imageFormat(head);
  if (format === 'tiff' || format === 'heic') {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const image =
      format === 'tiff'
        ? (await import('./tiff-decoder')).decodeTiff(bytes, name)
        : await (await import('./heif-decoder')).decodeHeif(bytes).catch(() => null);
    if (!image) throw notDecoded(file, name);
    const picture = await createImageBitmap(new ImageData(image.rgba, image.width, image.height));
    return { pixels: new RgbaPixels(image), orientation: image.orientation, picture };
  }
  // Chromium ignores a WebP's EXIF chunk, which comes after the image data: read it from the whole file.
  const webp = format === 'webp' ? webpOrientation(new Uint8Array(await file.arrayBuffer())) : 1;
  const orientation = isOrientation(webp) ? webp : 1;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, {
      // Stored as is where the orientation is applied here, so that it is never applied twice.
      imageOrientation: orientation === 1 ? 'from-image' : 'none',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch {
    throw notDecoded(file, name);
  }
  const transparentColour = format === 'gif' ? gifTransparentColour(head) : null;
  const pixels = new BitmapPixels(bitmap, reader, name, transparentColour, format === 'jpeg');
  return { pixels, orientation, picture: bitmap };
}

/** EXIF orientation as a canvas transform, for a thumbnail `width` x `height` as displayed. */
function orientationTransform(orientation: Orientation, width: number, height: number): DOMMatrix2DInit {
  const [a, b, c, d, e, f] = {
    1: [1, 0, 0, 1, 0, 0],
    2: [-1, 0, 0, 1, width, 0],
    3: [-1, 0, 0, -1, width, height],
    4: [1, 0, 0, -1, 0, height],
    5: [0, 1, 1, 0, 0, 0],
    6: [0, 1, -1, 0, width, 0],
    7: [0, -1, -1, 0, width, height],
    8: [0, -1, 1, 0, 0, height],
  }[orientation];
  return { a, b, c, d, e, f };
}

/**
 * A small encoded copy for the card, so the page never holds a decoded full-size photo. The browser
 * shrinks the decoded photo itself (createImageBitmap's resize), so no full-size canvas is drawn; the
 * orientation is then applied to the small copy. A JPEG photo has no transparency, so its thumbnail
 * is a JPEG too (encoding one took a quarter of WebP's time); other formats keep their transparency in
 * WebP.
 */
export async function makeThumbnail(picture: ImageBitmap, fileType: string, orientation: Orientation): Promise<Blob> {
  const shown = orientedSize(orientation, picture.width, picture.height);
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(shown.width, shown.height));
  const width = Math.max(1, Math.round(shown.width * scale));
  const height = Math.max(1, Math.round(shown.height * scale));
  const drawn = orientedSize(orientation, width, height);
  const small = await createImageBitmap(picture, {
    resizeWidth: drawn.width,
    resizeHeight: drawn.height,
    resizeQuality: 'high',
    premultiplyAlpha: 'premultiply',
  });
  try {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on an OffscreenCanvas in a worker.');
    context.setTransform(orientationTransform(orientation, width, height));
    context.drawImage(small, 0, 0);
    return await canvas.convertToBlob({
      type: fileType === 'image/jpeg' ? 'image/jpeg' : 'image/webp',
      quality: 0.85,
    });
  } finally {
    small.close();
  }
}

/**
 * The encoder's input from a decoded photo, read band by band: only the rows and columns the centre
 * crop is made from. Reading and resizing interleave; each adds its own time to `steps`.
 */
function preprocessImage(
  image: DecodedImage,
  preprocessing: ImagePreprocessing,
  steps: PreparationSteps,
): Float32Array {
  const start = performance.now();
  const { width, height } = orientedSize(image.orientation, image.pixels.width, image.pixels.height);
  const builder = new PixelValuesBuilder(width, height, preprocessing);
  const bands = displayBands(image.pixels, image.orientation, builder.source);
  for (;;) {
    const readStart = performance.now();
    const band = bands.next();
    steps.read += performance.now() - readStart;
    if (band.done) break;
    builder.push(band.value.pixels, band.value.channels);
  }
  const pixelValues = builder.finish();
  steps.resize = performance.now() - start - steps.read;
  return pixelValues;
}

/**
 * Decodes and thumbnails one photo, closing what it decoded, and preprocesses it for the encoder
 * when `withPixels` is set (a photo whose embedding is stored needs only its thumbnail). A photo whose
 * header claims more pixels than the limit is refused before anything is decoded, and decodes wait
 * while others hold the pixel budget. A cancelled request stops between steps: the decode itself
 * cannot be interrupted.
 */
export async function decodeForEncoder(
  request: DecodeRequest,
  decoding: PhotoDecoding,
  signal?: AbortSignal,
): Promise<DecodedPhoto> {
  const { file, name, preprocessing, withPixels } = request;
  const { head, size } = await readHeader(file);
  if (size) refuseIfTooLarge(name, size);
  // A format whose header is not read here is counted at the limit, so it decodes alone.
  const pixels = size ? size.width * size.height : MAX_PHOTO_PIXELS;
  return decoding.budget.use(pixels, async () => {
    throwIfAborted(signal);
    const steps: PreparationSteps = { decode: 0, read: 0, resize: 0, thumbnail: 0 };
    let start = performance.now();
    const image = await decodeImage(file, name, head, decoding.reader);
    steps.decode = performance.now() - start;
    try {
      refuseIfTooLarge(name, image.pixels);
      throwIfAborted(signal);
      const { width, height } = orientedSize(image.orientation, image.pixels.width, image.pixels.height);
      start = performance.now();
      const thumbnail = await makeThumbnail(image.picture, file.type, image.orientation);
      steps.thumbnail = performance.now() - start;
      throwIfAborted(signal);
      const pixelValues = withPixels ? preprocessImage(image, preprocessing, steps) : null;
      return { thumbnail, width, height, pixelValues, steps };
    } finally {
      image.picture.close();
    }
  });
}

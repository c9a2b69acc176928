import type { Rect } from './orientation';
import { BicubicResizer } from './resize';

/** CLIP resizes the shorter side and keeps the aspect ratio; SigLIP resizes straight to a square. */
export type Resize = { kind: 'shortest-edge'; size: number } | { kind: 'exact'; width: number; height: number };

/** The fields of a Hub repo's preprocessor_config.json that CLIP's and SigLIP's preprocessing read. */
export interface ImagePreprocessing {
  /** Null to skip resizing. */
  resize: Resize | null;
  /** Centre crop to this size; null to skip. */
  crop: { width: number; height: number } | null;
  rescaleFactor: number;
  mean: [number, number, number];
  std: [number, number, number];
}

export class PreprocessorConfigError extends Error {
  override name = 'PreprocessorConfigError';
}

function triple(value: unknown, field: string): [number, number, number] {
  const list: unknown = typeof value === 'number' ? [value, value, value] : value;
  if (!Array.isArray(list) || list.length !== 3 || !list.every((v): v is number => typeof v === 'number')) {
    throw new PreprocessorConfigError(`preprocessor_config.json: ${field} must be three numbers`);
  }
  const [r, g, b] = list;
  return [r!, g!, b!];
}

function sizeOf(value: unknown): { width: number; height: number } | null {
  if (typeof value === 'number') return { width: value, height: value };
  if (value && typeof value === 'object') {
    const { width, height } = value as { width?: unknown; height?: unknown };
    if (typeof width === 'number' && typeof height === 'number') return { width, height };
  }
  return null;
}

function resizeOf(size: unknown): Resize | null {
  if (typeof size === 'number') return { kind: 'shortest-edge', size };
  if (!size || typeof size !== 'object') return null;
  const { shortest_edge, width, height } = size as { shortest_edge?: unknown; width?: unknown; height?: unknown };
  if (typeof shortest_edge === 'number') return { kind: 'shortest-edge', size: shortest_edge };
  if (typeof width === 'number' && typeof height === 'number') return { kind: 'exact', width, height };
  return null;
}

/** Reads the preprocessing from preprocessor_config.json, so nothing about a model is hard-coded. */
export function parsePreprocessorConfig(json: Record<string, unknown>): ImagePreprocessing {
  const resample = json.resample ?? 3;
  if (json.do_resize !== false && resample !== 3) {
    throw new PreprocessorConfigError(
      `preprocessor_config.json asks for resample=${JSON.stringify(resample)}; only bicubic (3) is supported`,
    );
  }
  const resize = json.do_resize === false ? null : resizeOf(json.size);
  if (json.do_resize !== false && !resize) {
    throw new PreprocessorConfigError('preprocessor_config.json: size needs shortest_edge, or height and width');
  }
  const wantsCrop = typeof json.do_center_crop === 'boolean' ? json.do_center_crop : json.crop_size !== undefined;
  const crop = wantsCrop ? sizeOf(json.crop_size) : null;
  if (wantsCrop && !crop) throw new PreprocessorConfigError('preprocessor_config.json: crop_size is missing');
  if (!crop && resize?.kind !== 'exact') {
    throw new PreprocessorConfigError(
      'preprocessor_config.json: without a centre crop, size must give height and width',
    );
  }
  const normalize = json.do_normalize !== false;
  return {
    resize,
    crop,
    rescaleFactor:
      json.do_rescale === false ? 1 : typeof json.rescale_factor === 'number' ? json.rescale_factor : 1 / 255,
    mean: normalize ? triple(json.image_mean, 'image_mean') : [0, 0, 0],
    std: normalize ? triple(json.image_std, 'image_std') : [1, 1, 1],
  };
}

/** The encoder's input size: the crop, or the exact resize when there is no crop. */
export function inputSize(config: ImagePreprocessing): { width: number; height: number } {
  if (config.crop) return config.crop;
  if (config.resize?.kind === 'exact') return { width: config.resize.width, height: config.resize.height };
  throw new PreprocessorConfigError('The model input has no fixed size');
}

/**
 * Why photos preprocessed by `config` cannot go through a vision encoder whose `pixel_values` input has
 * `shape` ([batch, 3, height, width], named dimensions taking any size), or null when they can. A model
 * whose preprocessor_config.json does not match its encoder otherwise fails on every photo.
 */
export function inputSizeMismatch(config: ImagePreprocessing, shape: readonly (number | string)[]): string | null {
  const { width, height } = inputSize(config);
  const [, , encoderHeight, encoderWidth] = shape;
  const fits = (wanted: number, takes: number | string | undefined) => typeof takes !== 'number' || takes === wanted;
  if (fits(height, encoderHeight) && fits(width, encoderWidth)) return null;
  return `preprocessor_config.json makes photos ${width}x${height} pixels, but the vision encoder takes ${encoderWidth}x${encoderHeight}`;
}

/** The size after resizing the shorter side to `shortestEdge`; the longer side is truncated, as Python's int() does. */
export function shortestEdgeSize(
  width: number,
  height: number,
  shortestEdge: number,
): { width: number; height: number } {
  if (width <= height) return { width: shortestEdge, height: Math.trunc((shortestEdge * height) / width) };
  return { width: Math.trunc((shortestEdge * width) / height), height: shortestEdge };
}

/** The centre crop's top-left corner, floored as Hugging Face's CLIPImageProcessor does. */
export function centerCropOrigin(
  width: number,
  height: number,
  crop: { width: number; height: number },
): { left: number; top: number } {
  return { left: Math.floor((width - crop.width) / 2), top: Math.floor((height - crop.height) / 2) };
}

/** The size after the resize step, before the crop. */
function resizedSize(width: number, height: number, config: ImagePreprocessing): { width: number; height: number } {
  if (!config.resize) return { width, height };
  if (config.resize.kind === 'exact') return config.resize;
  return shortestEdgeSize(width, height, config.resize.size);
}

/**
 * A photo -> the encoder's input, fed band by band: resized (Pillow bicubic), centre crop, rescale and
 * normalise, laid out channel-first (CHW) as float32. Only the crop is resized (its pixels are those of
 * the whole resize, cropped), so only `source`, the rectangle of the photo it is made from, is read.
 */
export class PixelValuesBuilder {
  /** The rectangle of the photo whose rows `push` takes, top to bottom. */
  readonly source: Rect;
  private readonly resizer: BicubicResizer;
  private readonly crop: { width: number; height: number };

  constructor(
    width: number,
    height: number,
    private readonly config: ImagePreprocessing,
  ) {
    const size = resizedSize(width, height, config);
    const crop = config.crop ?? size;
    if (crop.width > size.width || crop.height > size.height) {
      throw new RangeError(
        `A ${size.width}x${size.height} image cannot be centre-cropped to ${crop.width}x${crop.height}`,
      );
    }
    const { left, top } = centerCropOrigin(size.width, size.height, crop);
    this.crop = crop;
    this.resizer = new BicubicResizer(width, height, size.width, size.height, { x: left, y: top, ...crop });
    this.source = this.resizer.source;
  }

  /** Rows of the source: RGB, or RGBA whose alpha is ignored; by default exactly the source's columns. */
  push(band: Uint8Array, channels: 3 | 4 = 3, row: { x: number; width: number } = this.source): void {
    this.resizer.push(band, channels, row);
  }

  finish(): Float32Array {
    const pixels = this.resizer.finish();
    const { width, height } = this.crop;
    const plane = width * height;
    const out = new Float32Array(plane * 3);
    for (let c = 0; c < 3; c++) {
      const scale = this.config.rescaleFactor / this.config.std[c]!;
      const offset = this.config.mean[c]! / this.config.std[c]!;
      for (let i = 0; i < plane; i++) out[c * plane + i] = pixels[i * 3 + c]! * scale - offset;
    }
    return out;
  }
}

/** The same for a whole photo in packed 8-bit RGB. */
export function toPixelValues(
  rgb: Uint8Array,
  width: number,
  height: number,
  config: ImagePreprocessing,
): Float32Array {
  const builder = new PixelValuesBuilder(width, height, config);
  const { y, height: rows } = builder.source;
  builder.push(rgb.subarray(y * width * 3, (y + rows) * width * 3), 3, { x: 0, width });
  return builder.finish();
}

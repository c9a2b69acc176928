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

/**
 * 8-bit RGB photo -> the encoder's input: resized (Pillow bicubic), centre crop,
 * rescale and normalise, laid out channel-first (CHW) as float32.
 */
export function toPixelValues(
  rgb: Uint8Array,
  width: number,
  height: number,
  config: ImagePreprocessing,
): Float32Array {
  return toPixelValuesFromBands([rgb], width, height, config);
}

/**
 * The same from bands of whole rows, top to bottom, so the caller never holds the whole photo as RGB:
 * only the rows resized to the new width are kept.
 */
export function toPixelValuesFromBands(
  bands: Iterable<Uint8Array>,
  width: number,
  height: number,
  config: ImagePreprocessing,
): Float32Array {
  const size = !config.resize
    ? { width, height }
    : config.resize.kind === 'exact'
      ? config.resize
      : shortestEdgeSize(width, height, config.resize.size);
  const resizer = new BicubicResizer(width, height, size.width, size.height);
  for (const band of bands) resizer.push(band);
  const pixels = resizer.finish();
  const { width: w, height: h } = size;
  const crop = config.crop ?? { width: w, height: h };
  if (crop.width > w || crop.height > h) {
    throw new RangeError(`A ${w}x${h} image cannot be centre-cropped to ${crop.width}x${crop.height}`);
  }
  const { left, top } = centerCropOrigin(w, h, crop);
  const plane = crop.width * crop.height;
  const out = new Float32Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    const scale = config.rescaleFactor / config.std[c]!;
    const offset = config.mean[c]! / config.std[c]!;
    for (let y = 0; y < crop.height; y++) {
      const src = ((top + y) * w + left) * 3 + c;
      const dst = c * plane + y * crop.width;
      for (let x = 0; x < crop.width; x++) out[dst + x] = pixels[src + x * 3]! * scale - offset;
    }
  }
  return out;
}

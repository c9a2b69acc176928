import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resizeBicubic } from './resize';
import {
  PixelValuesBuilder,
  PreprocessorConfigError,
  centerCropOrigin,
  inputSize,
  inputSizeMismatch,
  parsePreprocessorConfig,
  shortestEdgeSize,
  toPixelValues,
} from './preprocess';

const clipConfig = {
  do_resize: true,
  size: { shortest_edge: 224 },
  resample: 3,
  do_center_crop: true,
  crop_size: { height: 224, width: 224 },
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_std: [0.26862954, 0.26130258, 0.27577711],
  do_convert_rgb: true,
};

describe('parsePreprocessorConfig', () => {
  it("reads CLIP's fields", () => {
    expect(parsePreprocessorConfig(clipConfig)).toEqual({
      resize: { kind: 'shortest-edge', size: 224 },
      crop: { width: 224, height: 224 },
      rescaleFactor: 1 / 255,
      mean: clipConfig.image_mean,
      std: clipConfig.image_std,
    });
  });
  it('accepts the older integer forms of size and crop_size', () => {
    const parsed = parsePreprocessorConfig({ ...clipConfig, size: 64, crop_size: 64 });
    expect(parsed.resize).toEqual({ kind: 'shortest-edge', size: 64 });
    expect(parsed.crop).toEqual({ width: 64, height: 64 });
  });
  it("reads SigLIP's square resize without a crop", () => {
    const siglip = {
      do_resize: true,
      size: { height: 224, width: 224 },
      resample: 3,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: 0.5,
      image_std: 0.5,
    };
    const parsed = parsePreprocessorConfig(siglip);
    expect(parsed).toMatchObject({
      resize: { kind: 'exact', width: 224, height: 224 },
      crop: null,
      mean: [0.5, 0.5, 0.5],
    });
    expect(inputSize(parsed)).toEqual({ width: 224, height: 224 });
  });
  it('refuses a resampling filter it does not reproduce', () => {
    expect(() => parsePreprocessorConfig({ ...clipConfig, resample: 2 })).toThrow(PreprocessorConfigError);
  });
});

describe('inputSizeMismatch', () => {
  const clip224 = parsePreprocessorConfig(clipConfig);
  it('passes an encoder that takes the size the preprocessor makes, or any size', () => {
    expect(inputSizeMismatch(clip224, ['batch_size', 3, 224, 224])).toBeNull();
    expect(inputSizeMismatch(clip224, ['batch_size', 3, 'height', 'width'])).toBeNull();
  });
  it('says what each side wants when they differ', () => {
    expect(inputSizeMismatch(clip224, ['batch_size', 3, 64, 64])).toBe(
      'preprocessor_config.json makes photos 224x224 pixels, but the vision encoder takes 64x64',
    );
  });
});

describe('geometry', () => {
  it('resizes the shorter side and truncates the longer, as Python int() does', () => {
    expect(shortestEdgeSize(640, 480, 224)).toEqual({ width: 298, height: 224 });
    expect(shortestEdgeSize(480, 640, 224)).toEqual({ width: 224, height: 298 });
    expect(shortestEdgeSize(16, 16, 64)).toEqual({ width: 64, height: 64 });
    expect(shortestEdgeSize(1000, 100, 64)).toEqual({ width: 640, height: 64 });
  });
  it('floors the centre-crop origin', () => {
    expect(centerCropOrigin(69, 64, { width: 64, height: 64 })).toEqual({ left: 2, top: 0 });
    expect(centerCropOrigin(64, 70, { width: 64, height: 64 })).toEqual({ left: 0, top: 3 });
  });
});

describe('toPixelValues', () => {
  it('crops the centre, rescales, normalises and lays channels out first', () => {
    // 4x2 image, no resize: each pixel's R = x, G = y, B = 255.
    const rgb = new Uint8Array(4 * 2 * 3);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 4; x++) rgb.set([x, y, 255], (y * 4 + x) * 3);
    const config = {
      resize: null,
      crop: { width: 2, height: 2 },
      rescaleFactor: 1,
      mean: [1, 0, 5] as [number, number, number],
      std: [1, 1, 10] as [number, number, number],
    };
    const out = toPixelValues(rgb, 4, 2, config);
    // Crop keeps x = 1..2: R plane (x - 1), G plane (y), B plane (255 - 5) / 10.
    expect(Array.from(out)).toEqual([0, 1, 0, 1, 0, 0, 1, 1, 25, 25, 25, 25]);
  });
  it('squashes to the exact size when the model asks for one (SigLIP)', () => {
    const rgb = new Uint8Array(4 * 2 * 3).fill(255);
    const config = {
      resize: { kind: 'exact' as const, width: 2, height: 2 },
      crop: null,
      rescaleFactor: 1 / 255,
      mean: [0.5, 0.5, 0.5] as [number, number, number],
      std: [0.5, 0.5, 0.5] as [number, number, number],
    };
    expect(Array.from(toPixelValues(rgb, 4, 2, config))).toEqual(new Array(12).fill(1));
  });
  it('upscales a tiny image to the model size before cropping', () => {
    const rgb = new Uint8Array(16 * 16 * 3).fill(128);
    const out = toPixelValues(
      rgb,
      16,
      16,
      parsePreprocessorConfig({ ...clipConfig, size: { shortest_edge: 64 }, crop_size: { height: 64, width: 64 } }),
    );
    expect(out).toHaveLength(3 * 64 * 64);
    expect(out[0]).toBeCloseTo((128 / 255 - clipConfig.image_mean[0]!) / clipConfig.image_std[0]!, 5);
  });
});

describe('PixelValuesBuilder', () => {
  const dir = new URL('../../fixtures/reference/preprocess/resize/', import.meta.url);
  const photo = new Uint8Array(readFileSync(new URL('300x200-to-96x64.in.u8', dir)));
  const config = parsePreprocessorConfig({ ...clipConfig, size: { shortest_edge: 64 }, crop_size: 48 });

  it('reads only the part of the photo the centre crop is made from', () => {
    const { source } = new PixelValuesBuilder(300, 200, config);
    expect(source.x).toBeGreaterThan(0);
    expect(source.y).toBeGreaterThan(0);
    expect(source.x + source.width).toBeLessThan(300);
    expect(source.y + source.height).toBeLessThan(200);
  });

  it('gives the centre crop of the whole Pillow resize, fed RGBA bands of just the part it reads', () => {
    const builder = new PixelValuesBuilder(300, 200, config);
    const { source } = builder;
    for (let y = source.y; y < source.y + source.height; y += 5) {
      const rows = Math.min(5, source.y + source.height - y);
      const rgba = new Uint8Array(source.width * rows * 4);
      for (let row = 0; row < rows; row++) {
        for (let x = 0; x < source.width; x++) {
          const from = ((y + row) * 300 + source.x + x) * 3;
          rgba.set(photo.subarray(from, from + 3), (row * source.width + x) * 4);
        }
      }
      builder.push(rgba, 4);
    }
    // The whole photo resized as Pillow does (96x64), then the 48x48 centre crop (left 24, top 8).
    const resized = resizeBicubic(photo, 300, 200, 96, 64);
    const expected = new Float32Array(3 * 48 * 48);
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 48; y++) {
        for (let x = 0; x < 48; x++) {
          const value = resized[((8 + y) * 96 + 24 + x) * 3 + c]! / 255;
          expected[c * 48 * 48 + y * 48 + x] = (value - config.mean[c]!) / config.std[c]!;
        }
      }
    }
    const actual = builder.finish();
    let largest = 0;
    for (let i = 0; i < expected.length; i++) largest = Math.max(largest, Math.abs(actual[i]! - expected[i]!));
    expect(largest).toBeLessThan(1e-5);
    expect(toPixelValues(photo, 300, 200, config)).toEqual(actual);
  });
});

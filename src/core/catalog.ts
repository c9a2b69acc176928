import { dtypePreference, type DeviceChoice, type Dtype } from './device';

/** A CLIP checkpoint the app can load: a repo laid out like Xenova's on the Hugging Face Hub. */
export interface ModelEntry {
  id: string;
  title: string;
  /** What it is good at, in plain words. */
  note: string;
  /** Its ImageNet zero-shot top-1, as its authors report it. */
  imageNetTop1: string;
  /** Bytes of its two encoders at each dtype the repo ships (the Hub's file sizes); fp32 is always there. */
  encoderBytes: Partial<Record<Dtype, number>> & { fp32: number };
  /**
   * The trained logit scale, which a Hub config.json does not hold (CLIP's keeps only the untrained init,
   * logit_scale_init_value 2.6592 = ln(1/0.07); SigLIP's none) and the split ONNX encoders leave out.
   */
  logitScale?: number;
  /** SigLIP's trained logit bias, for the same reasons. */
  logitBias?: number;
}

/**
 * OpenAI CLIP's trained logit scale. Training clipped it "to prevent scaling the logits by more than 100"
 * (Radford et al. 2021, section 2.5), where the released checkpoints sit (logit_scale = ln 100 = 4.6052);
 * github.com/openai/CLIP README.md (commit d05afc4) says its model returns "cosine similarities between
 * the corresponding image and text features, times 100" and scores zero-shot with `100.0 * image @ text.T`.
 */
const CLIP_LOGIT_SCALE = 100;

/**
 * SigLIP B/16 at 224 px's trained scale, exp(4.7650), and bias. Not read from Google's checkpoint (big_vision's
 * parameters t and b; no weights reach this project): taken from github.com/distant-viewing/dvexplorer,
 * js/annotation/zeroshotAnnotation.js (commit fdbcf16), a public app that scores this very repo's split
 * encoders with exactly these two numbers.
 */
const SIGLIP_B16_224 = { logitScale: 117.330765, logitBias: -12.932437 };

export type ModelFamily = 'clip' | 'siglip';

/** The model a first-time user gets: OpenAI's ViT-B/32, 63.2% zero-shot top-1 on ImageNet. */
export const DEFAULT_MODEL_ID = 'Xenova/clip-vit-base-patch32';

/** The project's own toy CLIP, shipped inside the build so the app works with no network at all. */
export const DEMO_MODEL_ID = 'cliptag/toy-clip';

const MB = 1_000_000;

export const MODEL_CATALOG: readonly ModelEntry[] = [
  {
    id: DEFAULT_MODEL_ID,
    title: 'CLIP ViT-B/32',
    note: 'The quickest real model: a good start for everyday photos.',
    imageNetTop1: '63.2%',
    encoderBytes: { fp32: 606 * MB, fp16: 303 * MB, q8: 153.6 * MB },
    logitScale: CLIP_LOGIT_SCALE,
  },
  {
    id: 'Xenova/clip-vit-base-patch16',
    title: 'CLIP ViT-B/16',
    note: 'Looks at finer detail; about 4 times slower per photo than B/32.',
    imageNetTop1: '68.6%',
    encoderBytes: { fp32: 599 * MB, fp16: 300 * MB, q8: 152 * MB },
    logitScale: CLIP_LOGIT_SCALE,
  },
  {
    id: 'Xenova/clip-vit-large-patch14',
    title: 'CLIP ViT-L/14',
    note: 'The most accurate CLIP here, and the largest: slow without a graphics card.',
    imageNetTop1: '75.3%',
    encoderBytes: { fp32: 1715 * MB, fp16: 857 * MB, q8: 432 * MB },
    logitScale: CLIP_LOGIT_SCALE,
  },
  {
    id: 'Xenova/siglip-base-patch16-224',
    title: 'SigLIP B/16',
    note: 'Judges every label on its own: best when a photo can have several tags.',
    imageNetTop1: '76.0%',
    encoderBytes: { fp32: 813 * MB, fp16: 407 * MB, q8: 210.5 * MB },
    ...SIGLIP_B16_224,
  },
  {
    id: DEMO_MODEL_ID,
    title: 'Demo: toy CLIP (built in)',
    note: 'Tiny and built into this page: it knows colours and shapes, not real photos.',
    imageNetTop1: 'not measured',
    encoderBytes: { fp32: 4_014_367, q8: 1_653_210 },
  },
];

export function catalogEntry(model: string): ModelEntry | undefined {
  return MODEL_CATALOG.find((entry) => entry.id === model);
}

/** A model as the catalog titles it, or by its name when the catalog does not know it. */
export function modelTitle(model: string): string {
  return catalogEntry(model)?.title ?? model;
}

/**
 * The dtype a load would pick for a model on a device, from what the catalog says the repo ships; a
 * model not in the catalog is assumed to ship fp32, fp16 and q8, as Xenova's repos do.
 */
export function catalogDtype(model: string, device: DeviceChoice): Dtype {
  const entry = catalogEntry(model);
  const shipped = new Set<Dtype>(entry ? (Object.keys(entry.encoderBytes) as Dtype[]) : ['fp32', 'fp16', 'q8']);
  return dtypePreference(device).find((dtype) => shipped.has(dtype)) ?? 'fp32';
}

/** What the demo model can tell apart, shown wherever it is offered. */
export const DEMO_MODEL_KNOWS =
  'The demo model is a tiny CLIP trained on drawn shapes. It knows six colours (red, green, blue, yellow, purple, orange) and four shapes (circle, square, triangle, star), not real photos.';

export class MissingScoringConstantsError extends Error {
  override name = 'ModelLoadError';
}

/** The scale on cosine similarity before the softmax: the catalog's, else the config's, else CLIP's 100. */
export function trainedLogitScale(model: string, configLogScale: number | undefined): number {
  const known = catalogEntry(model)?.logitScale;
  if (known !== undefined) return known;
  return configLogScale === undefined ? CLIP_LOGIT_SCALE : Math.exp(configLogScale);
}

/**
 * The constants that turn cosine similarity into scores. SigLIP's sigmoid cannot work without its trained
 * scale and bias, which its ONNX encoders leave out: the catalog's, else config.json's (where a repo such
 * as the project's toy SigLIP stores its trained values under the init names).
 */
export function scoringConstants(
  model: string,
  family: ModelFamily,
  config: { logit_scale_init_value?: number; logit_bias_init_value?: number },
): { logitScale: number; logitBias: number } {
  if (family === 'clip') return { logitScale: trainedLogitScale(model, config.logit_scale_init_value), logitBias: 0 };
  const entry = catalogEntry(model);
  const logScale = config.logit_scale_init_value;
  const logitScale = entry?.logitScale ?? (logScale === undefined ? undefined : Math.exp(logScale));
  const logitBias = entry?.logitBias ?? config.logit_bias_init_value;
  if (logitScale === undefined || logitBias === undefined) {
    throw new MissingScoringConstantsError(
      `${model} is a SigLIP model, but its config.json has no logit_scale_init_value and logit_bias_init_value, which its scores need.`,
    );
  }
  return { logitScale, logitBias };
}

/** A CLIP checkpoint the app can load: a repo laid out like Xenova's on the Hugging Face Hub. */
export interface ModelEntry {
  id: string;
  title: string;
  note: string;
  /**
   * The learned logit scale, where config.json does not hold it: OpenAI's checkpoints trained it to
   * its clamp, 100, but their config.json keeps only the untrained init, exp(2.6592) = 14.3.
   */
  logitScale?: number;
  /** SigLIP's learned bias, where config.json does not hold it. */
  logitBias?: number;
}

export type ModelFamily = 'clip' | 'siglip';

/** The model a first-time user gets: OpenAI's ViT-B/32, 63.2% zero-shot top-1 on ImageNet. */
export const DEFAULT_MODEL_ID = 'Xenova/clip-vit-base-patch32';

/** The project's own toy CLIP, shipped inside the build so the app works with no network at all. */
export const DEMO_MODEL_ID = 'cliptag/toy-clip';

export const MODEL_CATALOG: readonly ModelEntry[] = [
  {
    id: DEFAULT_MODEL_ID,
    title: 'CLIP ViT-B/32',
    note: 'OpenAI CLIP; about 150 MB at q8, 600 MB at fp32. 63.2% ImageNet zero-shot.',
    logitScale: 100,
  },
  {
    id: 'Xenova/clip-vit-base-patch16',
    title: 'CLIP ViT-B/16',
    note: 'Finer patches, about 4x slower per photo than B/32. 68.6% ImageNet zero-shot.',
    logitScale: 100,
  },
  {
    id: 'Xenova/clip-vit-large-patch14',
    title: 'CLIP ViT-L/14',
    note: 'The largest; about 430 MB at q8 and slow without a GPU. 75.3% ImageNet zero-shot.',
    logitScale: 100,
  },
  {
    id: 'Xenova/siglip-base-patch16-224',
    title: 'SigLIP B/16',
    note: 'Scores every label on its own with a sigmoid: natural for tagging all that apply. 76.0% ImageNet zero-shot.',
  },
  {
    id: DEMO_MODEL_ID,
    title: 'Demo: toy CLIP (built in)',
    note: 'Trained by cliptag on drawn shapes: it knows colours and shapes, not real photos.',
  },
];

/** What the demo model can tell apart, shown wherever it is offered. */
export const DEMO_MODEL_KNOWS =
  'The demo model is a tiny CLIP trained on drawn shapes. It knows six colours (red, green, blue, yellow, purple, orange) and four shapes (circle, square, triangle, star), not real photos.';

export class MissingScoringConstantsError extends Error {
  override name = 'ModelLoadError';
}

/** The scale on cosine similarity before the softmax: the catalog's, else the config's, else CLIP's 100. */
export function trainedLogitScale(model: string, configLogScale: number | undefined): number {
  const known = MODEL_CATALOG.find((entry) => entry.id === model)?.logitScale;
  if (known !== undefined) return known;
  return configLogScale === undefined ? 100 : Math.exp(configLogScale);
}

/**
 * The constants that turn cosine similarity into scores. SigLIP's sigmoid cannot work without its
 * learned scale and bias, which its ONNX encoders leave out, so they must come from config.json.
 */
export function scoringConstants(
  model: string,
  family: ModelFamily,
  config: { logit_scale_init_value?: number; logit_bias_init_value?: number },
): { logitScale: number; logitBias: number } {
  if (family === 'clip') return { logitScale: trainedLogitScale(model, config.logit_scale_init_value), logitBias: 0 };
  const entry = MODEL_CATALOG.find((candidate) => candidate.id === model);
  const logScale = config.logit_scale_init_value;
  const logitScale = logScale === undefined ? entry?.logitScale : Math.exp(logScale);
  const logitBias = config.logit_bias_init_value ?? entry?.logitBias;
  if (logitScale === undefined || logitBias === undefined) {
    throw new MissingScoringConstantsError(
      `${model} is a SigLIP model, but its config.json has no logit_scale_init_value and logit_bias_init_value, which its scores need.`,
    );
  }
  return { logitScale, logitBias };
}

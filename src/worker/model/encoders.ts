import {
  AutoConfig,
  AutoImageProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  ModelRegistry,
  SiglipTextModel,
  SiglipVisionModel,
  Tensor,
  type PreTrainedTokenizer,
  type ProgressInfo,
} from '@huggingface/transformers';
import {
  dtypePreference,
  firstShippedDtype,
  imageBatchLimit,
  photoActivationBytes,
  type DeviceChoice,
  type Dtype,
  type VisionShape,
} from '../../core/device';
import { catalogEntry, scoringConstants, type ModelFamily } from '../../core/catalog';
import { inputSize, inputSizeMismatch, parsePreprocessorConfig, type ImagePreprocessing } from '../../core/preprocess';
import { DownloadTally, type DownloadProgress } from '../../core/progress';
import { DetailedError, ErrorNames, messageOf } from '../../core/errors';
import { measureStartupStep, timeStartupStep } from '../../core/startup-timing';
import type { LoadParams, ModelInfo } from '../../core/protocol';
import { SIDE_FILES, encoderFiles, hostLabel } from '../../core/source';
import { normalizeRows } from '../../core/vectors';
import { chooseDevice } from './device-probe';
import { modelFileCache } from './checked-cache';
import { DownloadInterruptedError, type DownloadWatch } from './downloads';
import { configureOrt, setModelSource, startOrt, wasmThreadCount } from './runtime';
import type { Encoders } from './tagger';
import { TEXT_RULES, textInputs } from './text-inputs';

export class HostUnreachableError extends DetailedError {
  override name = ErrorNames.hostUnreachable;
}
export class ModelNotFoundError extends DetailedError {
  override name = ErrorNames.modelNotFound;
}
export class ModelLoadError extends DetailedError {
  override name = ErrorNames.modelLoad;
}

/** The host answered a download with an HTTP error of its own (a 500, a 403). */
export class HostError extends DetailedError {
  override name = 'HostError';
}

type ProgressListener = (progress: DownloadProgress) => void;

type Encoder = (inputs: Record<string, Tensor>) => Promise<Record<string, Tensor>>;

/** What differs between CLIP and SigLIP repos: the encoder classes and the outputs to read (text rules: TEXT_RULES). */
const FAMILIES = {
  clip: {
    textModel: CLIPTextModelWithProjection,
    visionModel: CLIPVisionModelWithProjection,
    textOutput: 'text_embeds',
    imageOutput: 'image_embeds',
  },
  siglip: {
    textModel: SiglipTextModel,
    visionModel: SiglipVisionModel,
    textOutput: 'pooler_output',
    imageOutput: 'pooler_output',
  },
} as const;

/** A loaded CLIP or SigLIP: tokenizer, image preprocessing and both encoders, on one device and dtype. */
export class ClipEncoders implements Encoders {
  private constructor(
    readonly info: ModelInfo,
    private readonly tokenizer: PreTrainedTokenizer,
    readonly preprocessing: ImagePreprocessing,
    private readonly textModel: Encoder,
    private readonly visionModel: Encoder,
    private readonly disposeModels: () => Promise<unknown>,
    readonly imageBatchLimit: number,
  ) {}

  /** Downloads (or takes from Cache Storage) everything the model needs, reporting bytes as one total. */
  static async load(params: LoadParams, downloads: AbortSignal, onProgress: ProgressListener): Promise<ClipEncoders> {
    const watch = setModelSource(params.source, params.model, downloads);
    modelFileCache.beginLoad();
    try {
      return await ClipEncoders.loadChecked(params, onProgress);
    } catch (caught) {
      if (downloads.aborted) throw caught;
      const error = classifyLoadError(caught, params, watch);
      if (!(error instanceof ModelLoadError)) throw error;
      // Whatever made the load fail may be in a kept file: none is kept, and a damaged one is named.
      const damaged = await modelFileCache.evictModel(params.source, params.model);
      if (!damaged) throw error;
      throw new ModelLoadError(
        `${damaged.file} from ${hostLabel(params.source)} ${damaged.problem}. Nothing of it was kept: try again once the host serves it whole, or choose another model.`,
        messageOf(error),
      );
    }
  }

  private static async loadChecked(params: LoadParams, onProgress: ProgressListener): Promise<ClipEncoders> {
    const start = performance.now();
    const config = await fetchConfig(params);
    const preferred = await chooseDevice(params.devicePreference);
    try {
      return await ClipEncoders.loadOn(preferred, params, config, onProgress, start);
    } catch (error) {
      // Our own errors are about the host or the files (a stalled download, mismatched sizes): WASM fixes neither.
      if (preferred.kind !== 'webgpu' || error instanceof DetailedError) throw error;
      // Some adapters reject a model's shaders; WASM runs everything, so fall back visibly.
      const wasm: DeviceChoice = {
        kind: 'wasm',
        threads: wasmThreadCount(),
        whyNotWebGpu: `WebGPU could not run this model (${messageOf(error)})`,
      };
      return ClipEncoders.loadOn(wasm, params, config, onProgress);
    }
  }

  private static async loadOn(
    device: DeviceChoice,
    params: LoadParams,
    config: ClipConfig,
    onProgress: ProgressListener,
    start = performance.now(),
  ): Promise<ClipEncoders> {
    configureOrt(device);
    // On WebGPU, ORT starts with the encoders' sessions: a WASM-only session first makes its WebGPU backend
    // fail ("multiple calls to 'initWasm()'").
    const ortStarted = device.kind === 'wasm' ? timeStartupStep('ort-init', startOrt) : Promise.resolve();
    // Its failure is the load's, reported where the sessions are awaited below.
    ortStarted.catch(() => undefined);
    const dtype = await shippedDtype(device, params);
    const files = [...SIDE_FILES, ...encoderFiles(dtype)];
    const tally = new DownloadTally(await fileSizes(params.model, files));
    measureStartupStep('model-files', start);
    const progress_callback = (info: ProgressInfo) => {
      if (info.status === 'progress') tally.update(info.file, info.loaded, info.total);
      else if (info.status === 'done') tally.finish(info.file);
      else return;
      onProgress(tally.progress);
    };
    const modelOptions = { device: device.kind, dtype, progress_callback };
    const family: ModelFamily = config.model_type === 'siglip' ? 'siglip' : 'clip';
    const spec = FAMILIES[family];
    const [, tokenizer, imageProcessor, textModel, visionModel] = await Promise.all([
      ortStarted,
      AutoTokenizer.from_pretrained(params.model, { progress_callback }),
      AutoImageProcessor.from_pretrained(params.model, { progress_callback }),
      timeStartupStep('session-text', () => spec.textModel.from_pretrained(params.model, modelOptions)),
      timeStartupStep('session-vision', () => spec.visionModel.from_pretrained(params.model, modelOptions)),
    ]);
    const preprocessing = parsePreprocessorConfig(
      (imageProcessor as unknown as { config: Record<string, unknown> }).config,
    );
    const mismatch = inputSizeMismatch(preprocessing, pixelValuesShape(visionModel));
    if (mismatch) {
      await Promise.all([textModel.dispose(), visionModel.dispose()]);
      const [, visionFile] = encoderFiles(dtype);
      throw new ModelLoadError(
        `${params.model} cannot tag photos: ${mismatch} (${visionFile}). Its files do not belong together; choose another model.`,
      );
    }
    const run =
      (model: typeof textModel): Encoder =>
      (inputs) =>
        model(inputs) as Promise<Record<string, Tensor>>;
    const dispose = () => Promise.all([textModel.dispose(), visionModel.dispose()]);
    const info: ModelInfo = {
      model: params.model,
      family,
      dtype,
      device,
      ...scoringConstants(params.model, family, config),
      embeddingDim: 0,
    };
    const batchLimit = imageBatchLimit(device, photoActivationBytes(visionShape(config, preprocessing)));
    const encoders = new ClipEncoders(
      info,
      tokenizer,
      preprocessing,
      run(textModel),
      run(visionModel),
      dispose,
      batchLimit,
    );
    // A warm-up run before saying ready; it also tells the embedding size, which configs name differently.
    info.embeddingDim = await timeStartupStep('warm-up', () => encoders.warmUp());
    return encoders;
  }

  /** Runs the text encoder once and returns the embedding size it produces. */
  private async warmUp(): Promise<number> {
    const output = await this.runText(['a photo.']);
    try {
      return output.dims.at(-1)!;
    } finally {
      output.dispose();
    }
  }

  /** Unit-length text embeddings, one row per prompt. */
  async encodeTexts(prompts: readonly string[]): Promise<Float32Array> {
    const output = await this.runText(prompts);
    try {
      return normalizeRows(Float32Array.from(output.data as Float32Array), this.info.embeddingDim);
    } finally {
      output.dispose();
    }
  }

  /** The text encoder's embeddings for prompts. */
  private async runText(prompts: readonly string[]): Promise<Tensor> {
    const spec = FAMILIES[this.info.family];
    const inputs = textInputs(this.tokenizer, prompts, TEXT_RULES[this.info.family]);
    const outputs = await this.textModel(inputs);
    disposeAll([inputs.input_ids, inputs.attention_mask]);
    for (const [name, tensor] of Object.entries(outputs)) if (name !== spec.textOutput) tensor.dispose();
    return outputs[spec.textOutput]!;
  }

  /** Unit-length image embeddings, one row per photo, from pixel values made by core/preprocess. */
  async encodeImages(pixelValues: readonly Float32Array[]): Promise<Float32Array> {
    const { width, height } = inputSize(this.preprocessing);
    const batch = new Float32Array(pixelValues.length * 3 * height * width);
    pixelValues.forEach((pixels, index) => batch.set(pixels, index * pixels.length));
    const input = new Tensor('float32', batch, [pixelValues.length, 3, height, width]);
    const outputs = await this.visionModel({ pixel_values: input });
    try {
      const embeddings = outputs[FAMILIES[this.info.family].imageOutput]!;
      return normalizeRows(Float32Array.from(embeddings.data as Float32Array), this.info.embeddingDim);
    } finally {
      disposeAll([input, ...Object.values(outputs)]);
    }
  }

  async dispose(): Promise<void> {
    await this.disposeModels();
  }
}

interface ClipConfig {
  model_type?: string;
  logit_scale_init_value?: number;
  logit_bias_init_value?: number;
  vision_config?: Partial<VisionShape>;
}

/**
 * The vision encoder's shape from its config, the input size from the preprocessing; ViT-B/16's widths
 * where a config leaves them out (transformers' own defaults for CLIP).
 */
function visionShape(config: ClipConfig, preprocessing: ImagePreprocessing): VisionShape {
  const vision = config.vision_config ?? {};
  const { width, height } = inputSize(preprocessing);
  return {
    image_size: Math.max(width, height),
    patch_size: vision.patch_size ?? 16,
    intermediate_size: vision.intermediate_size ?? 3072,
    num_attention_heads: vision.num_attention_heads ?? 12,
  };
}

async function fetchConfig(params: LoadParams): Promise<ClipConfig> {
  return (await AutoConfig.from_pretrained(params.model)) as unknown as ClipConfig;
}

/** The best dtype for the device that the repo ships, asking the host (or the cache) as little as possible. */
function shippedDtype(device: DeviceChoice, params: LoadParams): Promise<Dtype> {
  return firstShippedDtype(dtypePreference(device, params.dtype), (dtype) => shipsEncoders(params.model, dtype));
}

/**
 * Whether the repo ships both encoders in `dtype`. Cached files answer from Cache Storage; any other
 * file costs a Range request to the host, so callers ask about as few dtypes as they can.
 */
async function shipsEncoders(model: string, dtype: Dtype): Promise<boolean> {
  const found = await Promise.all(
    encoderFiles(dtype).map((file) => ModelRegistry.get_file_metadata(model, file).then((meta) => meta.exists)),
  );
  return found.every(Boolean);
}

async function fileSizes(model: string, files: readonly string[]): Promise<Record<string, number | undefined>> {
  const metadata = await Promise.all(files.map((file) => ModelRegistry.get_file_metadata(model, file)));
  return Object.fromEntries(files.map((file, index) => [file, metadata[index]?.size]));
}

/** The failure of a load in words a person can act on, by what the downloads ran into. */
function classifyLoadError(error: unknown, params: LoadParams, watch: DownloadWatch): Error {
  // Errors of this app's own already say what happened and what to do.
  if (error instanceof DetailedError) return error;
  const host = hostLabel(params.source);
  // Models from the catalog go by the name the page shows them under.
  const title = catalogEntry(params.model)?.title ?? params.model;
  // fetch() rejects with a TypeError when the host cannot be reached (offline, DNS, refused, CORS).
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    if (watch.hostAnswered) {
      return new DownloadInterruptedError(
        `The connection to ${host} broke off while ${title} was downloading. Try again, or use the built-in demo model meanwhile.`,
        error.message,
      );
    }
    return new HostUnreachableError(
      `${host} cannot be reached, so ${title} could not be downloaded. Check your internet connection, or choose another model host under Model settings.`,
      error.message,
    );
  }
  if (error instanceof Error && error.name === 'ModelFileNotFoundError') {
    return new ModelNotFoundError(
      `${host} has no CLIP model named ${params.model}. Check the name under Model settings, or choose a model from the list.`,
      error.message,
    );
  }
  if (watch.hostError) {
    const { file, url, status, statusText } = watch.hostError;
    const answer = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
    return new HostError(
      `${host} answered with an error for ${file} (${answer}): the problem is on the host's side. Try again later, or choose another model host under Model settings.`,
      `${answer} for ${url}`,
    );
  }
  return new ModelLoadError(
    `${title} could not be loaded from ${host}. Try again, or choose another model.`,
    messageOf(error),
  );
}

/** The shape of a vision encoder's `pixel_values` input as its ONNX file declares it; empty when unknown. */
function pixelValuesShape(model: object): readonly (number | string)[] {
  const { sessions } = model as { sessions?: Record<string, { inputMetadata?: readonly unknown[] }> };
  const input = sessions?.model?.inputMetadata?.find(
    (entry): entry is { name: string; shape: readonly (number | string)[] } =>
      (entry as { name?: string }).name === 'pixel_values' && Array.isArray((entry as { shape?: unknown }).shape),
  );
  return input?.shape ?? [];
}

function disposeAll(tensors: readonly Tensor[]): void {
  for (const tensor of tensors) tensor.dispose();
}

import {
  AutoConfig,
  AutoImageProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  ModelRegistry,
  Tensor,
  type PreTrainedTokenizer,
  type ProgressInfo,
} from '@huggingface/transformers';
import { DTYPE_FILE_SUFFIX, chooseDtype, type DeviceChoice, type Dtype } from '../core/device';
import { trainedLogitScale } from '../core/catalog';
import { parsePreprocessorConfig, toPixelValues, type ImagePreprocessing } from '../core/preprocess';
import { DownloadTally, type DownloadProgress } from '../core/progress';
import { ErrorNames, type LoadParams, type ModelInfo } from '../core/protocol';
import { hostLabel } from '../core/source';
import { normalizeRows } from '../core/vectors';
import { chooseDevice, messageOf } from './device';
import { configureWasmThreads, useModelSource, wasmThreadCount } from './runtime';

export class HostUnreachableError extends Error {
  override name = ErrorNames.hostUnreachable;
}
export class ModelNotFoundError extends Error {
  override name = ErrorNames.modelNotFound;
}
export class ModelLoadError extends Error {
  override name = ErrorNames.modelLoad;
}

type ProgressListener = (progress: DownloadProgress) => void;

/** Files every CLIP repo needs besides its two ONNX encoders. */
const SIDE_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json'];

function encoderFiles(dtype: Dtype): string[] {
  const suffix = DTYPE_FILE_SUFFIX[dtype];
  return [`onnx/text_model${suffix}.onnx`, `onnx/vision_model${suffix}.onnx`];
}

/** A loaded CLIP: tokenizer, image processor and both encoders, on one device and dtype. */
export class ClipEncoders {
  private constructor(
    readonly info: ModelInfo,
    private readonly tokenizer: PreTrainedTokenizer,
    readonly preprocessing: ImagePreprocessing,
    private readonly textModel: CLIPTextModelWithProjection,
    private readonly visionModel: CLIPVisionModelWithProjection,
  ) {}

  /** Downloads (or takes from Cache Storage) everything the model needs, reporting bytes as one total. */
  static async load(params: LoadParams, onProgress: ProgressListener): Promise<ClipEncoders> {
    useModelSource(params.source);
    const config = await fetchConfig(params);
    const preferred = await chooseDevice(params.devicePreference);
    const available = await availableDtypes(params.model);
    try {
      return await ClipEncoders.loadOn(preferred, available, params, config, onProgress);
    } catch (error) {
      if (preferred.kind !== 'webgpu') throw error;
      // Some adapters reject a model's shaders; WASM runs everything, so fall back visibly.
      const wasm: DeviceChoice = {
        kind: 'wasm',
        threads: wasmThreadCount(),
        whyNotWebGpu: `WebGPU could not run this model (${messageOf(error)})`,
      };
      return ClipEncoders.loadOn(wasm, available, params, config, onProgress);
    }
  }

  private static async loadOn(
    device: DeviceChoice,
    available: ReadonlySet<Dtype>,
    params: LoadParams,
    config: ClipConfig,
    onProgress: ProgressListener,
  ): Promise<ClipEncoders> {
    if (device.kind === 'wasm') configureWasmThreads(device.threads);
    const dtype = chooseDtype(device, available);
    const files = [...SIDE_FILES, ...encoderFiles(dtype)];
    const tally = new DownloadTally(await fileSizes(params.model, files));
    const progress_callback = (info: ProgressInfo) => {
      if (info.status === 'progress') tally.update(info.file, info.loaded, info.total);
      else if (info.status === 'done') tally.finish(info.file);
      else return;
      onProgress(tally.progress);
    };
    const modelOptions = { device: device.kind, dtype, progress_callback };
    try {
      const [tokenizer, imageProcessor, textModel, visionModel] = await Promise.all([
        AutoTokenizer.from_pretrained(params.model, { progress_callback }),
        AutoImageProcessor.from_pretrained(params.model, { progress_callback }),
        CLIPTextModelWithProjection.from_pretrained(params.model, modelOptions),
        CLIPVisionModelWithProjection.from_pretrained(params.model, modelOptions),
      ]);
      const info: ModelInfo = {
        model: params.model,
        dtype,
        device,
        logitScale: trainedLogitScale(params.model, config.logit_scale_init_value),
        embeddingDim: config.projection_dim,
      };
      const preprocessing = parsePreprocessorConfig((imageProcessor as unknown as { config: Record<string, unknown> }).config);
      return new ClipEncoders(info, tokenizer, preprocessing, textModel, visionModel);
    } catch (error) {
      throw classifyLoadError(error, params);
    }
  }

  /** Unit-length text embeddings, one row per prompt, padded only to the longest prompt in the batch. */
  async encodeTexts(prompts: readonly string[]): Promise<Float32Array> {
    const inputs = this.tokenizer([...prompts], { padding: true, truncation: true });
    const { text_embeds } = (await this.textModel(inputs)) as { text_embeds: Tensor };
    try {
      return normalizeRows(Float32Array.from(text_embeds.data as Float32Array), this.info.embeddingDim);
    } finally {
      disposeAll([inputs.input_ids as Tensor, inputs.attention_mask as Tensor, text_embeds]);
    }
  }

  /** CLIP's input for one photo: Pillow-exact bicubic resize, centre crop, normalise (see core/preprocess). */
  pixelValues(rgb: Uint8Array, width: number, height: number): Float32Array {
    return toPixelValues(rgb, width, height, this.preprocessing);
  }

  /** Unit-length image embeddings, one row per photo, from pixel values made by `pixelValues`. */
  async encodeImages(pixelValues: readonly Float32Array[]): Promise<Float32Array> {
    const crop = this.preprocessing.crop!;
    const batch = new Float32Array(pixelValues.length * 3 * crop.height * crop.width);
    pixelValues.forEach((pixels, index) => batch.set(pixels, index * pixels.length));
    const input = new Tensor('float32', batch, [pixelValues.length, 3, crop.height, crop.width]);
    const { image_embeds } = (await this.visionModel({ pixel_values: input })) as { image_embeds: Tensor };
    try {
      return normalizeRows(Float32Array.from(image_embeds.data as Float32Array), this.info.embeddingDim);
    } finally {
      disposeAll([input, image_embeds]);
    }
  }

  async dispose(): Promise<void> {
    await Promise.all([this.textModel.dispose(), this.visionModel.dispose()]);
  }
}

interface ClipConfig {
  logit_scale_init_value?: number;
  projection_dim: number;
}

async function fetchConfig(params: LoadParams): Promise<ClipConfig> {
  try {
    return (await AutoConfig.from_pretrained(params.model)) as unknown as ClipConfig;
  } catch (error) {
    throw classifyLoadError(error, params);
  }
}

/** Which optional dtypes the repo ships both encoders for; fp32 is always assumed. */
async function availableDtypes(model: string): Promise<Set<Dtype>> {
  const candidates: Dtype[] = ['fp16', 'q8'];
  const present = await Promise.all(
    candidates.map(async (dtype) => {
      const found = await Promise.all(
        encoderFiles(dtype).map((file) => ModelRegistry.get_file_metadata(model, file).then((meta) => meta.exists)),
      );
      return found.every(Boolean);
    }),
  );
  return new Set<Dtype>(['fp32', ...candidates.filter((_, index) => present[index])]);
}

async function fileSizes(model: string, files: readonly string[]): Promise<Record<string, number | undefined>> {
  const metadata = await Promise.all(files.map((file) => ModelRegistry.get_file_metadata(model, file)));
  return Object.fromEntries(files.map((file, index) => [file, metadata[index]?.size]));
}

function classifyLoadError(error: unknown, params: LoadParams): Error {
  if (error instanceof HostUnreachableError || error instanceof ModelNotFoundError) return error;
  const host = hostLabel(params.source);
  // fetch() rejects with a TypeError when the host cannot be reached at all (offline, DNS, refused, CORS).
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    return new HostUnreachableError(
      `${host} cannot be reached (${error.message}), so ${params.model} could not be downloaded. Check the connection, or the model host under Model settings.`,
    );
  }
  if (error instanceof Error && error.name === 'ModelFileNotFoundError') {
    return new ModelNotFoundError(`${host} has no CLIP model named ${params.model} (${error.message})`);
  }
  return new ModelLoadError(`Loading ${params.model} from ${host} failed: ${messageOf(error)}`);
}

function disposeAll(tensors: readonly Tensor[]): void {
  for (const tensor of tensors) tensor.dispose();
}

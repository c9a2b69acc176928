import type { DevicePreference } from '../core/device';
import { isAbortError } from '../core/errors';
import type { DownloadProgress } from '../core/progress';
import type { EvaluationReport } from '../core/evaluation';
import type {
  EvaluationRequest,
  EncoderStats,
  LoadParams,
  ModelInfo,
  ModelInput,
  ModelCheck,
  ModelRequests,
  PhotoInput,
  PhotoOutcome,
  PhotosAdded,
  PromptProgress,
  RankingRequest,
  RankingSnapshot,
  RestoredPhoto,
  SearchResult,
} from '../core/protocol';
import { RpcClient, type WorkerPort } from '../core/rpc';
import type { ModelChoice } from '../core/settings';

/**
 * The UI's handle on the model worker: one Promise per request, cancelled through an AbortSignal. If
 * the worker dies, every pending call fails and the next call starts a fresh worker.
 */
export class TaggerClient {
  private readonly rpc: RpcClient<ModelRequests>;
  private lastLoadFailed = false;
  private loads = 0;

  constructor(startWorker: () => WorkerPort) {
    this.rpc = new RpcClient(startWorker, {
      workerName: 'The model',
      whatToDo: 'Press Try again to restart it; your photos and labels are kept.',
    });
  }

  /**
   * Loads a model. After a load that failed, the next one starts a fresh worker: transformers.js chains
   * every ONNX session it creates on one promise, so a single failed session leaves that promise rejected
   * and the worker unable to load any model again.
   */
  async load(
    params: LoadParams,
    options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {},
  ): Promise<ModelInfo> {
    if (this.lastLoadFailed) this.rpc.dispose();
    this.lastLoadFailed = false;
    const load = ++this.loads;
    try {
      return await this.rpc.call('load', params, { signal: options.signal, onEvent: options.onProgress });
    } catch (error) {
      // Only the latest load speaks for the worker: an older one can fail after a newer one began.
      if (load === this.loads) this.lastLoadFailed = !isAbortError(error);
      throw error;
    }
  }

  addPhotos(
    photos: PhotoInput[],
    options: { signal?: AbortSignal; onPhoto?: (outcome: PhotoOutcome) => void } = {},
  ): Promise<PhotosAdded> {
    return this.rpc.call('add-photos', { photos }, { signal: options.signal, onEvent: options.onPhoto });
  }

  /** Ranks every photo against labels; `onProgress` reports text encoding when many prompts are new. */
  rank(
    request: RankingRequest,
    options: { signal?: AbortSignal; onProgress?: (progress: PromptProgress) => void } = {},
  ): Promise<RankingSnapshot> {
    return this.rpc.call('rank', request, { signal: options.signal, onEvent: options.onProgress });
  }

  /** Scores encoded photos against their right answers, from their embeddings: no photo is encoded. */
  evaluate(
    request: EvaluationRequest,
    options: { signal?: AbortSignal; onProgress?: (progress: PromptProgress) => void } = {},
  ): Promise<EvaluationReport> {
    return this.rpc.call('evaluate', request, { signal: options.signal, onEvent: options.onProgress });
  }

  removePhotos(photoIds: string[]): Promise<null> {
    return this.rpc.call('remove-photos', { photoIds });
  }

  /** Hands back photos encoded earlier, by their embeddings under the loaded model. */
  restorePhotos(photos: RestoredPhoto[]): Promise<{ restored: number }> {
    return this.rpc.call('restore-photos', { photos });
  }

  /** Every encoded photo's similarity to a phrase, given as its prompts. */
  search(prompts: string[], options: { signal?: AbortSignal } = {}): Promise<SearchResult> {
    return this.rpc.call('search', { prompts }, options);
  }

  /** What the vision encoder sees for a photo: its preprocessed pixels. */
  modelInput(photo: PhotoInput, options: { signal?: AbortSignal } = {}): Promise<ModelInput> {
    return this.rpc.call('model-input', { photo }, options);
  }

  /** Which of these models this browser could load without a download, and on which device. */
  checkModels(models: ModelChoice[], devicePreference: DevicePreference): Promise<ModelCheck> {
    return this.rpc.call('check-models', { models, devicePreference });
  }

  /** Forgets what this browser keeps for later: photo embeddings and downloaded model files. */
  forgetStoredData(): Promise<null> {
    return this.rpc.call('forget-stored-data', {});
  }

  stats(): Promise<EncoderStats> {
    return this.rpc.call('stats', {});
  }

  /** Calls `listener` whenever the model worker dies, taking its model with it; returns the unsubscribe. */
  onCrash(listener: (error: Error) => void): () => void {
    return this.rpc.onCrash(listener);
  }

  /** Stops the worker; whatever was still pending fails with AbortError. */
  dispose(): void {
    this.rpc.dispose();
  }
}

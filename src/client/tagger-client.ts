import {
  ErrorNames,
  type ErrorInfo,
  type LoadParams,
  type ModelInfo,
  type ModelInput,
  type PhotoInput,
  type PhotoOutcome,
  type PromptProgress,
  type RankingRequest,
  type RankingSnapshot,
  type RequestEvent,
  type RequestParams,
  type RequestResult,
  type RequestType,
  type WorkerReply,
  type WorkerRequest,
  type EncoderStats,
} from '../core/protocol';
import { exhaustiveSwitchError } from '../core/exhaustive';
import type { DownloadProgress } from '../core/progress';

/** An error the worker reported, with the name it gave it (see ErrorNames). */
export class TaggerError extends Error {
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = info.name;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === ErrorNames.abort;
}

function abortError(): TaggerError {
  return new TaggerError({ name: ErrorNames.abort, message: 'The request was cancelled.' });
}

interface Pending {
  onEvent: (event: never) => void;
  resolve: (result: never) => void;
  reject: (error: Error) => void;
}

interface CallOptions<E> {
  signal?: AbortSignal | undefined;
  onEvent?: ((event: E) => void) | undefined;
}

/**
 * The UI's handle on the model worker: one Promise per request, matched by id, cancelled through an
 * AbortSignal. If the worker dies, every pending call fails and the next call starts a fresh worker.
 */
export class TaggerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly createWorker: () => Worker) {}

  load(params: LoadParams, options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {}) {
    return this.call('load', params, { signal: options.signal, onEvent: options.onProgress }) as Promise<ModelInfo>;
  }

  addPhotos(photos: PhotoInput[], options: { signal?: AbortSignal; onPhoto?: (outcome: PhotoOutcome) => void } = {}) {
    return this.call('add-photos', { photos }, { signal: options.signal, onEvent: options.onPhoto });
  }

  /** Ranks every photo against labels; `onProgress` reports text encoding when many prompts are new. */
  setRanking(
    request: RankingRequest,
    options: { signal?: AbortSignal; onProgress?: (progress: PromptProgress) => void } = {},
  ): Promise<RankingSnapshot> {
    return this.call('set-labels', request, { signal: options.signal, onEvent: options.onProgress });
  }

  removePhotos(photoIds: string[]): Promise<null> {
    return this.call('remove-photos', { photoIds }, {});
  }

  /** What the vision encoder sees for a photo: its preprocessed pixels. */
  modelInput(photo: PhotoInput, options: { signal?: AbortSignal } = {}): Promise<ModelInput> {
    return this.call('model-input', { photo }, options);
  }

  stats(): Promise<EncoderStats> {
    return this.call('stats', {}, {});
  }

  /** Stops the worker and fails whatever was still pending. */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(abortError());
  }

  private call<K extends RequestType>(
    type: K,
    params: RequestParams<K>,
    { signal, onEvent }: CallOptions<RequestEvent<K>>,
  ): Promise<RequestResult<K>> {
    if (signal?.aborted) return Promise.reject(abortError());
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<RequestResult<K>>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        worker.postMessage({ kind: 'cancel', id } satisfies WorkerRequest);
        reject(abortError());
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        onEvent: (onEvent ?? (() => {})) as (event: never) => void,
        resolve: ((result: RequestResult<K>) => {
          settle();
          resolve(result);
        }) as (result: never) => void,
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ kind: 'request', id, type, params } as WorkerRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.addEventListener('message', (message: MessageEvent<WorkerReply>) => this.receive(message.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.crash(`The model worker stopped: ${event.message || 'unknown error'}. Reload the model to go on.`);
    });
    worker.addEventListener('messageerror', () => this.crash('The model worker sent a message that could not be read.'));
    this.worker = worker;
    return worker;
  }

  private receive(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return; // Cancelled on this side already.
    switch (reply.kind) {
      case 'event':
        pending.onEvent(reply.event as never);
        break;
      case 'result':
        this.pending.delete(reply.id);
        pending.resolve(reply.result as never);
        break;
      case 'error':
        this.pending.delete(reply.id);
        pending.reject(new TaggerError(reply.error));
        break;
      default:
        exhaustiveSwitchError(reply);
    }
  }

  private crash(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new TaggerError({ name: ErrorNames.workerCrashed, message }));
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) entry.reject(error);
  }
}

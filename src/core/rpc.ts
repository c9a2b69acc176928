/**
 * One typed channel for every worker: the model worker, the photo worker and the benchmark's. A request
 * map names each request's params, the events it streams and its result; the client sends a request
 * with an id and gets any number of events, then exactly one result or error with that id. Cancelling
 * sends `cancel`, which aborts the handler's signal without ending a worker that holds a model. A worker
 * that ends, even silently (`self.close()`, no error event), is noticed through a Web Lock it holds.
 */
import { AbortError, ErrorNames, RemoteError, fromErrorRecord, toErrorRecord, type ErrorRecord } from './errors';
import { exhaustiveSwitchError } from './exhaustive';

/** What one request sends, streams back while it runs, and resolves to. */
export interface RequestShape {
  params: unknown;
  event: unknown;
  result: unknown;
}

/** A map of request names to their shapes, as `interface ModelRequests { load: {...}; ... }`. */
export type RequestMap<M> = { [K in keyof M]: RequestShape };

export type RequestName<M> = keyof M & string;

export type RpcRequest<M extends RequestMap<M>> =
  | { [K in RequestName<M>]: { kind: 'request'; id: number; type: K; params: M[K]['params'] } }[RequestName<M>]
  | { kind: 'cancel'; id: number }
  /** Asks the worker to hold the lock `name` for as long as it lives. */
  | { kind: 'hold-lock'; name: string };

export type RpcReply<M extends RequestMap<M>> =
  | { kind: 'event'; id: number; event: M[RequestName<M>]['event'] }
  | { kind: 'result'; id: number; result: M[RequestName<M>]['result'] }
  | { kind: 'error'; id: number; error: ErrorRecord }
  /** The worker holds the lock it was asked to: when the client is granted it, the worker has ended. */
  | { kind: 'lock-held' };

/**
 * The part of the Web Locks API (`navigator.locks`) that tells when a worker has ended: the browser frees
 * the locks a worker holds when it ends, however it ends, even while its thread was busy.
 */
export interface LockRequester {
  request(name: string, callback: () => unknown): Promise<unknown>;
}

/** `navigator.locks` where there is one (every secure page and its workers), else null. */
function browserLocks(): LockRequester | null {
  return (globalThis as { navigator?: { locks?: LockRequester } }).navigator?.locks ?? null;
}

/** A value to post with buffers moved, not copied, to the other side; the sender must not use them again. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly transferables: Transferable[],
  ) {}
}

export function transfer<T>(value: T, transferables: Transferable[]): Transfer<T> {
  return new Transfer(value, transferables);
}

export interface HandlerContext<E> {
  /** Aborted when the client cancels the request or gives up on it. */
  signal: AbortSignal;
  emit: (event: E, transferables?: Transferable[]) => void;
}

type Handler<S extends RequestShape> = (
  params: S['params'],
  context: HandlerContext<S['event']>,
) => Promise<S['result'] | Transfer<S['result']>> | S['result'] | Transfer<S['result']>;

/** The worker side: one handler per request. */
export type Handlers<M extends RequestMap<M>> = { [K in RequestName<M>]: Handler<M[K]> };

/** The part of a worker's global scope that `serve` uses. */
export interface ServerPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** Answers requests arriving at `port` with `handlers`, each with its own AbortSignal. */
export function serve<M extends RequestMap<M>>(
  port: ServerPort,
  handlers: Handlers<M>,
  locks: LockRequester | null = browserLocks(),
): void {
  const inFlight = new Map<number, AbortController>();
  const post = (reply: RpcReply<M>, transferables: Transferable[] = []) => port.postMessage(reply, transferables);

  async function handle(request: Extract<RpcRequest<M>, { kind: 'request' }>): Promise<void> {
    const { id } = request;
    const controller = new AbortController();
    inFlight.set(id, controller);
    const { signal } = controller;
    try {
      // The request's name picks its handler; the union of all handlers cannot be called without widening.
      const handler = handlers[request.type] as unknown as Handler<RequestShape> | undefined;
      if (!handler) throw new Error(`This worker has no request named ${request.type}.`);
      const emit = (event: unknown, transferables?: Transferable[]) => {
        if (!signal.aborted) post({ kind: 'event', id, event }, transferables);
      };
      const outcome = await handler(request.params, { signal, emit });
      if (!(outcome instanceof Transfer)) post({ kind: 'result', id, result: outcome });
      else {
        const moved: Transfer<unknown> = outcome;
        post({ kind: 'result', id, result: moved.value }, moved.transferables);
      }
    } catch (error) {
      post({ kind: 'error', id, error: toErrorRecord(error) });
    } finally {
      inFlight.delete(id);
    }
  }

  port.addEventListener('message', (message) => {
    const request = message.data as RpcRequest<M>;
    switch (request.kind) {
      case 'cancel':
        inFlight.get(request.id)?.abort();
        break;
      case 'request':
        void handle(request);
        break;
      case 'hold-lock':
        // Held until this worker ends: the callback's promise never settles.
        void locks?.request(request.name, () => {
          post({ kind: 'lock-held' });
          return new Promise(() => {});
        });
        break;
      default:
        exhaustiveSwitchError(request);
    }
  });
}

/** The part of a Worker that `RpcClient` uses. */
export interface WorkerPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface CallOptions<E> {
  signal?: AbortSignal | undefined;
  onEvent?: ((event: E) => void) | undefined;
  /** Buffers in `params` to move to the worker instead of copying. */
  transfer?: Transferable[] | undefined;
}

interface Pending {
  onEvent: (event: unknown) => void;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The calling side: one Promise per request, matched by id and cancelled through an AbortSignal. The
 * worker starts on the first call. If it dies (an error it did not catch, or ending without a word),
 * every pending call fails with one WorkerCrashedError and the next call starts a fresh worker.
 */
export class RpcClient<M extends RequestMap<M>> {
  private port: WorkerPort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly crashListeners = new Set<(error: Error) => void>();

  /**
   * @param startWorker starts the worker (called again after a crash).
   * @param crashAdvice what the user can do when the worker dies: "Add the photo again."
   * @param locks tells when the worker has ended silently; without it only error events are noticed.
   */
  constructor(
    private readonly startWorker: () => WorkerPort,
    private readonly crashAdvice: { workerName: string; whatToDo: string },
    private readonly locks: LockRequester | null = browserLocks(),
  ) {}

  call<K extends RequestName<M>>(
    type: K,
    params: M[K]['params'],
    { signal, onEvent, transfer: transferables = [] }: CallOptions<M[K]['event']> = {},
  ): Promise<M[K]['result']> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    let port: WorkerPort;
    try {
      port = this.ensureWorker();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const id = this.nextId++;
    return new Promise<M[K]['result']>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        port.postMessage({ kind: 'cancel', id } satisfies RpcRequest<M>, []);
        reject(new AbortError());
      };
      const settled = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        onEvent: (event) => onEvent?.(event),
        resolve: (result) => {
          settled();
          resolve(result);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      port.postMessage({ kind: 'request', id, type, params }, transferables);
    });
  }

  /**
   * Calls `listener` with the error each time the worker dies, even with nothing pending: whatever it
   * held (a loaded model) is gone. Returns the call that stops listening.
   */
  onCrash(listener: (error: Error) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Ends the worker; whatever was still pending fails with AbortError, as it was given up on purpose. */
  dispose(): void {
    this.port?.terminate();
    this.port = null;
    this.failAll(new AbortError());
  }

  private ensureWorker(): WorkerPort {
    if (this.port) return this.port;
    const port = this.startWorker();
    const lock = `rpc-worker-${crypto.randomUUID()}`;
    port.addEventListener('message', (message) => {
      if (this.port !== port) return;
      const reply = (message as MessageEvent<RpcReply<M>>).data;
      if (reply.kind !== 'lock-held') this.receive(reply);
      // Granted only once the worker has ended and the browser has freed its lock.
      else void this.locks?.request(lock, () => this.port === port && this.crash('it ended without an error'));
    });
    port.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.port === port) this.crash((event as ErrorEvent).message || 'an error it did not catch');
    });
    port.addEventListener('messageerror', () => {
      if (this.port === port) this.crash('it sent a message that could not be read');
    });
    this.port = port;
    if (this.locks) port.postMessage({ kind: 'hold-lock', name: lock } satisfies RpcRequest<M>, []);
    return port;
  }

  private receive(reply: Exclude<RpcReply<M>, { kind: 'lock-held' }>): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return; // Cancelled on this side already.
    switch (reply.kind) {
      case 'event':
        pending.onEvent(reply.event);
        break;
      case 'result':
        this.pending.delete(reply.id);
        pending.resolve(reply.result);
        break;
      case 'error':
        this.pending.delete(reply.id);
        pending.reject(fromErrorRecord(reply.error));
        break;
      default:
        exhaustiveSwitchError(reply);
    }
  }

  private crash(detail: string): void {
    this.port?.terminate();
    this.port = null;
    const { workerName, whatToDo } = this.crashAdvice;
    const error = new RemoteError({
      name: ErrorNames.workerCrashed,
      message: `${workerName} stopped (${detail}). ${whatToDo}`,
    });
    this.failAll(error);
    for (const listener of this.crashListeners) listener(error);
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) entry.reject(error);
  }
}

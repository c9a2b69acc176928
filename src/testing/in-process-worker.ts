import { serve, type Handlers, type LockRequester, type RequestMap, type WorkerPort } from '../core/rpc';
import { Deferred } from './async';

/**
 * A worker for unit tests: it runs `handlers` on this thread, but messages still cross as structured clones,
 * and the locks it takes from `locks` are freed when it ends, as a browser frees a worker's Web Locks.
 */
export class InProcessWorker<M extends RequestMap<M>> extends EventTarget implements WorkerPort {
  /** Every message the client sent, in order. */
  readonly received: unknown[] = [];
  terminated = false;
  private readonly scope = new EventTarget();
  private readonly ended = new Deferred();

  constructor(handlers: Handlers<M>, locks: LockRequester | null = null) {
    super();
    const heldUntilEnd: LockRequester | null = locks && {
      request: (name, callback) =>
        locks.request(name, () => Promise.race([Promise.resolve().then(callback), this.ended.promise])),
    };
    serve<M>(
      {
        postMessage: (message, transfer) => this.deliver(this, message, transfer),
        addEventListener: (type, listener) => this.scope.addEventListener(type, listener as EventListener),
      },
      handlers,
      heldUntilEnd,
    );
  }

  postMessage(message: unknown, transfer: Transferable[]): void {
    this.received.push(message);
    this.deliver(this.scope, message, transfer);
  }

  terminate(): void {
    this.terminated = true;
    this.ended.resolve();
  }

  /** What `self.close()` in a worker does: it ends, and its parent gets no event at all. */
  exitSilently(): void {
    this.terminate();
  }

  /** What a browser does when the worker throws outside any request: an error event on the Worker object. */
  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }

  // Like a real worker: a later task, a clone (transferred buffers detach), and nothing after terminate().
  private deliver(target: EventTarget, message: unknown, transfer: Transferable[]): void {
    const data = structuredClone(message, { transfer });
    setTimeout(() => {
      if (!this.terminated) target.dispatchEvent(new MessageEvent('message', { data }));
    }, 0);
  }
}

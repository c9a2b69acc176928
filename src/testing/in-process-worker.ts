import { serve, type Handlers, type RequestMap, type WorkerPort } from '../core/rpc';

/** A worker for unit tests: it runs `handlers` on this thread, but messages still cross as structured clones. */
export class InProcessWorker<M extends RequestMap<M>> extends EventTarget implements WorkerPort {
  /** Every message the client sent, in order. */
  readonly received: unknown[] = [];
  terminated = false;
  private readonly scope = new EventTarget();

  constructor(handlers: Handlers<M>) {
    super();
    serve<M>(
      {
        postMessage: (message, transfer) => this.deliver(this, message, transfer),
        addEventListener: (type, listener) => this.scope.addEventListener(type, listener as EventListener),
      },
      handlers,
    );
  }

  postMessage(message: unknown, transfer: Transferable[]): void {
    this.received.push(message);
    this.deliver(this.scope, message, transfer);
  }

  terminate(): void {
    this.terminated = true;
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

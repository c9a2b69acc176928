import type { ModelRequests } from '../core/protocol';
import type { FrameScheduler } from '../session/tagger-session';
import { modelHandlers, type CheckModels } from '../worker/model/handlers';
import { Tagger } from '../worker/model/tagger';
import type { FakeServices } from './fake-model';
import { InProcessWorker } from './in-process-worker';

/** A browser whose Cache Storage holds the models named in `cached`, running on WASM. */
export function fakeModelCache(cached: ReadonlySet<string> = new Set()): CheckModels {
  return (models) =>
    Promise.resolve({
      device: { kind: 'wasm', threads: 2, whyNotWebGpu: 'the tests run in Node' },
      models: models.map(({ model }) => ({ model, dtype: 'q8', cached: cached.has(model) })),
    });
}

/** The model worker's own handlers and tagger, on this thread, over the fake model's services. */
export function fakeModelWorker(
  services: FakeServices,
  checkModels = fakeModelCache(),
): InProcessWorker<ModelRequests> {
  return new InProcessWorker<ModelRequests>(
    modelHandlers(new Tagger(services), { check: checkModels, forget: () => Promise.resolve() }),
  );
}

/** Animation frames that come only when the test says so. */
export class ManualFrames implements FrameScheduler {
  private nextHandle = 1;
  private readonly callbacks = new Map<number, () => void>();

  request(callback: () => void): number {
    const handle = this.nextHandle++;
    this.callbacks.set(handle, callback);
    return handle;
  }

  cancel(handle: number): void {
    this.callbacks.delete(handle);
  }

  /** Runs the callbacks waiting for the next frame. */
  run(): void {
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback();
  }
}

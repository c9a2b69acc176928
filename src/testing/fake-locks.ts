import type { LockRequester } from '../core/rpc';

/** Web Locks for unit tests: one holder per name; the next request is granted when the holder's callback settles. */
export class FakeLocks implements LockRequester {
  private readonly queues = new Map<string, (() => void)[]>();

  /** Requests waiting behind a holder: a client watching a live worker's lock is one. */
  waiting(): number {
    return [...this.queues.values()].reduce((sum, queue) => sum + queue.length - 1, 0);
  }

  request(name: string, callback: () => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      queue.push(() => {
        Promise.resolve()
          .then(callback)
          .then(resolve, reject)
          .finally(() => {
            queue.shift();
            if (queue.length > 0) queue[0]!();
            else this.queues.delete(name);
          });
      });
      if (queue.length === 1) queue[0]!();
    });
  }
}

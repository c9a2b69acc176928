/**
 * How errors cross a worker boundary: as plain records (`name` says which kind, `message` what to do),
 * turned back into an Error of the same name on the other side. Both ends use only this module.
 */

/** An error as it travels between threads. */
export interface ErrorRecord {
  name: string;
  /** What happened and what to do, in words anyone understands. */
  message: string;
  /** The technical cause, for those who ask for it (shown behind a disclosure). */
  detail?: string;
}

/** The names of the errors the UI treats specially. */
export const ErrorNames = {
  abort: 'AbortError',
  notAnImage: 'NotAnImageError',
  hostUnreachable: 'HostUnreachableError',
  modelNotFound: 'ModelNotFoundError',
  modelLoad: 'ModelLoadError',
  workerCrashed: 'WorkerCrashedError',
} as const;

/** An error whose message is for everyone, with the technical cause kept apart in `detail`. */
export class DetailedError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** An error that happened in another thread, with the name it had there (see ErrorNames). */
export class RemoteError extends DetailedError {
  constructor(record: ErrorRecord) {
    super(record.message, record.detail);
    this.name = record.name;
  }
}

/** A request stopped on purpose; never shown to the user. */
export class AbortError extends Error {
  override name = ErrorNames.abort;
  constructor() {
    super('The request was cancelled.');
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === ErrorNames.abort;
}

/** The message of anything thrown, Error or not. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function toErrorRecord(error: unknown): ErrorRecord {
  const record: ErrorRecord = { name: error instanceof Error ? error.name : 'Error', message: messageOf(error) };
  if (error instanceof DetailedError && error.detail) record.detail = error.detail;
  return record;
}

export function fromErrorRecord(record: ErrorRecord): Error {
  return record.name === ErrorNames.abort ? new AbortError() : new RemoteError(record);
}

/** Throws AbortError once `signal` is aborted: the checkpoint between the steps of a long request. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

/** Settles as `promise` does, or rejects with AbortError as soon as `signal` is aborted, whichever is first. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

import { DetailedError } from '../../core/errors';
import { hostLabel, modelFileUrl, type ModelSource } from '../../core/source';

/**
 * How long a download may go without a byte before it counts as stalled: long enough for a slow phone
 * connection between two chunks, short enough that nobody watches "1.0 MB of 1.7 MB" for minutes.
 */
export const STALL_LIMIT_MS = 30_000;

/** A download that stopped sending bytes: the host answered, then went quiet. */
export class DownloadStalledError extends DetailedError {
  override name = 'DownloadStalledError';
}

/** A connection that broke off after the host had answered: the host is there, the download was cut. */
export class DownloadInterruptedError extends DetailedError {
  override name = 'DownloadInterruptedError';
}

/** An HTTP error the host answered with (other than "not found"), and the file it was for. */
export interface HostError {
  file: string;
  url: string;
  status: number;
  statusText: string;
}

/**
 * The fetch transformers.js downloads a model's files with during one load: stopped when `downloads` is
 * aborted or when no byte arrives for `stallLimitMs`, and remembering what it saw so that the load's
 * failure can say what happened: the host never answered, answered with an error, or went quiet or
 * broke off half way.
 */
export class DownloadWatch {
  /** Whether the host has answered any request of this load. */
  hostAnswered = false;
  hostError: HostError | null = null;

  constructor(
    private readonly source: ModelSource,
    private readonly model: string,
    private readonly downloads: AbortSignal,
    private readonly stallLimitMs = STALL_LIMIT_MS,
  ) {}

  readonly fetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const file = this.fileOf(url);
    const host = hostLabel(this.source);
    const watchdog = new AbortController();
    const abort = () => watchdog.abort(this.downloads.reason);
    if (this.downloads.aborted) abort();
    this.downloads.addEventListener('abort', abort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new DownloadStalledError(
      `The download of ${file} from ${host} stalled: nothing arrived for ${this.stallLimitMs / 1000} seconds. Try again, or use the built-in demo model meanwhile.`,
      url,
    );
    const arm = () => (timer = setTimeout(() => watchdog.abort(stalled), this.stallLimitMs));
    const done = () => {
      clearTimeout(timer);
      this.downloads.removeEventListener('abort', abort);
    };
    arm();
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal: watchdog.signal });
    } catch (error) {
      done();
      throw watchdog.signal.reason === stalled ? stalled : error;
    } finally {
      clearTimeout(timer);
    }
    this.hostAnswered = true;
    if (response.status >= 400 && response.status !== 404 && response.status !== 416) {
      this.hostError = { file, url, status: response.status, statusText: response.statusText };
    }
    const body = response.body;
    if (!body) {
      done();
      return response;
    }
    const reader = body.getReader();
    const watched = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        arm();
        try {
          const chunk = await reader.read();
          if (chunk.done) {
            done();
            controller.close();
          } else controller.enqueue(chunk.value);
        } catch (error) {
          done();
          if (watchdog.signal.reason === stalled) throw stalled;
          if (this.downloads.aborted) throw error;
          throw new DownloadInterruptedError(
            `The connection to ${host} broke off while downloading ${file}. Try again, or use the built-in demo model meanwhile.`,
            error instanceof Error ? error.message : String(error),
          );
        } finally {
          clearTimeout(timer);
        }
      },
      cancel: (reason) => {
        done();
        return reader.cancel(reason);
      },
    });
    return new Response(watched, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  /** The file's path in the repo ("onnx/vision_model.onnx") from its address. */
  private fileOf(url: string): string {
    const repo = `${modelFileUrl(this.source, this.model, '')}/`;
    return decodeURIComponent(url.startsWith(repo) ? url.slice(repo.length) : (url.split('/').pop() ?? url));
  }
}

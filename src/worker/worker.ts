/// <reference lib="webworker" />
import { exhaustiveSwitchError } from '../core/exhaustive';
import type { ErrorInfo, WorkerReply, WorkerRequest } from '../core/protocol';
import { Tagger } from './tagger';

declare const self: DedicatedWorkerGlobalScope;

const tagger = new Tagger();
const inFlight = new Map<number, AbortController>();

function post(reply: WorkerReply, transfer: Transferable[] = []): void {
  self.postMessage(reply, transfer);
}

function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

async function handle(request: Extract<WorkerRequest, { kind: 'request' }>): Promise<void> {
  const { id } = request;
  const controller = new AbortController();
  inFlight.set(id, controller);
  try {
    switch (request.type) {
      case 'load': {
        const result = await tagger.load(request.params, (event) => post({ kind: 'event', id, type: 'load', event }));
        post({ kind: 'result', id, type: 'load', result });
        break;
      }
      case 'add-photos': {
        const result = await tagger.addPhotos(request.params.photos, controller.signal, (event) =>
          post(
            { kind: 'event', id, type: 'add-photos', event },
            event.status === 'encoded' && event.ranking ? [event.ranking.probabilities.buffer] : [],
          ),
        );
        post({ kind: 'result', id, type: 'add-photos', result });
        break;
      }
      case 'set-labels': {
        const result = await tagger.setRanking(request.params, controller.signal, (event) =>
          post({ kind: 'event', id, type: 'set-labels', event }),
        );
        post({ kind: 'result', id, type: 'set-labels', result }, [result.probabilities.buffer]);
        break;
      }
      case 'remove-photos':
        tagger.removePhotos(request.params.photoIds);
        post({ kind: 'result', id, type: 'remove-photos', result: null });
        break;
      case 'model-input': {
        const result = await tagger.modelInput(request.params.photo);
        post({ kind: 'result', id, type: 'model-input', result }, [result.pixelValues.buffer]);
        break;
      }
      case 'stats':
        post({ kind: 'result', id, type: 'stats', result: tagger.getStats() });
        break;
      default:
        exhaustiveSwitchError(request);
    }
  } catch (error) {
    post({ kind: 'error', id, error: toErrorInfo(error) });
  } finally {
    inFlight.delete(id);
  }
}

self.addEventListener('message', (message: MessageEvent<WorkerRequest>) => {
  const request = message.data;
  switch (request.kind) {
    case 'cancel':
      inFlight.get(request.id)?.abort();
      break;
    case 'request':
      void handle(request);
      break;
    default:
      exhaustiveSwitchError(request);
  }
});

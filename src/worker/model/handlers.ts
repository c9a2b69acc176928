import type { ModelRequests } from '../../core/protocol';
import { transfer, type Handlers } from '../../core/rpc';
import type { Tagger } from './tagger';

/** The model worker's answer to each request: the tagger does the work, buffers it hands back are moved. */
export function modelHandlers(tagger: Tagger): Handlers<ModelRequests> {
  return {
    load: (params, { signal, emit }) => tagger.load(params, signal, emit),
    'add-photos': ({ photos }, { signal, emit }) =>
      tagger.addPhotos(photos, signal, (outcome) =>
        emit(outcome, outcome.status === 'encoded' && outcome.ranking ? [outcome.ranking.probabilities.buffer] : []),
      ),
    rank: async (request, { signal, emit }) => {
      const snapshot = await tagger.rank(request, signal, emit);
      return transfer(snapshot, [snapshot.probabilities.buffer]);
    },
    'remove-photos': ({ photoIds }) => {
      tagger.removePhotos(photoIds);
      return null;
    },
    stats: () => tagger.getStats(),
    'model-input': async ({ photo }, { signal }) => {
      const input = await tagger.modelInput(photo, signal);
      return transfer(input, [input.pixelValues.buffer]);
    },
  };
}

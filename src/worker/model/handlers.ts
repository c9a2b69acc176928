import type { DevicePreference } from '../../core/device';
import type { ModelCheck, ModelRequests } from '../../core/protocol';
import { transfer, type Handlers } from '../../core/rpc';
import type { ModelChoice } from '../../core/settings';
import type { Tagger } from './tagger';

/** Which models this browser could load without a download (model-cache.ts in the worker). */
export type CheckModels = (models: readonly ModelChoice[], devicePreference: DevicePreference) => Promise<ModelCheck>;

/** The model files this browser keeps (Cache Storage in the worker): which models they make, and forgetting them. */
export interface ModelFiles {
  check: CheckModels;
  forget: () => Promise<void>;
}

/** The model worker's answer to each request: the tagger does the work, buffers it hands back are moved. */
export function modelHandlers(tagger: Tagger, modelFiles: ModelFiles): Handlers<ModelRequests> {
  return {
    load: (params, { signal, emit }) => tagger.load(params, signal, emit),
    'add-photos': ({ photos }, { signal, emit }) =>
      tagger.addPhotos(photos, signal, (outcome) =>
        emit(
          outcome,
          outcome.status === 'encoded'
            ? [outcome.embedding.buffer, ...(outcome.ranking ? [outcome.ranking.probabilities.buffer] : [])]
            : [],
        ),
      ),
    rank: async (request, { signal, emit }) => {
      const snapshot = await tagger.rank(request, signal, (progress) =>
        emit(progress, progress.provisional ? [progress.provisional.probabilities.buffer] : []),
      );
      return transfer(snapshot, [snapshot.probabilities.buffer]);
    },
    evaluate: (request, { signal, emit }) => tagger.evaluate(request, signal, emit),
    'remove-photos': ({ photoIds }) => {
      tagger.removePhotos(photoIds);
      return null;
    },
    'restore-photos': ({ photos }) => ({ restored: tagger.restorePhotos(photos) }),
    search: async ({ prompts }, { signal }) => {
      const result = await tagger.search(prompts, signal);
      return transfer(result, [result.similarities.buffer]);
    },
    stats: () => tagger.getStats(),
    'check-models': ({ models, devicePreference }) => modelFiles.check(models, devicePreference),
    'forget-stored-data': async () => {
      await Promise.all([tagger.forgetStoredEmbeddings(), modelFiles.forget()]);
      return null;
    },
    'model-input': async ({ photo }, { signal }) => {
      const input = await tagger.modelInput(photo, signal);
      return transfer(input, [input.pixelValues.buffer]);
    },
  };
}

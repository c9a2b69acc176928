import { env } from '@huggingface/transformers';
import { DTYPE_FILE_SUFFIX, type Dtype } from '../../core/device';
import { modelFileProblem } from '../../core/model-files';
import { SIDE_FILES, encoderFiles, modelFileUrl, type ModelSource } from '../../core/source';

/** transformers.js's Cache Storage, or null where storage is off or blocked (then nothing is cached). */
export async function openModelCache(): Promise<Cache | null> {
  try {
    return await caches.open(env.cacheKey);
  } catch {
    return null;
  }
}

/** A model file that was not what its name says, and why. */
export interface DamagedFile {
  file: string;
  problem: string;
}

/** Every file of a model repo that a load may keep: the side files and both encoders at every dtype. */
function modelFiles(): string[] {
  const dtypes = Object.keys(DTYPE_FILE_SUFFIX) as Dtype[];
  return [...SIDE_FILES, ...dtypes.flatMap((dtype) => encoderFiles(dtype))];
}

/**
 * transformers.js's Cache Storage, keeping only files that are what their names say: a web page served
 * as config.json or an .onnx cut short is turned away at `put` (transformers.js then carries on without
 * caching it) and remembered, so the load's failure can name it.
 */
class CheckedModelCache {
  /** Files turned away since the current load began, by address. */
  private readonly turnedAway = new Map<string, string>();

  async match(url: string): Promise<Response | undefined> {
    return (await openModelCache())?.match(url);
  }

  async put(url: string, response: Response): Promise<void> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const problem = modelFileProblem(url.split(/[?#]/, 1)[0]!, bytes);
    if (problem) {
      this.turnedAway.set(url, problem);
      throw new Error(`${url} ${problem}; it was not kept.`);
    }
    await (
      await openModelCache()
    )?.put(url, new Response(bytes, { status: response.status, headers: response.headers }));
  }

  async delete(url: string): Promise<boolean> {
    return (await openModelCache())?.delete(url) ?? false;
  }

  /** A load begins: what earlier loads turned away no longer says anything about this one. */
  beginLoad(): void {
    this.turnedAway.clear();
  }

  /**
   * After a failed load: forgets every file of the model this browser kept, so that Try again downloads
   * them anew, and names the first that was not what its name says, kept before or turned away now.
   */
  async evictModel(source: ModelSource, model: string): Promise<DamagedFile | null> {
    const cache = await openModelCache();
    let damaged: DamagedFile | null = null;
    for (const file of modelFiles()) {
      const url = modelFileUrl(source, model, file);
      const turnedAway = this.turnedAway.get(url);
      const kept = await cache?.match(url);
      const problem = turnedAway ?? (kept ? modelFileProblem(file, new Uint8Array(await kept.arrayBuffer())) : null);
      damaged ??= problem ? { file, problem } : null;
      if (kept) await cache?.delete(url);
    }
    return damaged;
  }
}

export const modelFileCache = new CheckedModelCache();

/** Forgets every model file this browser keeps (the demo's too); a loaded model keeps running. */
export async function forgetModelFiles(): Promise<void> {
  try {
    await caches.delete(env.cacheKey);
  } catch {
    // Storage that is off or blocked keeps nothing to forget.
  }
}
env.useCustomCache = true;
env.customCache = modelFileCache;

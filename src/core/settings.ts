import { DEFAULT_MODEL_ID, DEMO_MODEL_ID } from './catalog';
import { HUB_HOST, InvalidHostError, hubLayoutSource, type ModelSource } from './source';

/** Which model to load and from where. */
export interface ModelChoice {
  model: string;
  source: ModelSource;
}

/** The built-in demo model lives in the app's own build under `models/{model}/`. */
export function builtInSource(appBaseUrl: string): ModelSource {
  return { host: new URL('models/', appBaseUrl).href, pathTemplate: '{model}/' };
}

export interface StartupInputs {
  /** The page's query string: `?model=` and `?host=` override everything else. */
  search: string;
  /** The host the user saved in settings, if any. */
  savedHost: string | null;
  /** A host baked in at build time (VITE_MODEL_HOST), if any. */
  buildHost: string | undefined;
  appBaseUrl: string;
}

/**
 * The model and host to start with. A host comes from the URL, else the saved setting, else the build,
 * else the Hugging Face Hub; the demo model comes from the build unless a host is named in the URL.
 */
export function startupChoice(inputs: StartupInputs): { choice: ModelChoice; hostError: string | null } {
  const params = new URLSearchParams(inputs.search);
  const model = params.get('model')?.trim() || DEFAULT_MODEL_ID;
  const urlHost = params.get('host');
  if (model === DEMO_MODEL_ID && !urlHost)
    return { choice: { model, source: builtInSource(inputs.appBaseUrl) }, hostError: null };
  for (const candidate of [urlHost, inputs.savedHost, inputs.buildHost]) {
    if (!candidate) continue;
    try {
      return { choice: { model, source: hubLayoutSource(candidate) }, hostError: null };
    } catch (error) {
      if (!(error instanceof InvalidHostError)) throw error;
      return { choice: { model, source: hubLayoutSource(HUB_HOST) }, hostError: error.message };
    }
  }
  return { choice: { model, source: hubLayoutSource(HUB_HOST) }, hostError: null };
}

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
  /** The model the user last loaded, if any. */
  savedModel: string | null;
  /** A host baked in at build time (VITE_MODEL_HOST), if any. */
  buildHost: string | undefined;
  appBaseUrl: string;
}

export interface Startup {
  choice: ModelChoice;
  /** Where models other than the built-in demo come from. */
  hubSource: ModelSource;
  hostError: string | null;
  /**
   * The page's address names the model: that is a request to load it, not just a preference. Not when
   * the address also names a host that is not usable: the model is then loaded from nowhere else.
   */
  explicit: boolean;
}

/** The Hub, or the first valid mirror named in the URL, the settings or the build. */
function hubFrom(inputs: StartupInputs, urlHost: string | null): { source: ModelSource; hostError: string | null } {
  for (const candidate of [urlHost, inputs.savedHost, inputs.buildHost]) {
    if (!candidate) continue;
    try {
      return { source: hubLayoutSource(candidate, inputs.buildHost ? [inputs.buildHost] : []), hostError: null };
    } catch (error) {
      if (!(error instanceof InvalidHostError)) throw error;
      const where = candidate === urlHost ? 'in the page address' : 'in Model settings';
      return {
        source: hubLayoutSource(HUB_HOST),
        hostError: `The model host ${where} cannot be used: ${error.problem}. Nothing was loaded; correct the address, or choose a model below, which comes from huggingface.co.`,
      };
    }
  }
  return { source: hubLayoutSource(HUB_HOST), hostError: null };
}

/**
 * The model and host to start with. The model comes from the URL, else the one last loaded, else the
 * default. A host comes from the URL, else the saved setting, else the build, else the Hugging Face
 * Hub; the demo model comes from the build unless a host is named in the URL.
 */
export function startupChoice(inputs: StartupInputs): Startup {
  const params = new URLSearchParams(inputs.search);
  const urlModel = params.get('model')?.trim();
  const model = urlModel || inputs.savedModel || DEFAULT_MODEL_ID;
  const urlHost = params.get('host');
  const { source: hubSource, hostError } = hubFrom(inputs, urlHost);
  const source = model === DEMO_MODEL_ID && !urlHost ? builtInSource(inputs.appBaseUrl) : hubSource;
  return { choice: { model, source }, hubSource, hostError, explicit: Boolean(urlModel) && !hostError };
}

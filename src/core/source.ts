import { allowsModelHost } from './content-policy';
import { DTYPE_FILE_SUFFIX, type Dtype } from './device';

/** Where model files come from: a host and the path layout under it, as transformers.js fills them in. */
export interface ModelSource {
  host: string;
  pathTemplate: string;
}

/** The Hugging Face Hub, and any mirror that copies its `/{model}/resolve/{revision}/` layout. */
export const HUB_PATH_TEMPLATE = '{model}/resolve/{revision}/';
export const HUB_HOST = 'https://huggingface.co/';

/** A host that is not an http(s) address; `problem` says what is wrong without the advice. */
export class InvalidHostError extends Error {
  override name = 'InvalidHostError';
  constructor(readonly problem: string) {
    super(`${problem}. Enter one like ${HUB_HOST}`);
  }
}

/** Checks a user-typed model host and gives it the trailing slash transformers.js expects. */
export function normalizeHost(input: string): string {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidHostError(`"${trimmed}" is not a web address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidHostError(`"${trimmed}" is not an http(s) address`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * A mirror of the Hub at `host`, with the Hub's own path layout. The page's content security policy
 * lets it reach only the Hub, this computer and the `trusted` hosts it was built with, so any other
 * host is refused here, with a message, rather than failing every download.
 */
export function hubLayoutSource(host: string, trusted: readonly string[] = []): ModelSource {
  const normalized = normalizeHost(host);
  if (!allowsModelHost(normalized, trusted)) {
    const { host: name, origin } = new URL(normalized);
    throw new InvalidHostError(
      `This copy of cliptag may download models only from huggingface.co, from this computer or from the host it was built for: its content security policy keeps every other address out, so nothing on the page can send your photos elsewhere. To use ${name}, build the app with VITE_MODEL_HOST=${origin}/`,
    );
  }
  return { host: normalized, pathTemplate: HUB_PATH_TEMPLATE };
}

/** The host's name as a person would say it, for messages: "huggingface.co", "127.0.0.1:8080". */
export function hostLabel(source: ModelSource): string {
  return new URL(source.host).host;
}

/** A file's address in a model repo, as transformers.js builds it: also its key in Cache Storage. */
export function modelFileUrl(source: ModelSource, model: string, file: string, revision = 'main'): string {
  const repo = source.pathTemplate.replaceAll('{model}', model).replaceAll('{revision}', encodeURIComponent(revision));
  const parts = [source.host.replace(/\/+$/, ''), repo.replace(/^\/+|\/+$/g, ''), file.replace(/^\/+/, '')];
  return parts.filter((part) => part.length > 0).join('/');
}

/** Files every CLIP repo needs besides its two ONNX encoders. */
export const SIDE_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json'];

/** The two ONNX encoders of a repo at one dtype, named as transformers.js looks for them. */
export function encoderFiles(dtype: Dtype): string[] {
  const suffix = DTYPE_FILE_SUFFIX[dtype];
  return [`onnx/text_model${suffix}.onnx`, `onnx/vision_model${suffix}.onnx`];
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The toy CLIP's reference outputs, computed by PyTorch (tools/toy-clip), that the app must reproduce. */
export interface ToyReference {
  model: string;
  image_size: number;
  logit_scale: number;
  prompts: Array<{ label: string; text: string; input_ids: number[] }>;
  /** `tag_probs`: PyTorch's "tag all that apply" probability of each prompt's label, in the prompts' order. */
  probes: Array<{
    file: string;
    width: number;
    height: number;
    true_label: string;
    probs: number[];
    argmax: number;
    tag_probs: number[];
  }>;
  /** Demo photos of several shapes: the shapes they show, and the labels PyTorch tags at the default threshold. */
  scene_probes: Array<{ file: string; labels: string[]; tagged: string[]; tag_probs: number[] }>;
  /** Photos of a shape the toy never saw, for a label whose shape word it does not know, and zero-shot's top label for each. */
  teach: { label: string; unknown_word: string; photos: Array<{ file: string; zero_shot_top: string }> };
}

export const REFERENCE_DIR = fileURLToPath(new URL('../fixtures/reference/toy-clip/', import.meta.url));

export function loadReference(): ToyReference {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}reference.json`, 'utf8')) as ToyReference;
}

export function probePath(file: string): string {
  return `${REFERENCE_DIR}probes/${file.replace(/^probes\//, '')}`;
}

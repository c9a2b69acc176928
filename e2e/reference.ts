import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The toy CLIP's reference outputs, computed by PyTorch (tools/toy-clip), that the app must reproduce. */
export interface ToyReference {
  model: string;
  image_size: number;
  logit_scale: number;
  prompts: Array<{ label: string; text: string; input_ids: number[] }>;
  probes: Array<{ file: string; width: number; height: number; true_label: string; probs: number[]; argmax: number }>;
}

export const REFERENCE_DIR = fileURLToPath(new URL('../fixtures/reference/toy-clip/', import.meta.url));

export function loadReference(): ToyReference {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}reference.json`, 'utf8')) as ToyReference;
}

export function probePath(file: string): string {
  return `${REFERENCE_DIR}probes/${file.replace(/^probes\//, '')}`;
}

/** Types for make-tokenizer.mjs, which node runs as it is (make.py calls it too). */
export const MERGES_FILE: string;
export const START_OF_TEXT: '<|startoftext|>';
export const END_OF_TEXT: '<|endoftext|>';
export const CONTEXT_LENGTH: number;
export function readMerges(file?: string): [string, string][];
export function clipTokenizerFiles(merges?: [string, string][]): Record<string, Record<string, unknown>>;
export function writeClipTokenizer(dir: string): string[];

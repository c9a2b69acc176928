// The real CLIP tokenizer through the app's own text path (clean-up, transformers.js, token packing) against
// the ids of OpenAI's tokenizer, which CLIP was trained with, on the committed corpus.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEXT_RULES, textInputs } from '../../src/worker/model/text-inputs';
import { readJson, useLocalModels } from '../toy-clip/test-helpers';
import { CONTEXT_LENGTH, END_OF_TEXT, START_OF_TEXT, writeClipTokenizer } from './make-tokenizer.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MODELS_ROOT = join(ROOT, '.cache/clip-tokenizer');
const MODEL_ID = 'openai/clip-vit-base-patch32';
const BATCH = 64;

interface ReferenceText {
  kind: 'imagenet' | 'edge' | 'long';
  text: string;
  /** OpenAI's ids, start and end of text included, cut to 77 with the end kept. */
  openai: number[];
  /** Hugging Face's ids, only where they differ from OpenAI's. */
  hf?: number[];
}
const ref = readJson<{
  make_tokenizer_matches_transformers: boolean;
  context_length: number;
  counts: { texts: number; disagreements: number };
  texts: ReferenceText[];
}>(join(ROOT, 'fixtures/reference/clip-tokenizer/reference.json'));

/**
 * Where the app knowingly gives Hugging Face's ids (the Hub tokenizer.json's) rather than OpenAI's, and why
 * (core/clip-text says what its clean-up leaves out).
 */
const FOLLOWS_HF = new Map([
  ['cafÃ©', "mojibake: ftfy's repair of text decoded with the wrong encoding is a heuristic too large to port"],
  ['&checkmark; &Jscr;', 'named HTML entities outside the two hundred or so core/clip-text knows'],
]);

let tokenizer: PreTrainedTokenizer;

/** Each text's ids as the app feeds the text encoder: its batch row, up to the attention mask's end. */
function appIds(texts: readonly string[]): number[][] {
  const rows: number[][] = [];
  for (let start = 0; start < texts.length; start += BATCH) {
    const batch = texts.slice(start, start + BATCH);
    const { input_ids, attention_mask } = textInputs(tokenizer, batch, TEXT_RULES.clip);
    const [count, length] = input_ids.dims as [number, number];
    const ids = Array.from(input_ids.data as BigInt64Array, Number);
    const mask = Array.from(attention_mask.data as BigInt64Array, Number);
    for (let row = 0; row < count; row++) {
      const used = mask.slice(row * length, (row + 1) * length).filter(Boolean).length;
      const padding = ids.slice(row * length + used, (row + 1) * length);
      if (padding.some((id) => id !== tokenizer.pad_token_id))
        throw new Error(`Row ${row} is not padded with pad ids.`);
      rows.push(ids.slice(row * length, row * length + used));
    }
  }
  return rows;
}

beforeAll(async () => {
  writeClipTokenizer(join(MODELS_ROOT, MODEL_ID));
  useLocalModels(MODELS_ROOT);
  tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
});

describe('the real CLIP tokenizer (made from OpenAI merges) in transformers.js', () => {
  it('has CLIP vocabulary, special tokens and context', () => {
    expect(ref.make_tokenizer_matches_transformers).toBe(true);
    expect(tokenizer.get_vocab().size).toBe(49408);
    expect(tokenizer.convert_tokens_to_ids([START_OF_TEXT, END_OF_TEXT])).toEqual([49406, 49407]);
    expect(tokenizer.pad_token_id).toBe(49407);
    expect(tokenizer.model_max_length).toBe(CONTEXT_LENGTH);
    expect(ref.context_length).toBe(CONTEXT_LENGTH);
  });

  it("gives OpenAI's ids for every text of the corpus through the app's text path", () => {
    expect(ref.texts.length).toBeGreaterThanOrEqual(1000);
    const ours = appIds(ref.texts.map((entry) => entry.text));
    const differing = ref.texts.flatMap((entry, index) => {
      const expected = FOLLOWS_HF.has(entry.text) ? entry.hf! : entry.openai;
      const got = ours[index]!;
      return JSON.stringify(got) === JSON.stringify(expected)
        ? []
        : [`${JSON.stringify(entry.text)}\n  expected ${JSON.stringify(expected)}\n  app      ${JSON.stringify(got)}`];
    });
    expect(differing, `${differing.length} of ${ref.texts.length} texts differ:\n${differing.join('\n')}`).toEqual([]);
  });

  it('keeps the end of text last when a text is longer than the context', () => {
    const long = ref.texts.filter((entry) => entry.openai.length === CONTEXT_LENGTH);
    expect(long.length).toBeGreaterThanOrEqual(5);
    for (const row of appIds(long.map((entry) => entry.text))) {
      expect(row).toHaveLength(CONTEXT_LENGTH);
      expect(row.at(-1)).toBe(49407);
    }
  });

  it('the texts where the app follows Hugging Face are still ones where the references disagree', () => {
    for (const text of FOLLOWS_HF.keys()) expect(ref.texts.find((entry) => entry.text === text)?.hf).toBeDefined();
  });
});

import { Tensor, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { ModelFamily } from '../../core/catalog';
import { cleanClipText } from '../../core/clip-text';
import { packTokenIds } from '../../core/tokens';

/** How a family's prompts become token ids beyond what its tokenizer.json does. */
export interface TextRules {
  /** Pad a batch to its longest prompt (CLIP), or to the whole context (SigLIP, trained that way). */
  padding: 'longest' | 'max';
  /** The clean-up the family's own tokenizer did in training, which the Hub's tokenizer.json leaves out. */
  clean: (prompt: string) => string;
}

export const TEXT_RULES: Record<ModelFamily, TextRules> = {
  // Padding CLIP to 77 tokens made text encoding 8x slower; OpenAI's tokenizer ran ftfy and unescaped HTML.
  clip: { padding: 'longest', clean: cleanClipText },
  // SigLIP pools the last token and was trained on text padded to its full length.
  siglip: { padding: 'max', clean: (prompt) => prompt },
};

/**
 * The text encoder's inputs for a batch of prompts, cleaned as the family was trained, tokenised by the
 * model's own tokenizer and packed by core/tokens: a prompt longer than the context keeps its end token,
 * which a plain cut would drop.
 */
export function textInputs(
  tokenizer: PreTrainedTokenizer,
  prompts: readonly string[],
  rules: TextRules,
): { input_ids: Tensor; attention_mask: Tensor } {
  const sequences = prompts.map((prompt) => tokenizer.encode(rules.clean(prompt)));
  // A tokenizer without model_max_length sets no limit: nothing is cut, and "max" means the longest.
  const maxLength = tokenizer.model_max_length as number;
  const context = Number.isFinite(maxLength) ? maxLength : Math.max(1, ...sequences.map((ids) => ids.length));
  const packed = packTokenIds(sequences, context, tokenizer.pad_token_id ?? 0, rules.padding);
  const dims = [packed.rows, packed.length];
  return {
    input_ids: new Tensor('int64', packed.inputIds, dims),
    attention_mask: new Tensor('int64', packed.attentionMask, dims),
  };
}

import { Tensor, type PreTrainedTokenizer } from '@huggingface/transformers';
import { packTokenIds } from '../../core/tokens';

/** How a family pads a batch: to its longest prompt (CLIP), or to the whole context (SigLIP, trained that way). */
export type TextPadding = 'longest' | 'max';

/**
 * The text encoder's inputs for a batch of prompts, tokenised by the model's own tokenizer and packed by
 * core/tokens: a prompt longer than the context keeps its end token, which a plain cut would drop.
 */
export function textInputs(
  tokenizer: PreTrainedTokenizer,
  prompts: readonly string[],
  padding: TextPadding,
): { input_ids: Tensor; attention_mask: Tensor } {
  const sequences = prompts.map((prompt) => tokenizer.encode(prompt));
  // A tokenizer without model_max_length sets no limit: nothing is cut, and "max" means the longest.
  const maxLength = tokenizer.model_max_length as number;
  const context = Number.isFinite(maxLength) ? maxLength : Math.max(1, ...sequences.map((ids) => ids.length));
  const packed = packTokenIds(sequences, context, tokenizer.pad_token_id ?? 0, padding);
  const dims = [packed.rows, packed.length];
  return {
    input_ids: new Tensor('int64', packed.inputIds, dims),
    attention_mask: new Tensor('int64', packed.attentionMask, dims),
  };
}

// Builds the real CLIP tokenizer, laid out like a Hugging Face Hub CLIP repo (tokenizer.json,
// tokenizer_config.json, special_tokens_map.json), from OpenAI's BPE merges file
// (fixtures/tokenizers/openai-clip/bpe_simple_vocab_16e6.txt.gz). The vocabulary is derived from the merges,
// so the 1.3 MB .gz is all that is committed; the 1.7 MB tokenizer.json is made when a test or a model needs it.
//   node tools/clip-tokenizer/make-tokenizer.mjs OUT_DIR
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const MERGES_FILE = fileURLToPath(
  new URL('../../fixtures/tokenizers/openai-clip/bpe_simple_vocab_16e6.txt.gz', import.meta.url),
);

export const START_OF_TEXT = '<|startoftext|>';
export const END_OF_TEXT = '<|endoftext|>';
/** CLIP's context: 77 positions, start and end of text included. */
export const CONTEXT_LENGTH = 77;
/** CLIP uses the first 49,152 - 256 - 2 merges: 256 bytes, 256 word-final bytes, the merges and 2 specials. */
const MERGE_COUNT = 49152 - 256 - 2;
/** The split CLIP's tokenizer.json pre-tokenizes with (the special tokens, contractions, letters, one digit, other runs). */
const SPLIT_PATTERN = String.raw`<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+`;

/** GPT-2's byte-to-character table: printable Latin-1 bytes stand for themselves, the rest from U+0100 up. */
function byteCharacters() {
  const printable = (byte) => (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
  const ordered = [];
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) if (printable(byte)) ordered.push(String.fromCodePoint(byte));
  for (let byte = 0; byte < 256; byte++) if (!printable(byte)) ordered.push(String.fromCodePoint(256 + shifted++));
  return ordered;
}

/** The merges in rank order, each a pair of symbols, read from OpenAI's gzipped merges file. */
export function readMerges(file = MERGES_FILE) {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  // The first line is a version header; lines past MERGE_COUNT were never used in training.
  return lines.slice(1, MERGE_COUNT + 1).map((line) => {
    const pair = line.split(' ');
    if (pair.length !== 2) throw new Error(`Not a merge: ${JSON.stringify(line)} in ${file}`);
    return pair;
  });
}

/** The tokenizer files of a Hub CLIP repo, as objects ready to be written as JSON. */
export function clipTokenizerFiles(merges = readMerges()) {
  const bytes = byteCharacters();
  const tokens = [
    ...bytes,
    ...bytes.map((symbol) => `${symbol}</w>`),
    ...merges.map((pair) => pair.join('')),
    START_OF_TEXT,
    END_OF_TEXT,
  ];
  const vocab = Object.fromEntries(tokens.map((token, id) => [token, id]));
  if (Object.keys(vocab).length !== tokens.length) throw new Error('The merges produce a token twice.');
  const special = (content) => ({
    id: vocab[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(START_OF_TEXT), special(END_OF_TEXT)],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFC' },
        { type: 'Replace', pattern: { Regex: String.raw`\s+` }, content: ' ' },
        { type: 'Lowercase' },
      ],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: SPLIT_PATTERN }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      ],
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: [END_OF_TEXT, vocab[END_OF_TEXT]],
      cls: [START_OF_TEXT, vocab[START_OF_TEXT]],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: END_OF_TEXT,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
  const tokenizerConfig = {
    add_prefix_space: false,
    bos_token: START_OF_TEXT,
    do_lower_case: true,
    eos_token: END_OF_TEXT,
    errors: 'replace',
    model_max_length: CONTEXT_LENGTH,
    pad_token: END_OF_TEXT,
    tokenizer_class: 'CLIPTokenizer',
    unk_token: END_OF_TEXT,
  };
  const specialTokensMap = {
    bos_token: START_OF_TEXT,
    eos_token: END_OF_TEXT,
    pad_token: END_OF_TEXT,
    unk_token: END_OF_TEXT,
  };
  return {
    'tokenizer.json': tokenizer,
    'tokenizer_config.json': tokenizerConfig,
    'special_tokens_map.json': specialTokensMap,
  };
}

/** Writes the three tokenizer files into `dir` (made if missing) and returns their names. */
export function writeClipTokenizer(dir) {
  mkdirSync(dir, { recursive: true });
  const files = clipTokenizerFiles();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  return Object.keys(files);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node tools/clip-tokenizer/make-tokenizer.mjs OUT_DIR');
    process.exit(2);
  }
  console.log(`wrote ${writeClipTokenizer(dir).join(', ')} in ${dir}`);
}

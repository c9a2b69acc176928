"""The project's own word-level tokenizer, written as a Hugging Face tokenizers `tokenizer.json`.

Layout of ids: 0 = <|unk|>, 1..n = words, then (optionally) unused filler ids, then
<|startoftext|> and <|endoftext|> as the two highest ids (EOS = highest, like CLIP; pad = EOS).

The Python encoder below reproduces what transformers.js 4.3.x does with this tokenizer.json:
Lowercase normalizer -> Whitespace pre-tokenizer (JS regex /\\w+|[^\\w\\s]+/g, ASCII \\w) ->
word lookup (unknown -> <|unk|>) -> TemplateProcessing (<|startoftext|> $A <|endoftext|>) ->
truncation to model_max_length by cutting the tail (transformers.js truncates AFTER adding the
special tokens, so an over-long text loses its <|endoftext|>) -> right padding with <|endoftext|>.
"""
import re

UNK, BOS, EOS = "<|unk|>", "<|startoftext|>", "<|endoftext|>"
_SPLIT = re.compile(r"[A-Za-z0-9_]+|[^A-Za-z0-9_\s]+")


class WordTokenizer:
    def __init__(self, words, context_length, vocab_size=None):
        vocab = {UNK: 0}
        for w in words:
            if w not in vocab:
                vocab[w] = len(vocab)
        n = len(vocab) + 2
        if vocab_size is None:
            vocab_size = n
        if vocab_size < n:
            raise ValueError("vocab_size too small")
        for i in range(vocab_size - n):
            vocab[f"<|unused{i}|>"] = len(vocab)
        vocab[BOS] = len(vocab)
        vocab[EOS] = len(vocab)
        self.vocab = vocab
        self.words = list(words)
        self.context_length = context_length
        self.unk_id, self.bos_id, self.eos_id = vocab[UNK], vocab[BOS], vocab[EOS]
        self.pad_id = self.eos_id
        self.vocab_size = len(vocab)

    def encode(self, text):
        pieces = _SPLIT.findall(text.lower())
        ids = [self.bos_id] + [self.vocab.get(p, self.unk_id) for p in pieces] + [self.eos_id]
        return ids[: self.context_length]

    def batch(self, texts):
        """padding=True, truncation=True: pad to the longest (capped at context_length)."""
        enc = [self.encode(t) for t in texts]
        T = max(len(e) for e in enc)
        ids = [e + [self.pad_id] * (T - len(e)) for e in enc]
        mask = [[1] * len(e) + [0] * (T - len(e)) for e in enc]
        return ids, mask

    def tokenizer_json(self):
        def added(tok, id_):
            return {"id": id_, "content": tok, "single_word": False, "lstrip": False, "rstrip": False,
                    "normalized": False, "special": True}

        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [added(UNK, self.unk_id), added(BOS, self.bos_id), added(EOS, self.eos_id)],
            "normalizer": {"type": "Lowercase"},
            "pre_tokenizer": {"type": "Whitespace"},
            "post_processor": {
                "type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                           {"SpecialToken": {"id": EOS, "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": EOS, "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                         {"SpecialToken": {"id": EOS, "type_id": 1}}],
                "special_tokens": {
                    BOS: {"id": BOS, "ids": [self.bos_id], "tokens": [BOS]},
                    EOS: {"id": EOS, "ids": [self.eos_id], "tokens": [EOS]},
                },
            },
            "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
            "model": {"type": "WordLevel", "vocab": self.vocab, "unk_token": UNK},
        }

    def tokenizer_config(self):
        def tok(t):
            return {"__type": "AddedToken", "content": t, "lstrip": False, "normalized": False,
                    "rstrip": False, "single_word": False, "special": True}

        return {
            "tokenizer_class": "CLIPTokenizer",
            "model_max_length": self.context_length,
            "bos_token": BOS,
            "eos_token": EOS,
            "pad_token": EOS,
            "unk_token": UNK,
            "do_lower_case": True,
            "clean_up_tokenization_spaces": False,
            "padding_side": "right",
            "added_tokens_decoder": {
                str(self.unk_id): tok(UNK), str(self.bos_id): tok(BOS), str(self.eos_id): tok(EOS)},
        }

    def special_tokens_map(self):
        return {"bos_token": BOS, "eos_token": EOS, "pad_token": EOS, "unk_token": UNK}

"""Reference token ids for the real CLIP tokenizer, from OpenAI's tokenizer and Hugging Face's.

  python3 -m venv .cache/tokenizer-venv
  .cache/tokenizer-venv/bin/pip install ftfy regex transformers tokenizers
  .cache/tokenizer-venv/bin/python tools/clip-tokenizer/reference.py --openai-clip DIR

DIR is a checkout of github.com/openai/CLIP (MIT): its clip/simple_tokenizer.py is the tokenizer CLIP was
trained with, and its ImageNet notebook holds the 80 prompt templates and 1,000 class names of the corpus.
Writes fixtures/reference/clip-tokenizer/reference.json: for each text, the 77-token sequences of
  openai: <|startoftext|> + SimpleTokenizer.encode(text) + <|endoftext|>, cut to 77 with <|endoftext|> kept
          last (clip.tokenize(..., truncate=True));
  hf:     transformers' CLIPTokenizer (the tokenizers library, built from the same merges) with
          truncation=True, max_length=77, which is what a Hub repo's tokenizer.json gives.
It also checks that tools/clip-tokenizer/make-tokenizer.mjs writes the tokenizer.json transformers writes.
"""
import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
MERGES_GZ = os.path.join(ROOT, "fixtures", "tokenizers", "openai-clip", "bpe_simple_vocab_16e6.txt.gz")
OUT = os.path.join(ROOT, "fixtures", "reference", "clip-tokenizer", "reference.json")
CONTEXT = 77

try:
    import ftfy
    import regex  # noqa: F401  (simple_tokenizer imports it)
    import tokenizers
    import transformers
    from transformers import CLIPTokenizer
except ImportError as error:
    sys.exit(f"{error.name} is missing: run this with a venv that has ftfy, regex, transformers and tokenizers "
             "(see the docstring).")

# Labels people type that the ImageNet prompts never hold: scripts, emoji, spacing, punctuation, entities.
EDGE_CASES = [
    # accents, composed and decomposed, and case
    "café", "cafe\u0301", "Crème Brûlée", "naïve art", "Ångström", "São Paulo", "Zürich at night", "ÉLÉPHANT",
    "piñata", "smørrebrød", "Dvořák", "Łódź", "ΟΔΟΣ", "straße", "STRASSE", "İstanbul", "ǅemal",
    # scripts without Latin letters
    "猫", "一只猫的照片", "東京タワー", "ｶﾀｶﾅ", "김치찌개", "日本語のテキストです", "кошка на диване", "Москва",
    "γάτα", "قطة على الأريكة", "חתול על הספה", "گربه", "बिल्ली", "แมวบนโซฟา", "ქართული", "Ἀθῆναι",
    "a photo of a 猫.", "a photo of a قطة.", "mixed עברית and English",
    # emoji
    "🐶", "a photo of a 🐶.", "👨‍👩‍👧 family", "🇫🇷 flag", "👍🏽", "❤️ love", "🏳️‍🌈", "dog🐕dog", "☕ coffee",
    # punctuation runs and symbols
    "!!!", "wow!!!", "what?!?", "...", "end...", "a--b", "—", "dog — cat", "***", "(boxer)", "[tag]", "{x}",
    "#hashtag", "@user", "e-mail", "e.g.", "rock & roll", "50/50", "C++", "C#", "a_b", "~tilde~", "100%",
    "$5", "€10", "£", "©2024", "™", "•bullet", "«quote»", "„quote“", "¿qué?", "¡hola!", ":)", "<3", "->",
    # numbers
    "2024", "3.14159", "1,000,000", "10x", "4k", "ver 2.0", "½ cup", "x²", "٣ cats", "१२", "Ⅻ", "１２３",
    "phone 555-1234", "12:30", "1st 2nd 3rd 4th",
    # apostrophes and contractions
    "it's", "It'S", "dog's toy", "'s", "'t", "the dogs' toys", "don't", "DON'T", "I'm", "you're", "we've",
    "she'll", "he'd", "rock 'n' roll", "''", "'quoted'", "it’s", "dog’s toy", "‘single’", "“double”",
    '"double"', "o'clock", "'tis",
    # whitespace
    "  leading", "trailing  ", "many     spaces", "tab\tseparated", "new\nline", "two\n\nlines", "crlf\r\nline",
    "non\u00a0breaking", "ideographic\u3000space", "zero\u200bwidth", "line\u2028separator", "next\u0085line",
    "bom\ufefftext", "thin\u2009space", "en\u2002space", "", " ", "\n\t ",
    # HTML entities and markup
    "rock &amp; roll", "&amp;", "&amp;amp;", "&lt;b&gt;", "&quot;hi&quot;", "it&#39;s", "caf&eacute;",
    "&nbsp;", "&#x1F436;", "&copy; 2024", "AT&T", "<b>bold</b> &amp; more", "fish &amp chips",
    "&amp;lt;3", "&eacute", "caf&eacutex", "&ampx", "&AMP; &LT; &COPY;", "&hellip; &mdash; &rsquo;",
    "&#150; &#x96; &#129;", "&#0; &#xD800; &#13; &#65534; &#1114112;", "&#8217;s", "&unknown; &", "&&amp;&",
    "&hearts; &rarr; &alpha;", "&frac12; cup", "&Eacute;COLE", "&EACUTE;COLE", "STRA&SZLIG;E", "&ntilde; &NTILDE; &nTILDE;",
    "&amp;rsquo;s", "<3 &rsquo;s", "x &lt; y &amp;&amp; &#x3C;b&#x3E;", "&Sigma;&sigma;&sigmaf;", "&checkmark; &Jscr;",
    # C1 controls, ligatures, widths, quotes and escapes ftfy fixes
    "en\x96dash", "odd\x81byte", "\x93quoted\x94", "ﬀ ﬃ ﬄ ﬅ ﬆ", "Ĳsselmeer", "ŉ", "ǈubljana", "ｈｅｌｌｏ！？",
    "ﾡﾢ", "ʼokina", "‛reversed‟", "\x1b[31mred\x1b[0m", "paragraph\u2029separator", "tag\u206atext",
    "obj\ufffcect",
    # text that ftfy repairs
    "cafÃ©", "ﬁsh and ﬂowers", "Ｆｕｌｌｗｉｄｔｈ", "bell\x07char", "soft\u00adhyphen",
    # the special tokens written in the text
    "<|endoftext|>", "a photo of <|startoftext|> a dog", "<|ENDOFTEXT|>",
]


def long_texts():
    """Texts longer than the 77-token context, and texts at its edge."""
    texts = [
        "a photo of a " + "very " * 80 + "big dog.",
        " ".join(f"word{i}" for i in range(60)),
        "一只非常非常可爱的小猫坐在窗边看着外面的雨" * 3,
        "🐶" * 40,
        "This is a long caption that describes a photo in great detail: a golden retriever is lying on a "
        "red and white checkered blanket in a sunny park, next to a wicker basket full of apples, oranges, "
        "bananas and sandwiches, while two children play frisbee in the background under tall oak trees "
        "and a few clouds drift across the blue summer sky.",
    ]
    # "a" is one token: n of them make n + 2 tokens with the start and end of text.
    texts += [" ".join(["a"] * n) for n in range(73, 79)]
    return texts


def imagenet_prompts(notebook):
    """Each of the 1,000 ImageNet class names under two of the 80 templates, every template used."""
    cells = json.load(open(notebook, encoding="utf-8"))["cells"]
    found = {}
    for cell in cells:
        # Only the cells that define the lists: others hold shell escapes Python cannot parse.
        if cell["cell_type"] != "code" or not "".join(cell["source"]).startswith("imagenet_"):
            continue
        for node in ast.parse("".join(cell["source"])).body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                found[node.targets[0].id] = node.value
    classes, templates = (ast.literal_eval(found[name]) for name in ("imagenet_classes", "imagenet_templates"))
    assert len(classes) == 1000 and len(templates) == 80, (len(classes), len(templates))
    return [templates[(i + shift) % len(templates)].format(name)
            for i, name in enumerate(classes) for shift in (0, 37)]


def openai_ids(tokenizer, text):
    ids = [tokenizer.encoder["<|startoftext|>"]] + tokenizer.encode(text) + [tokenizer.encoder["<|endoftext|>"]]
    if len(ids) > CONTEXT:
        ids = ids[:CONTEXT - 1] + [ids[-1]]
    return ids


def node_tokenizer_json():
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["node", os.path.join(HERE, "make-tokenizer.mjs"), out], check=True, capture_output=True)
        with open(os.path.join(out, "tokenizer.json"), encoding="utf-8") as f:
            return json.load(f)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--openai-clip", required=True, help="a checkout of github.com/openai/CLIP")
    ap.add_argument("--commit", default="", help="the checkout's commit, recorded in the fixture")
    args = ap.parse_args()

    sys.path.insert(0, os.path.join(args.openai_clip, "clip"))
    from simple_tokenizer import SimpleTokenizer  # noqa: E402  (the checkout's, not ours)

    openai = SimpleTokenizer(MERGES_GZ)
    merges = sorted(openai.bpe_ranks, key=openai.bpe_ranks.get)
    hf = CLIPTokenizer(vocab=openai.encoder, merges=merges, model_max_length=CONTEXT)

    with tempfile.TemporaryDirectory() as saved:
        hf.save_pretrained(saved)
        with open(os.path.join(saved, "tokenizer.json"), encoding="utf-8") as f:
            same_json = json.load(f) == node_tokenizer_json()
    if not same_json:
        sys.exit("make-tokenizer.mjs no longer writes the tokenizer.json that transformers' CLIPTokenizer saves.")

    notebook = os.path.join(args.openai_clip, "notebooks", "Prompt_Engineering_for_ImageNet.ipynb")
    corpus = [("imagenet", t) for t in imagenet_prompts(notebook)]
    corpus += [("edge", t) for t in EDGE_CASES] + [("long", t) for t in long_texts()]
    rows = []
    for kind, text in corpus:
        a = openai_ids(openai, text)
        b = hf(text, truncation=True, max_length=CONTEXT)["input_ids"]
        row = {"kind": kind, "text": text, "openai": a}
        if b != a:
            row["hf"] = b
        rows.append(row)

    disagree = [r for r in rows if "hf" in r]
    document = {
        "about": "Token ids of the real CLIP tokenizer (77 positions, start and end of text included) from two "
                 "references; 'hf' is present only where Hugging Face's differs from OpenAI's. Made by "
                 "tools/clip-tokenizer/reference.py.",
        "sources": {
            "openai": f"github.com/openai/CLIP {args.commit} clip/simple_tokenizer.py, clip.tokenize(truncate=True)",
            "hf": f"transformers {transformers.__version__} CLIPTokenizer, tokenizers {tokenizers.__version__}",
            "ftfy": ftfy.__version__,
            "merges": "fixtures/tokenizers/openai-clip/bpe_simple_vocab_16e6.txt.gz",
            "corpus": "ImageNet classes and templates from openai/CLIP notebooks/Prompt_Engineering_for_ImageNet.ipynb, "
                      "plus the edge cases in reference.py",
        },
        "make_tokenizer_matches_transformers": same_json,
        "context_length": CONTEXT,
        "counts": {"texts": len(rows), "disagreements": len(disagree),
                   "longer_than_context": sum(len(openai.encode(t)) + 2 > CONTEXT for _, t in corpus)},
        "texts": rows,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        # One text per line: a regenerated fixture diffs line by line.
        f.write(json.dumps({k: v for k, v in document.items() if k != "texts"}, ensure_ascii=False)[:-1])
        f.write(', "texts": [\n')
        f.write(",\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
        f.write("\n]}\n")
    print(json.dumps(document["counts"]))
    for r in disagree:
        print(f"  differ: {r['text']!r}\n    openai {r['openai']}\n    hf     {r['hf']}")


if __name__ == "__main__":
    main()

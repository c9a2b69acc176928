"""Embeddings for the few-shot tests: photos of the unseen colour-shape pairs and of a shape the toy never saw.

Writes `embeddings.f32` (little-endian float32, one unit image embedding of `dim` floats per row) and
`index.json`: the label texts' unit embeddings (prompt "a photo of a/an {colour} {shape}."), and for each
row its label index and split. Two tasks:
- pairs: the 24 colour-shape labels; `train` holds 16 photos of every pair (examples are drawn from it),
  `test` 25 photos of each unseen pair.
- novel: the 24 labels plus "{colour} hexagon" for the 6 colours (a word the tokenizer maps to <|unk|>);
  `train` 16 photos of each hexagon label, `test` 20 of each.
"""
import json
import os

import numpy as np

from . import data

TRAIN_PER_LABEL = 16


def hexagon_set(per_colour, seed):
    rng = np.random.default_rng(seed)
    imgs, labels = [], []
    for c in data.COLOUR_NAMES:
        for _ in range(per_colour):
            arr, _ = data.render(c, "hexagon", rng)
            imgs.append(arr)
            labels.append(data.label_of(c, "hexagon"))
    return np.stack(imgs), labels


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def write_fixture(embed_images, embed_texts, scale, out_dir, seed):
    """embed_images(uint8 [N,64,64,3]) and embed_texts(list of str) return float arrays, one row each."""
    os.makedirs(out_dir, exist_ok=True)
    pair_labels = [data.label_of(c, s) for c, s in data.ALL_PAIRS]
    novel_labels = pair_labels + [data.label_of(c, "hexagon") for c in data.COLOUR_NAMES]
    prompts = [f"a photo of {data.article(c)} {c} {s}." for c, s in data.ALL_PAIRS]
    prompts += [f"a photo of {data.article(c)} {c} hexagon." for c in data.COLOUR_NAMES]
    text = unit(np.asarray(embed_texts(prompts), np.float64)).astype(np.float32)

    rows, items = [], []

    def add(imgs, labels, task, split, label_names):
        rows.append(unit(np.asarray(embed_images(imgs), np.float64)))
        items.extend({"task": task, "split": split, "label": label_names.index(lb)} for lb in labels)

    imgs, metas = data.make_set(data.ALL_PAIRS, TRAIN_PER_LABEL, seed=seed)
    add(imgs, [data.label_of(m["colour"], m["shape"]) for m in metas], "pairs", "train", pair_labels)
    imgs, metas = data.make_set(data.HELD_OUT, 25, seed=seed + 1)
    add(imgs, [data.label_of(m["colour"], m["shape"]) for m in metas], "pairs", "test", pair_labels)
    imgs, labels = hexagon_set(TRAIN_PER_LABEL, seed + 2)
    add(imgs, labels, "novel", "train", novel_labels)
    imgs, labels = hexagon_set(20, seed + 3)
    add(imgs, labels, "novel", "test", novel_labels)

    emb = np.concatenate(rows).astype("<f4")
    emb.tofile(os.path.join(out_dir, "embeddings.f32"))
    index = {
        "embeddings_file": "embeddings.f32",
        "format": "little-endian float32 [rows, dim], unit image embeddings of 64x64 photos (no resize)",
        "dim": int(emb.shape[1]),
        "logit_scale": float(scale),
        "labels": {"pairs": pair_labels, "novel": novel_labels},
        "label_embeddings": {"pairs": [[float(v) for v in r] for r in text[:len(pair_labels)]],
                             "novel": [[float(v) for v in r] for r in text]},
        "label_prompt": "a photo of {a|an} {colour} {shape}.",
        "rows": items,
    }
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    return {"rows": len(items), "dim": int(emb.shape[1])}

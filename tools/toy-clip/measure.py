#!/usr/bin/env python3
"""Measures the committed toy CLIP (its ONNX files, as the app runs them) for few-shot learning and tagging.

Needs numpy, pillow, onnxruntime and scikit-learn: run it in a venv (PyPI or the machine's local mirror),
from the repository root:

  python3 -m venv .cache/measure-venv
  .cache/measure-venv/bin/pip install numpy pillow onnxruntime scikit-learn
  .cache/measure-venv/bin/python tools/toy-clip/measure.py

Writes, all deterministic (seeded):
- fixtures/reference/toy-clip/few-shot/{index.json,embeddings.f32}: unit image embeddings of photos of
  every colour-shape pair, of the unseen pairs and of hexagons (a shape and a word the toy never saw), and
  the label texts' embeddings (toyclip/fewshot.py).
- fixtures/reference/toy-clip/few-shot/sklearn.json: scikit-learn's LogisticRegression on them, the
  reference for src/core/few-shot.ts: multinomial, C = 1 / regularisation, fit_intercept=False, on every
  `pairs` training row (weights, objective sum(cross-entropy) + regularisation/2 ||W||^2, test predictions);
  and test accuracy with k = 1, 2, 4, 8, 16 examples per label (the first k rows of each label).
- fixtures/reference/toy-clip/tagging.json: multi-label F1 of three tagging methods on held-out photos of
  2 or 3 shapes (toyclip/multilabel.py).
- fixtures/reference/toy-clip/tagging-corrections.json: "tag all that apply" taught by a person's
  corrections (toyclip/corrections.py): the regularisation chosen on validation photos, F1 on test photos
  after 0-64 corrections, and a fixed problem with this solver's answer, the reference for
  src/core/tagging-probe.ts.
"""
import json
import os
import re
import sys

try:
    import numpy as np
    import onnxruntime as ort
    import sklearn
    from sklearn.linear_model import LogisticRegression
except ImportError as error:
    sys.exit(f"{error}: run this in a venv with numpy, pillow, onnxruntime and scikit-learn (see its docstring)")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

from toyclip import corrections, data, fewshot, multilabel  # noqa: E402

MODEL_DIR = os.path.join(ROOT, "fixtures", "models", "cliptag", "toy-clip")
REF_DIR = os.path.join(ROOT, "fixtures", "reference", "toy-clip")
DIR = os.path.join(REF_DIR, "few-shot")
SEED = 0
REGULARISATION = 0.1
SHOTS = [1, 2, 4, 8, 16]
# The toy's training normalisation (preprocessor_config.json); the photos are 64x64, so no resize.
MEAN = np.array([0.48145466, 0.4578275, 0.40821073], np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], np.float32)


class OnnxToy:
    """The fp32 encoders, with the tokenizer as transformers.js runs it: lowercase, ASCII \\w+|[^\\w\\s]+,
    unknown words to <|unk|>, <|startoftext|> ... <|endoftext|>, padded with <|endoftext|>."""

    def __init__(self):
        with open(os.path.join(MODEL_DIR, "tokenizer.json")) as f:
            self.vocab = json.load(f)["model"]["vocab"]
        with open(os.path.join(MODEL_DIR, "config.json")) as f:
            self.scale = float(np.exp(json.load(f)["logit_scale_init_value"]))
        self.vision = ort.InferenceSession(os.path.join(MODEL_DIR, "onnx", "vision_model.onnx"))
        self.text = ort.InferenceSession(os.path.join(MODEL_DIR, "onnx", "text_model.onnx"))

    def embed_images(self, imgs):
        x = ((imgs.astype(np.float32) / np.float32(255.0)) - MEAN) / STD
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
        return np.concatenate([self.vision.run(None, {"pixel_values": x[i:i + 256]})[0]
                               for i in range(0, len(x), 256)]).astype(np.float64)

    def embed_texts(self, texts):
        v = self.vocab
        enc = [[v["<|startoftext|>"]] + [v.get(w, v["<|unk|>"]) for w in re.findall(r"[A-Za-z0-9_]+|[^A-Za-z0-9_\s]+", t.lower())]
               + [v["<|endoftext|>"]] for t in texts]
        n = max(map(len, enc))
        ids = np.array([e + [v["<|endoftext|>"]] * (n - len(e)) for e in enc], np.int64)
        mask = np.array([[1] * len(e) + [0] * (n - len(e)) for e in enc], np.int64)
        return self.text.run(None, {"input_ids": ids, "attention_mask": mask})[0].astype(np.float64)


def load():
    with open(os.path.join(DIR, "index.json")) as f:
        index = json.load(f)
    emb = np.fromfile(os.path.join(DIR, index["embeddings_file"]), dtype="<f4").reshape(-1, index["dim"])
    return index, emb.astype(np.float64)


def rows(index, task, split):
    return [i for i, r in enumerate(index["rows"]) if r["task"] == task and r["split"] == split]


def first_k(index, row_ids, k):
    taken, seen = [], {}
    for i in row_ids:
        label = index["rows"][i]["label"]
        if seen.get(label, 0) < k:
            seen[label] = seen.get(label, 0) + 1
            taken.append(i)
    return taken


def fit(x, y):
    model = LogisticRegression(C=1 / REGULARISATION, fit_intercept=False, tol=1e-12, max_iter=100000)
    return model.fit(x, y)


def objective(coef, classes, x, y, labels):
    w = np.zeros((labels, x.shape[1]))
    w[classes] = coef
    logits = x @ w.T
    top = logits.max(1, keepdims=True)
    log_norm = top[:, 0] + np.log(np.exp(logits - top).sum(1))
    return float((log_norm - logits[np.arange(len(y)), y]).sum() + 0.5 * REGULARISATION * (w * w).sum()), w


def sklearn_reference():
    index, emb = load()
    labels = {task: len(names) for task, names in index["labels"].items()}
    label_of = np.array([r["label"] for r in index["rows"]])

    train = rows(index, "pairs", "train")
    test = rows(index, "pairs", "test")
    model = fit(emb[train], label_of[train])
    loss, w = objective(model.coef_, model.classes_, emb[train], label_of[train], labels["pairs"])
    probe = {"task": "pairs", "regularisation": REGULARISATION, "train_rows": len(train), "objective": loss,
             "weights": [[float(v) for v in r] for r in w],
             "test_predictions": [int(p) for p in model.predict(emb[test])],
             "test_accuracy": float((model.predict(emb[test]) == label_of[test]).mean())}

    curves = {}
    for task in ("pairs", "novel"):
        pool = rows(index, "pairs", "train") + (rows(index, "novel", "train") if task == "novel" else [])
        test = rows(index, task, "test")
        curve = []
        for k in SHOTS:
            taken = first_k(index, pool, k)
            m = fit(emb[taken], label_of[taken])
            curve.append({"k": k, "accuracy": float((m.predict(emb[test]) == label_of[test]).mean())})
        curves[task] = curve

    out = {"sklearn": sklearn.__version__, "model": "LogisticRegression(C=1/regularisation, fit_intercept=False), "
           "multinomial, lbfgs", "probe": probe, "curves": curves}
    with open(os.path.join(DIR, "sklearn.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    return {"objective": loss, "test_accuracy": probe["test_accuracy"], "curves": curves}


def corrections_report(toy):
    labels, neutral = multilabel.app_embeddings(toy.embed_texts)

    def tasks(seed):
        return {"seen_pairs": corrections.scene_task(toy.embed_images, labels, neutral, toy.scale, data.SEEN_PAIRS, seed),
                "any_pairs": corrections.scene_task(toy.embed_images, labels, neutral, toy.scale, data.ALL_PAIRS, seed + 10),
                "hexagons": corrections.hexagon_task(toy.embed_images, toy.embed_texts, labels, neutral, toy.scale, seed + 20)}

    validation, test = tasks(SEED + 900), tasks(SEED + 950)
    chosen, mean_f1, never_worse = corrections.choose_regularisation(validation)
    report = {"model": "cliptag/toy-clip fp32 (onnxruntime)", "regularisation": chosen,
              "validation_mean_f1": mean_f1, "never_below_no_corrections": never_worse,
              "test": {name: corrections.curve(task, chosen, corrections.BUDGETS + [128]) for name, task in test.items()},
              "reference": corrections.reference_case(test["seen_pairs"], chosen)}
    with open(os.path.join(REF_DIR, "tagging-corrections.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    return {k: v for k, v in report.items() if k != "reference"}


def main():
    toy = OnnxToy()
    print("few-shot embeddings:", fewshot.write_fixture(toy.embed_images, toy.embed_texts, toy.scale, DIR, SEED + 800))
    print("scikit-learn:", json.dumps(sklearn_reference()))
    tagging = multilabel.evaluate(toy.embed_images, toy.embed_texts, toy.scale, seed=SEED + 700)
    tagging["model"] = "cliptag/toy-clip fp32 (onnxruntime)"
    with open(os.path.join(REF_DIR, "tagging.json"), "w") as f:
        json.dump(tagging, f, indent=1)
        f.write("\n")
    print("tagging:", json.dumps(tagging))
    print("tagging with corrections:", json.dumps(corrections_report(toy)))


if __name__ == "__main__":
    main()

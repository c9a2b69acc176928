"""Multi-label tagging on held-out photos of 2 or 3 shapes: the three ways of deciding which labels apply.

Labels are the 24 colour-shape pairs, embedded as the app does: the 14 default templates
(src/core/templates.ts), each embedding normalised, averaged, renormalised. Three methods, F1 pooled over
every (photo, label) pair:
- neutral: the app's "tag all that apply" for CLIP (src/core/tagging-probe.ts neutralTaggingWeights):
  sigmoid(scale x (cos(photo, label) - cos(photo, neutral ensemble))) >= 0.5, nothing fitted.
- sigmoid: SigLIP-style sigmoid(a x cos + b) with one (a, b) for the model, fitted by logistic regression
  on a separate calibration set, >= 0.5.
- threshold: a cosine threshold per label, chosen on the calibration set for that label's best F1.
"""
import re

import numpy as np

from . import data

APP_TEMPLATES = [
    "a photo of a {}.", "a photo of the {}.", "a close-up photo of the {}.", "a blurry photo of a {}.",
    "a bright photo of a {}.", "a dark photo of the {}.", "a cropped photo of a {}.", "a good photo of the {}.",
    "a low resolution photo of a {}.", "a picture of a {}.", "an image of the {}.", "a snapshot of a {}.",
    "a photo of my {}.", "a photo showing a {}.",
]
NEUTRAL_PROMPTS = ["a photo.", "a photo of something.", "a picture."]


def fill_template(template, label):
    """src/core/prompts.ts fillTemplate: "a {}" before a vowel reads "an" ("a photo of an orange star.")."""
    before, after = template.split("{}")
    if re.search(r"(^|\s)a $", before, re.IGNORECASE) and re.match(r"[aeiou]", label, re.IGNORECASE):
        before = before[:-1] + "n "
    return before + label + after


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def ensemble(embed_texts, groups):
    """One unit embedding per group of prompts: mean of unit embeddings, renormalised (src/core/ensemble.ts)."""
    emb = unit(embed_texts([p for g in groups for p in g]))
    out, i = [], 0
    for g in groups:
        out.append(unit(emb[i:i + len(g)].mean(0)))
        i += len(g)
    return np.stack(out)


def truth_matrix(metas):
    t = np.zeros((len(metas), len(data.ALL_PAIRS)), np.float64)
    for i, m in enumerate(metas):
        for pair in m["objects"]:
            t[i, data.ALL_PAIRS.index(pair)] = 1
    return t


def prf(tagged, truth):
    tp = float((tagged & (truth > 0)).sum())
    fp = float((tagged & (truth == 0)).sum())
    fn = float((~tagged & (truth > 0)).sum())
    return {"precision": tp / max(1.0, tp + fp), "recall": tp / max(1.0, tp + fn), "f1": 2 * tp / max(1.0, 2 * tp + fp + fn),
            "exact_photos": float((tagged == (truth > 0)).all(1).mean())}


def fit_sigmoid(cos, truth, iterations=100):
    """One (a, b) for sigmoid(a cos + b): Newton's method with step halving on the log-loss over every
    (photo, label) pair, plus a tiny L2 pull so that separable data still has a finite answer."""
    x, y = cos.ravel(), truth.ravel()

    def loss(p):
        z = p[0] * x + p[1]
        return float((np.logaddexp(0, z) - y * z).sum() + 1e-3 * (p * p).sum())

    params = np.array([10.0, -5.0])
    for _ in range(iterations):
        prob = 0.5 * (1 + np.tanh(0.5 * (params[0] * x + params[1])))
        g = np.array([((prob - y) * x).sum(), (prob - y).sum()]) + 2e-3 * params
        w = prob * (1 - prob)
        h = np.array([[(w * x * x).sum(), (w * x).sum()], [(w * x).sum(), w.sum()]]) + 2e-3 * np.eye(2)
        step = np.linalg.solve(h, g)
        current, t = loss(params), 1.0
        while t > 1e-6 and loss(params - t * step) > current:
            t /= 2
        params = params - t * step
        if np.abs(t * step).max() < 1e-10:
            break
    return float(params[0]), float(params[1])


def per_label_thresholds(cos, truth):
    """Per label, the cosine threshold with the best F1 on the calibration photos (the highest on a tie);
    a label with no photo there is never tagged."""
    out = []
    for j in range(cos.shape[1]):
        positive = truth[:, j] > 0
        best = (0.0, np.inf)
        for t in np.unique(cos[positive, j])[::-1] if positive.any() else []:
            tagged = cos[:, j] >= t
            tp = (tagged & positive).sum()
            f1 = 2 * tp / (2 * tp + (tagged & ~positive).sum() + (~tagged & positive).sum())
            if f1 > best[0]:
                best = (f1, t)
        out.append(best[1])
    return np.array(out)


def app_embeddings(embed_texts):
    """The 24 labels ensembled over the app's templates, and the neutral prompts' ensemble, as the app makes them."""
    labels = ensemble(embed_texts, [[fill_template(t, data.label_of(c, s)) for t in APP_TEMPLATES] for c, s in data.ALL_PAIRS])
    return labels, ensemble(embed_texts, [NEUTRAL_PROMPTS])[0]


def neutral_probabilities(cos, baseline, scale):
    """src/core/tagging-probe.ts neutralTaggingWeights: sigmoid(scale x (cos(photo, label) - cos(photo, neutral)))."""
    return 0.5 * (1 + np.tanh(0.5 * scale * (cos - baseline[:, None])))


def evaluate(embed_images, embed_texts, scale, seed, count=400, threshold=0.5):
    """embed_images(uint8 [N,64,64,3]) and embed_texts(list of str) return float64 arrays, one row each."""
    labels, neutral = app_embeddings(embed_texts)

    def cosines(pairs, n, s):
        imgs, metas = data.make_scenes(pairs, n, seed=s)
        v = unit(embed_images(imgs))
        return v @ labels.T, v @ neutral, truth_matrix(metas)

    cal_cos, _, cal_truth = cosines(data.SEEN_PAIRS, count, seed)
    a, b = fit_sigmoid(cal_cos, cal_truth)
    thresholds = per_label_thresholds(cal_cos, cal_truth)
    report = {"threshold": threshold, "calibration_photos": count, "sigmoid_fit": {"scale": a, "bias": b}, "sets": {}}
    for name, pairs in (("seen_pairs", data.SEEN_PAIRS), ("all_pairs", data.ALL_PAIRS)):
        cos, base, truth = cosines(pairs, count, seed + 1 + len(report["sets"]))
        neutral_p = neutral_probabilities(cos, base, scale)
        sigmoid_p = 0.5 * (1 + np.tanh(0.5 * (a * cos + b)))
        report["sets"][name] = {
            "photos": count,
            "neutral": prf(neutral_p >= threshold, truth),
            "sigmoid": prf(sigmoid_p >= threshold, truth),
            "per_label_threshold": prf(cos >= thresholds[None, :], truth),
        }
    return report

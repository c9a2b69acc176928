""""Tag all that apply" taught by corrections: the reference for src/core/tagging-probe.ts, and its measurement.

Each label is a logistic regression on unit image embeddings, sigmoid(w . x + b). The app's neutral-prompt
rule is of that form (w = scale x (label - neutral), b = 0), so it is the prior: with no examples the
probe IS that rule, and a label's examples ("this is X" positive, "not X" negative) move only that label's
(w, b), pulled back toward the prior by (regularisation / 2) x (||w - w0||^2 + (b - b0)^2). Summed, not
averaged, like the pick-one probe: one correction moves a label a little, twenty move it a lot.

The measurement plays a person who goes through their photos in order and corrects every tag that is wrong
(a wrong tag becomes "not X", a missing one "this is X"), retraining after each photo, until a budget of
corrections is spent; it then scores fresh photos. Needs scipy (the measure venv has it, via scikit-learn).
"""
import numpy as np
from scipy.optimize import minimize

from . import data, fewshot, multilabel

REGULARISATIONS = [0.05, 0.1, 0.2, 0.3, 0.5, 1.0]
BUDGETS = [0, 2, 4, 8, 16, 32, 64]


def sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * z))


def label_loss(params, x, y, prior, regularisation):
    """One label's objective and gradient; params and prior are (w..., b)."""
    z = x @ params[:-1] + params[-1]
    shift = params - prior
    loss = float(np.sum(np.logaddexp(0, z) - y * z) + 0.5 * regularisation * shift @ shift)
    error = sigmoid(z) - y
    return loss, np.concatenate([x.T @ error, [error.sum()]]) + regularisation * shift


def fit(examples, weights, biases, regularisation):
    """examples: (embedding, label, shows) triples. Returns the trained (weights, biases) and the objective;
    labels without examples keep the prior exactly."""
    weights, biases, total = weights.copy(), biases.copy(), 0.0
    for label in sorted({e[1] for e in examples}):
        x = np.array([e[0] for e in examples if e[1] == label])
        y = np.array([float(e[2]) for e in examples if e[1] == label])
        prior = np.concatenate([weights[label], [biases[label]]])
        result = minimize(label_loss, prior, args=(x, y, prior, regularisation), jac=True, method="L-BFGS-B",
                          options={"gtol": 1e-10, "ftol": 1e-15, "maxiter": 10000})
        weights[label], biases[label] = result.x[:-1], result.x[-1]
        total += float(result.fun)
    return weights, biases, total


def tags(x, weights, biases):
    return sigmoid(x @ weights.T + biases) >= 0.5


def corrections(pool_x, pool_truth, weights, biases, regularisation, budget):
    """The corrections a person makes going through pool photos in order, up to `budget` of them."""
    examples, trained = [], (weights, biases)
    for x, truth in zip(pool_x, pool_truth):
        if len(examples) >= budget:
            break
        wrong = np.nonzero(tags(x[None], *trained)[0] != (truth > 0))[0]
        examples += [(x, int(j), bool(truth[j] > 0)) for j in wrong[:budget - len(examples)]]
        if len(wrong):
            trained = fit(examples, weights, biases, regularisation)[:2]
    return examples, trained


def curve(task, regularisation, budgets=BUDGETS):
    """F1 and the share of photos tagged exactly on the task's test photos, after each budget of corrections."""
    points = []
    for budget in budgets:
        _, trained = corrections(task["pool_x"], task["pool_truth"], task["weights"], task["biases"], regularisation, budget)
        report = multilabel.prf(tags(task["test_x"], *trained), task["test_truth"])
        points.append({"corrections": budget, "f1": report["f1"], "exact_photos": report["exact_photos"]})
    return points


def neutral_prior(labels, neutral, scale):
    return scale * (labels - neutral[None, :]), np.zeros(len(labels))


def scene_task(embed_images, labels, neutral, scale, pairs, seed, test_photos=400):
    """Photos of 2 or 3 shapes of `pairs`: 300 to correct, `test_photos` to score."""
    pool, pool_meta = data.make_scenes(pairs, 300, seed=seed)
    test, test_meta = data.make_scenes(pairs, test_photos, seed=seed + 1)
    weights, biases = neutral_prior(labels, neutral, scale)
    return {"pool_x": multilabel.unit(embed_images(pool)), "pool_truth": multilabel.truth_matrix(pool_meta),
            "test_x": multilabel.unit(embed_images(test)), "test_truth": multilabel.truth_matrix(test_meta),
            "weights": weights, "biases": biases}


def hexagon_task(embed_images, embed_texts, labels, neutral, scale, seed):
    """Photos of one shape, hexagons in every colour among them, with the 24 labels and "{colour} hexagon"
    (a word the toy reads as <|unk|>): 96 hexagons and 120 other shapes to correct, as many to score."""
    hexagon_labels = multilabel.ensemble(embed_texts, [[multilabel.fill_template(t, data.label_of(c, "hexagon"))
                                                        for t in multilabel.APP_TEMPLATES] for c in data.COLOUR_NAMES])
    weights, biases = neutral_prior(np.concatenate([labels, hexagon_labels]), neutral, scale)
    rng = np.random.default_rng(seed)

    def photos(per_colour, per_pair, offset):
        hexagons, hexagon_names = fewshot.hexagon_set(per_colour, seed + offset)
        others, metas = data.make_set(data.ALL_PAIRS, per_pair, seed=seed + offset + 1)
        truth = np.zeros((len(hexagons) + len(others), len(weights)))
        for i, name in enumerate(hexagon_names):
            truth[i, len(data.ALL_PAIRS) + data.COLOUR_NAMES.index(name.split()[0])] = 1
        for i, m in enumerate(metas):
            truth[len(hexagons) + i, data.ALL_PAIRS.index((m["colour"], m["shape"]))] = 1
        order = rng.permutation(len(truth))
        return multilabel.unit(embed_images(np.concatenate([hexagons, others])))[order], truth[order]

    pool_x, pool_truth = photos(16, 5, 0)
    test_x, test_truth = photos(16, 5, 2)
    return {"pool_x": pool_x, "pool_truth": pool_truth, "test_x": test_x, "test_truth": test_truth,
            "weights": weights, "biases": biases}


def choose_regularisation(validation_tasks):
    """The rule fixed before looking at the test photos: the best mean F1 over every validation task and
    budget, among the regularisations that are never below no corrections on any task."""
    curves = {r: [[p["f1"] for p in curve(task, r)] for task in validation_tasks.values()] for r in REGULARISATIONS}
    never_worse = [r for r, c in curves.items() if all(min(f1s) >= f1s[0] for f1s in c)] or REGULARISATIONS
    mean_f1 = {r: float(np.mean(curves[r])) for r in REGULARISATIONS}
    return max(never_worse, key=mean_f1.get), mean_f1, never_worse


def reference_case(task, regularisation, budget=16, test_photos=40):
    """A fixed problem for src/core/tagging-probe.ts: a person's first `budget` corrections, the prior, and
    what this solver makes of them (weights, biases, objective, and the tags of some test photos)."""
    examples, _ = corrections(task["pool_x"], task["pool_truth"], task["weights"], task["biases"], regularisation, budget)
    weights, biases, objective = fit(examples, task["weights"], task["biases"], regularisation)
    test_x = task["test_x"][:test_photos]
    rounded = lambda a: np.round(np.asarray(a, np.float64), 9).tolist()  # noqa: E731
    return {"regularisation": regularisation, "dim": int(test_x.shape[1]),
            "prior": {"weights": rounded(task["weights"]), "biases": rounded(task["biases"])},
            "examples": [{"embedding": rounded(x), "label": label, "shows": shows} for x, label, shows in examples],
            "objective": objective, "weights": rounded(weights), "biases": rounded(biases),
            "test_embeddings": rounded(test_x), "test_tags": tags(test_x, weights, biases).astype(int).tolist()}

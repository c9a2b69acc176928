"""Contrastive training of the toy CLIP on synthetic captioned photos."""
import copy
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import data, multilabel

MEAN = np.array([0.48145466, 0.4578275, 0.40821073], np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], np.float32)


def normalise_u8(imgs):
    """uint8 [N,H,W,3] -> float32 NCHW, exactly as the preprocessor_config (x/255 - mean) / std."""
    x = imgs.astype(np.float32) / np.float32(255.0)
    x = (x - MEAN) / STD
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2), dtype=np.float32)


def pair_index(colour, shape):
    return data.ALL_PAIRS.index((colour, shape))


@torch.no_grad()
def embed_texts(model, tok, texts):
    ids, mask = tok.batch(texts)
    return model.text(torch.tensor(ids), torch.tensor(mask))


@torch.no_grad()
def embed_images(model, imgs, bs=256):
    out = []
    for i in range(0, len(imgs), bs):
        out.append(model.vision(torch.from_numpy(normalise_u8(imgs[i:i + bs]))))
    return torch.cat(out)


@torch.no_grad()
def zero_shot(model, tok, imgs, labels):
    """labels: pair indices into data.ALL_PAIRS. Returns (pred indices, correct bool array)."""
    model.eval()
    t = F.normalize(embed_texts(model, tok, [data.prompt_of(c, s) for c, s in data.ALL_PAIRS]), dim=-1)
    v = F.normalize(embed_images(model, imgs), dim=-1)
    pred = (v @ t.T).argmax(-1).numpy()
    return pred, pred == np.asarray(labels)


def pairs_of(meta):
    """The colour-shape pairs a photo shows."""
    return frozenset(meta["objects"]) if "objects" in meta else frozenset([(meta["colour"], meta["shape"])])


def training_pairs(extra_colours):
    return data.SEEN_PAIRS + (data.EXTRA_PAIRS if extra_colours else [])


def training_set(seed, per_pair, extra_colours):
    """The one-shape training photos (held-out pairs never drawn)."""
    return data.make_set(training_pairs(extra_colours), per_pair, seed=seed + 100)


class Validation:
    """Photos drawn with their own seeds (never the training's nor the committed eval set's), to pick
    checkpoints: zero-shot top-1 on seen and unseen pairs, and tagging F1 (the app's neutral-prompt method at
    0.5, labels ensembled over the app's templates) on photos of 2 or 3 seen pairs."""

    def __init__(self, seed):
        self.seen, metas = data.make_set(data.SEEN_PAIRS, 10, seed=seed + 200)
        self.seen_labels = [pair_index(m["colour"], m["shape"]) for m in metas]
        self.unseen, metas = data.make_set(data.HELD_OUT, 50, seed=seed + 201)
        self.unseen_labels = [pair_index(m["colour"], m["shape"]) for m in metas]
        self.scenes, metas = data.make_scenes(data.SEEN_PAIRS, 200, seed=seed + 202)
        self.scene_truth = multilabel.truth_matrix(metas)

    @torch.no_grad()
    def __call__(self, model, tok):
        model.eval()
        _, seen = zero_shot(model, tok, self.seen, self.seen_labels)
        _, unseen = zero_shot(model, tok, self.unseen, self.unseen_labels)
        labels, neutral = multilabel.app_embeddings(lambda t: embed_texts(model, tok, t).double().numpy())
        v = multilabel.unit(embed_images(model, self.scenes).double().numpy())
        probs = multilabel.neutral_probabilities(v @ labels.T, v @ neutral, float(model.scale().item()))
        tagging = multilabel.prf(probs >= 0.5, self.scene_truth)
        return {"val_seen": float(seen.mean()), "val_unseen": float(unseen.mean()), "val_tag_f1": tagging["f1"]}


def make_optimizer(model, lr):
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        (decay if p.ndim >= 2 and "embedding" not in n else no_decay).append(p)
    return torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}],
                             lr=lr, betas=(0.9, 0.98), eps=1e-6)


def warmup_cosine(lr, steps):
    warm = max(1, steps // 20)

    def lr_at(s):
        if s < warm:
            return lr * (s + 1) / warm
        return lr * 0.5 * (1 + math.cos(math.pi * (s - warm) / max(1, steps - warm)))

    return lr_at


def flipped(imgs, rng):
    flip = rng.random(len(imgs)) < 0.5
    return np.where(flip[:, None, None, None], imgs[:, :, ::-1], imgs)


def contrastive_loss(logits, cons):
    """Symmetric cross-entropy with soft targets: uniform over every consistent item, in both directions.
    logits[i, j]: image i, caption j; cons[i, j]: caption j is true of image i. Captions past the first
    len(images) belong to no image (extra negatives): they count in the image-to-text direction only."""
    n = logits.shape[0]
    t_i2t = cons / cons.sum(1, keepdim=True)
    t_t2i = cons[:, :n] / cons[:, :n].sum(0, keepdim=True)
    return 0.5 * (-(t_i2t * logits.log_softmax(1)).sum(1).mean()
                  - (t_t2i * logits[:, :n].log_softmax(0)).sum(0).mean())


def swapped_objects(objects, rng, allowed):
    """The same shapes with the colours of two of them swapped (a red circle and a blue star -> a blue circle
    and a red star), or None when that changes nothing or names a pair outside `allowed`."""
    i, j = (int(k) for k in rng.choice(len(objects), size=2, replace=False))
    (ci, si), (cj, sj) = objects[i], objects[j]
    swapped = list(objects)
    swapped[i], swapped[j] = (cj, si), (ci, sj)
    if ci == cj or si == sj or any(o not in allowed for o in swapped):
        return None
    return swapped


def train(model, tok, train_set, validation, steps=1400, batch=128, seed=0, lr=1e-3, partial_p=0.0, log=print):
    """Stage 1: CLIP's contrastive training on photos of one shape."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed + 1)
    imgs, metas = train_set
    opt = make_optimizer(model, lr)
    lr_at = warmup_cosine(lr, steps)
    t_train = time.time()
    history = []
    for step in range(steps):
        model.train()
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        idx = rng.integers(0, len(imgs), size=batch)
        x = flipped(imgs[idx], rng)
        specs = [data.caption_spec(metas[i], rng, partial_p) for i in idx]
        ids, mask = tok.batch([sp[0] for sp in specs])
        v = F.normalize(model.vision(torch.from_numpy(normalise_u8(x))), dim=-1)
        t = F.normalize(model.text(torch.tensor(ids), torch.tensor(mask)), dim=-1)
        logits = model.scale() * v @ t.T  # [image, text]
        # cons[i, j]: caption j is true of image i (same pair, or same colour/shape for partial captions)
        img_c = np.array([metas[i]["colour"] for i in idx])
        img_s = np.array([metas[i]["shape"] for i in idx])
        cap_c = np.array([sp[1] for sp in specs], dtype=object)
        cap_s = np.array([sp[2] for sp in specs], dtype=object)
        ok_c = (cap_c[None, :] == None) | (cap_c[None, :] == img_c[:, None])  # noqa: E711
        ok_s = (cap_s[None, :] == None) | (cap_s[None, :] == img_s[:, None])  # noqa: E711
        loss = contrastive_loss(logits, torch.from_numpy((ok_c & ok_s).astype(np.float32)))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 50 == 0 or step == steps - 1:
            msg = f"step {step} loss {loss.item():.4f} scale {model.scale().item():.2f} lr {lr_at(step):.2e} {time.time() - t_train:.0f}s"
            if step % 300 == 0 or step == steps - 1:
                val = validation(model, tok)
                msg += " | " + " ".join(f"{k} {v:.3f}" for k, v in val.items())
                history.append({"step": step, "loss": round(loss.item(), 4), **val})
            log(msg)
    model.eval()
    return {"steps": steps, "batch": batch, "lr": lr, "partial_caption_p": partial_p, "train_images": int(len(imgs)),
            "train_seconds": round(time.time() - t_train, 1), "history": history}


def tagging_loss(v, labels, neutral, truth, scale, margin=0.0):
    """The app's tagging rule as a loss: sigmoid(scale x (cos(photo, label) - cos(photo, neutral))) against
    whether the photo shows the label, positives and negatives weighing the same; plus, per photo, the same
    for its lowest-scoring true label and its highest-scoring wrong one, since a photo is tagged exactly
    right only when those two are on the right side of the neutral prompts. A `margin` (in logits) is added
    while training, so that at 0 the rule is stricter than it was trained: a label the loss never sees
    (a held-out pair's) needs a clearer match to be tagged."""
    z = scale * (v @ labels.T - (v @ neutral)[:, None]) + margin
    bce = F.binary_cross_entropy_with_logits(z, truth, reduction="none")
    hardest_true = torch.where(truth > 0, z, torch.full_like(z, float("inf"))).min(1).values
    hardest_wrong = torch.where(truth > 0, torch.full_like(z, -float("inf")), z).max(1).values
    hardest = F.softplus(-hardest_true) + F.softplus(hardest_wrong)
    return 0.5 * (bce[truth > 0].mean() + bce[truth == 0].mean()) + hardest.mean()


def train_multilabel(model, tok, train_set, validation, steps=500, batch=128, seed=0, lr=3e-4, scenes=8000,
                     scene_share=0.25, three_share=0.4, tag_weight=1.0, tag_margin=0.0, extra_colours=True, checkpoint_dir=None,
                     every=200, cycle=1, best=None, end_on_best=True, log=print):
    """Stage 2: a continuation on one-shape photos mixed with photos of 2 or 3 shapes captioned with all of
    them (each also against a caption with two colours swapped, so that colour and shape must stay bound),
    plus the tagging loss that teaches the app's neutral prompts to fall between a photo's shapes and the
    rest. Validated every `every` steps; the model ends on the checkpoint with the best val_unseen +
    val_tag_f1 among those with val_seen >= 0.98 (the stage's start included), or on its last step when
    `end_on_best` is off and another cycle follows. `best` carries an earlier cycle's best on, so the
    rule picks over every cycle; the best is returned with the stats."""
    torch.manual_seed(seed + 2)
    rng = np.random.default_rng(seed + 3)
    imgs, metas = train_set
    pairs = training_pairs(extra_colours)
    scene_imgs, scene_metas = data.make_scenes(pairs, scenes, seed=seed + 110, three_share=three_share)
    n_scenes = round(batch * scene_share)
    opt = make_optimizer(model, lr)
    lr_at = warmup_cosine(lr, steps)
    t_train = time.time()
    history = []

    def checkpoint(step, loss):
        nonlocal best
        val = validation(model, tok)
        history.append({"step": step, "loss": None if loss is None else round(loss, 4), **val})
        log(f"stage 2 cycle {cycle} step {step} {time.time() - t_train:.0f}s | " + " ".join(f"{k} {v:.3f}" for k, v in val.items()))
        if checkpoint_dir:
            os.makedirs(checkpoint_dir, exist_ok=True)
            torch.save({"state": model.state_dict(), "step": step, "val": val},
                       os.path.join(checkpoint_dir, f"stage2-{cycle}-{step:04d}.pt"))
        score = (val["val_seen"] >= 0.98, val["val_unseen"] + val["val_tag_f1"])
        if best is None or score > best[0]:
            best = (score, {"cycle": cycle, "step": step}, copy.deepcopy(model.state_dict()))

    checkpoint(0, None)
    for step in range(steps):
        model.train()
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        one = rng.integers(0, len(imgs), size=batch - n_scenes)
        several = rng.integers(0, len(scene_imgs), size=n_scenes)
        x = flipped(np.concatenate([imgs[one], scene_imgs[several]]), rng)
        batch_metas = [metas[i] for i in one] + [scene_metas[i] for i in several]
        captions = [data.caption_for(m, rng) if "objects" not in m else data.scene_caption(m, rng) for m in batch_metas]
        swaps = [{**m, "objects": swapped_objects(m["objects"], rng, pairs)} for m in batch_metas if "objects" in m]
        swaps = [m for m in swaps if m["objects"] is not None]
        captions += [data.scene_caption(m, rng) for m in swaps]
        template = multilabel.APP_TEMPLATES[int(rng.integers(len(multilabel.APP_TEMPLATES)))]
        label_texts = [multilabel.fill_template(template, data.label_of(c, s)) for c, s in pairs]
        ids, mask = tok.batch(captions + label_texts + multilabel.NEUTRAL_PROMPTS)
        t = F.normalize(model.text(torch.tensor(ids), torch.tensor(mask)), dim=-1)
        n_captions = len(captions)
        captions_t, labels_t = t[:n_captions], t[n_captions:n_captions + len(pairs)]
        neutral = F.normalize(t[n_captions + len(pairs):].mean(0), dim=-1)
        v = F.normalize(model.vision(torch.from_numpy(normalise_u8(x))), dim=-1)
        shown = [pairs_of(m) for m in batch_metas]
        described = shown + [pairs_of(m) for m in swaps]
        cons = torch.tensor([[float(a == b) for b in described] for a in shown])
        truth = torch.tensor([[float(p in s) for p in pairs] for s in shown])
        clip = contrastive_loss(model.scale() * v @ captions_t.T, cons)
        tag = tagging_loss(v, labels_t, neutral, truth, model.scale().detach(), tag_margin)
        loss = clip + tag_weight * tag
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 50 == 0:
            log(f"stage 2 cycle {cycle} step {step} loss {clip.item():.4f} + {tag.item():.4f} lr {lr_at(step):.2e} {time.time() - t_train:.0f}s")
        if (step + 1) % every == 0 or step == steps - 1:
            checkpoint(step + 1, loss.item())
    if end_on_best:
        model.load_state_dict(best[2])
        log(f"stage 2: kept cycle {best[1]['cycle']} step {best[1]['step']}")
    model.eval()
    return {"cycle": cycle, "steps": steps, "batch": batch, "lr": lr, "scene_photos": scenes, "scene_share": scene_share, "three_shape_share": three_share,
            "tag_weight": tag_weight, "tag_margin": tag_margin, "train_seconds": round(time.time() - t_train, 1), "history": history,
            "kept": best[1] if end_on_best else None}, best

"""Contrastive training of the toy CLIP on synthetic captioned photos."""
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import data

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


def train(model, tok, steps=1400, batch=128, seed=0, lr=1e-3, per_pair=1200, partial_p=0.0, log=print):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed + 1)
    t0 = time.time()
    imgs, metas = data.make_set(data.SEEN_PAIRS, per_pair, seed=seed + 100)
    labels = np.array([pair_index(m["colour"], m["shape"]) for m in metas])
    log(f"generated {len(imgs)} training images in {time.time() - t0:.1f}s")
    val_s, val_sm = data.make_set(data.SEEN_PAIRS, 10, seed=seed + 200)
    val_u, val_um = data.make_set(data.HELD_OUT, 25, seed=seed + 201)
    val_sl = [pair_index(m["colour"], m["shape"]) for m in val_sm]
    val_ul = [pair_index(m["colour"], m["shape"]) for m in val_um]

    decay, no_decay = [], []
    for n, p in model.named_parameters():
        (decay if p.ndim >= 2 and "embedding" not in n else no_decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=lr, betas=(0.9, 0.98), eps=1e-6)
    warm = max(1, steps // 20)

    def lr_at(s):
        if s < warm:
            return lr * (s + 1) / warm
        return lr * 0.5 * (1 + math.cos(math.pi * (s - warm) / max(1, steps - warm)))

    t_train = time.time()
    history = []
    for step in range(steps):
        model.train()
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        idx = rng.integers(0, len(imgs), size=batch)
        x = imgs[idx]
        flip = rng.random(batch) < 0.5
        x = np.where(flip[:, None, None, None], x[:, :, ::-1], x)
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
        cons = torch.from_numpy((ok_c & ok_s).astype(np.float32))
        # soft targets: uniform over every consistent item, in both directions
        t_i2t = cons / cons.sum(1, keepdim=True)
        t_t2i = cons / cons.sum(0, keepdim=True)
        loss = 0.5 * (-(t_i2t * logits.log_softmax(1)).sum(1).mean() - (t_t2i * logits.log_softmax(0)).sum(0).mean())
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 50 == 0 or step == steps - 1:
            msg = f"step {step} loss {loss.item():.4f} scale {model.scale().item():.2f} lr {lr_at(step):.2e} {time.time() - t_train:.0f}s"
            if step % 300 == 0 or step == steps - 1:
                _, cs = zero_shot(model, tok, val_s, val_sl)
                _, cu = zero_shot(model, tok, val_u, val_ul)
                msg += f" | val seen {cs.mean():.3f} unseen {cu.mean():.3f}"
                history.append({"step": step, "loss": round(loss.item(), 4), "val_seen": float(cs.mean()),
                                "val_unseen": float(cu.mean())})
            log(msg)
    model.eval()
    return {"steps": steps, "batch": batch, "lr": lr, "partial_caption_p": partial_p, "train_images": int(len(imgs)),
            "train_seconds": round(time.time() - t_train, 1), "history": history}

"""Probe photos, PyTorch reference outputs and the committed evaluation set."""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from . import data
from .train import MEAN, STD, pair_index

# (colour, shape, width, height, format); 64x64 ones are named <colour>-<shape>-64.<ext>
PROBES = [
    ("red", "circle", 64, 64, "png"),
    ("blue", "square", 64, 64, "png"),
    ("yellow", "triangle", 64, 64, "png"),
    ("blue", "circle", 64, 64, "png"),  # unseen pair
    ("purple", "square", 64, 64, "jpg"),  # unseen pair, JPEG
    ("green", "star", 128, 96, "png"),
    ("orange", "square", 200, 300, "png"),
    ("purple", "triangle", 640, 480, "png"),
    ("yellow", "star", 90, 64, "png"),
    ("orange", "circle", 96, 128, "jpg"),
    ("red", "star", 300, 200, "png"),  # unseen pair
    ("green", "triangle", 160, 160, "png"),  # unseen pair
]


def probe_name(c, s, w, h, ext):
    size = "64" if (w, h) == (64, 64) else f"{w}x{h}"
    return f"{c}-{s}-{size}.{ext}"


def make_probes(out_dir, seed):
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(seed)
    files = []
    for c, s, w, h, ext in PROBES:
        big = max(w, h) > 200
        arr, meta = data.render(c, s, rng, width=w, height=h, centred=True, noise=0.0 if big else 3.0,
                                size=float(rng.uniform(0.26, 0.34)))
        name = probe_name(c, s, w, h, ext)
        img = Image.fromarray(arr)
        path = os.path.join(out_dir, name)
        if ext == "jpg":
            img.save(path, format="JPEG", quality=90)
        else:
            img.save(path, format="PNG", optimize=True)
        files.append((name, c, s))
    return files


def clip_pixels(path, size):
    """CLIPImageProcessor's pipeline with PIL: RGB, bicubic shortest-edge resize, centre crop, rescale, normalise."""
    img = Image.open(path).convert("RGB")
    w, h = img.size
    if w <= h:
        nw, nh = size, int(size * h / w)
    else:
        nw, nh = int(size * w / h), size
    img = img.resize((nw, nh), Image.BICUBIC)
    top, left = (nh - size) // 2, (nw - size) // 2
    img = img.crop((left, top, left + size, top + size))
    x = np.asarray(img, dtype=np.float32) / np.float32(255.0)
    x = (x - MEAN) / STD
    return np.ascontiguousarray(x.transpose(2, 0, 1), dtype=np.float32)


def f32list(t):
    return [float(np.float32(v)) for v in np.asarray(t, dtype=np.float32).ravel()]


@torch.no_grad()
def write_reference(model, tok, ref_dir, probe_seed, eval_seed, eval_seen=5, eval_unseen=20):
    model.eval()
    size = model.cfg.vision.image_size
    probes_dir = os.path.join(ref_dir, "probes")
    pix_dir = os.path.join(ref_dir, "pixels")
    eval_dir = os.path.join(ref_dir, "eval")
    for d in (probes_dir, pix_dir, eval_dir):
        os.makedirs(d, exist_ok=True)
    files = make_probes(probes_dir, probe_seed)

    prompts = [{"label": data.label_of(c, s), "text": data.prompt_of(c, s)} for c, s in data.ALL_PAIRS]
    ids, mask = tok.batch([p["text"] for p in prompts])
    for p, row, m in zip(prompts, ids, mask):
        p["input_ids"] = row[: sum(m)]
    text = model.text(torch.tensor(ids), torch.tensor(mask))
    text_n = F.normalize(text, dim=-1)
    scale = float(model.scale().item())

    probes = []
    for name, c, s in files:
        px = clip_pixels(os.path.join(probes_dir, name), size)
        pix_file = os.path.splitext(name)[0] + ".f32"
        px.astype("<f4").tofile(os.path.join(pix_dir, pix_file))
        emb = model.vision(torch.from_numpy(px)[None])[0]
        probs = (scale * F.normalize(emb, dim=-1) @ text_n.T).softmax(-1)
        w, h = Image.open(os.path.join(probes_dir, name)).size
        probes.append({
            "file": f"probes/{name}", "width": w, "height": h, "true_label": data.label_of(c, s),
            "seen_pair": (c, s) in data.SEEN_PAIRS,
            "pixel_values_file": f"pixels/{pix_file}", "image_embeds": f32list(emb),
            "probs": f32list(probs), "argmax": int(probs.argmax()),
        })
    ref = {
        "model": "cliptag/toy-clip",
        "image_size": size,
        "logit_scale": scale,
        "pixel_values_format": "little-endian float32, shape [3, image_size, image_size] (NCHW without batch), "
                               "CLIPImageProcessor pipeline in PIL: RGB, bicubic shortest-edge resize, "
                               "centre crop top=(h-size)//2 left=(w-size)//2, /255, (x-mean)/std",
        "probs_definition": "softmax over prompts of logit_scale * cosine(image_embeds, text_embeds)",
        "prompts": prompts,
        "probes": probes,
        "text_embeds": [f32list(r) for r in text],
    }
    with open(os.path.join(ref_dir, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")

    # Held-out evaluation set (fresh seed, same distribution as training, 64x64 so no resizing).
    s_imgs, s_meta = data.make_set(data.SEEN_PAIRS, eval_seen, seed=eval_seed)
    u_imgs, u_meta = data.make_set(data.HELD_OUT, eval_unseen, seed=eval_seed + 1)
    imgs = np.concatenate([s_imgs, u_imgs])
    metas = s_meta + u_meta
    imgs.tofile(os.path.join(eval_dir, "images.u8"))
    from .train import zero_shot
    labels = [pair_index(m["colour"], m["shape"]) for m in metas]
    pred, correct = zero_shot(model, tok, imgs, labels)
    seen = np.array([(m["colour"], m["shape"]) in data.SEEN_PAIRS for m in metas])
    index = {
        "images_file": "images.u8",
        "format": "raw uint8, shape [N, 64, 64, 3] (NHWC, RGB); preprocessing is x/255 then (x-mean)/std, no resize",
        "n": int(len(imgs)), "height": 64, "width": 64, "channels": 3,
        "prompts": [{"label": p["label"], "text": p["text"]} for p in prompts],
        "items": [{"label": data.label_of(m["colour"], m["shape"]), "label_index": int(l), "seen": bool(sn),
                   "pytorch_pred": int(p)} for m, l, sn, p in zip(metas, labels, seen, pred)],
        "top1_seen": float(correct[seen].mean()), "top1_unseen": float(correct[~seen].mean()),
        "n_seen": int(seen.sum()), "n_unseen": int((~seen).sum()),
    }
    with open(os.path.join(eval_dir, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    return ref, index

"""Probe photos, PyTorch reference outputs and the committed evaluation set."""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from . import data, multilabel
from .train import MEAN, STD, embed_texts, pair_index

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


# Demo photos of several shapes, for "Tag all that apply": (shapes, width, height); seen pairs only.
SCENE_PROBES = [
    ((("red", "circle"), ("blue", "square"), ("yellow", "triangle")), 64, 64),
]


# Photos of a shape the toy never saw, under a label whose shape word it does not know (<|unk|>): for teaching
# by example (e2e/teaching.spec.ts), never demo photos.
TEACH_COLOUR, TEACH_SHAPE, TEACH_COUNT = "blue", "hexagon", 4


def make_teach_photos(out_dir, seed):
    """PNGs named blue-hexagon-1.png and so on, drawn like the 64x64 probes."""
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(seed)
    names = []
    for i in range(1, TEACH_COUNT + 1):
        arr, _ = data.render(TEACH_COLOUR, TEACH_SHAPE, rng, centred=True, noise=3.0, size=float(rng.uniform(0.26, 0.34)))
        names.append(f"{TEACH_COLOUR}-{TEACH_SHAPE}-{i}.png")
        Image.fromarray(arr).save(os.path.join(out_dir, names[-1]), format="PNG", optimize=True)
    return names


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


def make_scene_probes(out_dir, seed):
    """PNGs named after their shapes, e.g. red-circle-blue-square-yellow-triangle-64.png."""
    rng = np.random.default_rng(seed)
    files = []
    for objects, w, h in SCENE_PROBES:
        arr, _ = data.render_scene(list(objects), rng, width=w, height=h, noise=3.0)
        size = "64" if (w, h) == (64, 64) else f"{w}x{h}"
        name = "-".join(f"{c}-{s}" for c, s in objects) + f"-{size}.png"
        Image.fromarray(arr).save(os.path.join(out_dir, name), format="PNG", optimize=True)
        files.append((name, objects))
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

    # "Tag all that apply" as the app does it for CLIP: labels ensembled over its templates against the
    # neutral prompts' ensemble (a label's score does not depend on the other labels).
    tag_labels, neutral = multilabel.app_embeddings(lambda t: embed_texts(model, tok, t).double().numpy())

    def tags(emb):
        v = multilabel.unit(emb.double().numpy())[None]
        return multilabel.neutral_probabilities(v @ tag_labels.T, v @ neutral, scale)[0]

    def encode_probe(name):
        """Writes the probe's PIL pixels; returns its reference fields and its image embedding."""
        px = clip_pixels(os.path.join(probes_dir, name), size)
        pix_file = os.path.splitext(name)[0] + ".f32"
        px.astype("<f4").tofile(os.path.join(pix_dir, pix_file))
        emb = model.vision(torch.from_numpy(px)[None])[0]
        w, h = Image.open(os.path.join(probes_dir, name)).size
        return {"file": f"probes/{name}", "width": w, "height": h, "pixel_values_file": f"pixels/{pix_file}",
                "image_embeds": f32list(emb), "tag_probs": f32list(tags(emb))}, emb

    probes = []
    for name, c, s in files:
        fields, emb = encode_probe(name)
        probs = (scale * F.normalize(emb, dim=-1) @ text_n.T).softmax(-1)
        probes.append({**fields, "true_label": data.label_of(c, s), "seen_pair": (c, s) in data.SEEN_PAIRS,
                       "probs": f32list(probs), "argmax": int(probs.argmax())})
    scene_probes = []
    for name, objects in make_scene_probes(probes_dir, probe_seed + 1):
        fields, _ = encode_probe(name)
        scene_probes.append({**fields, "labels": [data.label_of(c, s) for c, s in objects],
                             "tagged": [p["label"] for p, q in zip(prompts, fields["tag_probs"]) if q >= 0.5]})
    teach_label = data.label_of(TEACH_COLOUR, TEACH_SHAPE)
    teach_text = F.normalize(embed_texts(model, tok, [data.prompt_of(TEACH_COLOUR, TEACH_SHAPE)]), dim=-1)
    all_labels = [p["label"] for p in prompts] + [teach_label]
    teach = []
    for name in make_teach_photos(os.path.join(ref_dir, "teach"), probe_seed + 2):
        emb = model.vision(torch.from_numpy(clip_pixels(os.path.join(ref_dir, "teach", name), size))[None])
        cos = F.normalize(emb, dim=-1) @ torch.cat([text_n, teach_text]).T
        teach.append({"file": f"teach/{name}", "zero_shot_top": all_labels[int(cos.argmax())]})
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
        "tagging": {"templates": multilabel.APP_TEMPLATES, "neutral_prompts": multilabel.NEUTRAL_PROMPTS,
                    "tag_probs_definition": "sigmoid(logit_scale * (cosine(image, label) - cosine(image, neutral))), "
                                            "each label and the neutral prompts ensembled over their prompts (mean of "
                                            "unit embeddings, renormalised), labels as in prompts",
                    "threshold": 0.5},
        "scene_probes": scene_probes,
        "teach": {"label": teach_label, "unknown_word": TEACH_SHAPE, "photos": teach,
                  "zero_shot_top_definition": "argmax of cosine over the prompts' labels and the teach label, each "
                                              "under 'a photo of a/an {}.'"},
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

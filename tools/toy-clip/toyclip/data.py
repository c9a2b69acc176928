"""Synthetic captioned photos: coloured shapes on plain/gradient/noisy backgrounds.

Everything is driven by numpy Generators, so the same seed gives the same images.
"""
import math

import numpy as np
from PIL import Image, ImageDraw

COLOURS = {
    "red": (220, 30, 30),
    "green": (30, 165, 50),
    "blue": (35, 70, 225),
    "yellow": (240, 215, 25),
    "purple": (135, 45, 185),
    "orange": (250, 135, 15),
}
SHAPES = ["circle", "square", "triangle", "star"]
# Colours drawn only in training, never labels or prompts: each shape seen in many colours learns to ignore
# colour, which is what the unseen colour-shape pairs ask of it.
EXTRA_COLOURS = {
    "pink": (240, 120, 190),
    "brown": (130, 80, 40),
    "cyan": (30, 200, 210),
    "lime": (160, 225, 40),
    "navy": (30, 35, 120),
    "teal": (0, 130, 120),
    "maroon": (110, 10, 40),
    "olive": (115, 120, 25),
    "magenta": (220, 20, 220),
    "sky": (110, 175, 245),
    "tan": (210, 180, 140),
}
# Shapes drawn only for the few-shot and tagging measurements: never in training, names not in the vocabulary.
NOVEL_SHAPES = ["hexagon"]
BACKGROUNDS = {"white": (240, 240, 240), "grey": (128, 128, 128), "black": (20, 20, 20)}
COLOUR_NAMES = list(COLOURS)
BG_NAMES = list(BACKGROUNDS)

# Colour-shape pairs never shown in training (each colour at most once, each shape exactly once).
HELD_OUT = [("red", "star"), ("green", "triangle"), ("blue", "circle"), ("purple", "square")]

ALL_PAIRS = [(c, s) for c in COLOUR_NAMES for s in SHAPES]
SEEN_PAIRS = [p for p in ALL_PAIRS if p not in HELD_OUT]
EXTRA_PAIRS = [(c, s) for c in EXTRA_COLOURS for s in SHAPES]
PAINTS = {**COLOURS, **EXTRA_COLOURS}


def article(word):
    return "an" if word[0] in "aeiou" else "a"


def label_of(colour, shape):
    return f"{colour} {shape}"


def prompt_of(colour, shape):
    """The zero-shot prompt for a class (the card's accuracy uses these)."""
    return f"a photo of {article(colour)} {colour} {shape}."


# Caption templates. {a} = article before the following word, {cs} = "colour shape" phrase
# (optionally with a size word in front), {bg} = background name.
TEMPLATES = [
    "{a} {cs}",
    "{a} {cs}.",
    "a photo of {a} {cs}.",
    "a picture of {a} {cs}.",
    "an image of {a} {cs}",
    "a photo of {a} {cs}",
    "this is {a} {cs}.",
    "this is a photo of {a} {cs}.",
    "a close-up photo of {a} {cs}.",
    "a drawing of {a} {cs}.",
    "the {cs}",
    "{a} {cs} on {bga} {bg} background",
    "{a} {cs} on {bga} {bg} background.",
    "a photo of {a} {cs} on {bga} {bg} background.",
    "a picture of {a} {cs}, on {bga} {bg} background.",
    "there is {a} {cs} in the picture.",
    "{cs}",
]
SIZE_WORDS = {"small": ["small", "tiny"], "big": ["big", "large"]}

# Words that may appear in captions or prompts; the tokenizer vocabulary is built from these.
EXTRA_WORDS = ["shape", "and", "with", "in", "it", "is", "there", "medium"]


def caption_spec(meta, rng, partial_p=0.0):
    """A random caption for an image: (text, colour or None, shape or None).

    With probability partial_p the caption names only the colour ("a photo of a red shape.") or only
    the shape ("a small star"), which teaches colour and shape as separate concepts."""
    colour, shape = meta["colour"], meta["shape"]
    u = rng.random() if partial_p > 0 else 1.0  # no draw when disabled, so the default stream is unchanged
    if u < partial_p / 2:
        words, c, s = [colour, "shape"], colour, None
    elif u < partial_p:
        words, c, s = [shape], None, shape
    else:
        words, c, s = [colour, shape], colour, shape
    if meta["size"] != "medium" and rng.random() < 0.5:
        sw = SIZE_WORDS[meta["size"]]
        words = [sw[int(rng.integers(len(sw)))]] + words
    cs = " ".join(words)
    t = TEMPLATES[int(rng.integers(len(TEMPLATES)))]
    bg = meta["bg"]
    return t.format(a=article(words[0]), cs=cs, bg=bg, bga=article(bg)), c, s


def caption_for(meta, rng):
    return caption_spec(meta, rng)[0]


# Captions of photos with several shapes; {objs} = "a red circle and a blue star" or "a red circle, a blue
# star and a green square", in a random order.
SCENE_TEMPLATES = [
    "{objs}",
    "{objs}.",
    "a photo of {objs}.",
    "a picture of {objs}.",
    "an image of {objs}",
    "this is a photo of {objs}.",
    "there is {objs} in the picture.",
    "{objs} on {bga} {bg} background.",
]


def scene_caption(meta, rng):
    """A random caption naming every shape of a several-shape photo."""
    objs = [f"{article(c)} {c} {s}" for c, s in (meta["objects"][int(i)] for i in rng.permutation(len(meta["objects"])))]
    listed = objs[0] + " and " + objs[1] if len(objs) == 2 else ", ".join(objs[:-1]) + " and " + objs[-1]
    t = SCENE_TEMPLATES[int(rng.integers(len(SCENE_TEMPLATES)))]
    return t.format(objs=listed, bg=meta["bg"], bga=article(meta["bg"]))


def vocabulary_words(extra_colours=False):
    """All words of all caption templates and prompts, in a fixed order (the training-only colours' names
    last, when they are drawn)."""
    import re
    words = []

    def add(text):
        for w in re.findall(r"[A-Za-z0-9_]+|[^A-Za-z0-9_\s]+", text.lower()):
            if w not in words:
                words.append(w)

    for t in TEMPLATES:
        add(t.replace("{a}", "a an").replace("{bga}", "").replace("{cs}", "").replace("{bg}", ""))
    for c in COLOUR_NAMES:
        add(c)
    for s in SHAPES:
        add(s)
    for b in BG_NAMES:
        add(b)
    for v in SIZE_WORDS.values():
        for w in v:
            add(w)
    for w in EXTRA_WORDS:
        add(w)
    for c in EXTRA_COLOURS if extra_colours else []:
        add(c)
    add("a photo of a red circle.")
    return words


def _shape_polygon(shape, cx, cy, r, rot):
    if shape == "circle":
        n = 48
        return [(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n)]
    if shape == "square":
        rr = r * 0.85  # half-diagonal slightly reduced so areas are comparable
        return [(cx + rr * math.cos(rot + math.pi / 4 + i * math.pi / 2), cy + rr * math.sin(rot + math.pi / 4 + i * math.pi / 2)) for i in range(4)]
    if shape == "triangle":
        return [(cx + r * math.cos(rot - math.pi / 2 + i * 2 * math.pi / 3), cy + r * math.sin(rot - math.pi / 2 + i * 2 * math.pi / 3)) for i in range(3)]
    if shape == "star":
        pts = []
        for i in range(10):
            rad = r if i % 2 == 0 else r * 0.45
            a = rot - math.pi / 2 + i * math.pi / 5
            pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
        return pts
    if shape == "hexagon":
        return [(cx + r * math.cos(rot + i * math.pi / 3), cy + r * math.sin(rot + i * math.pi / 3)) for i in range(6)]
    raise ValueError(shape)


def _jitter(rgb, rng, amount):
    return tuple(int(np.clip(v + rng.integers(-amount, amount + 1), 0, 255)) for v in rgb)


def _background(rng, width, height, bg):
    """A plain, gradient or blotchy background as float32 HxWx3; returns (pixels, background name)."""
    bg_name = bg if bg is not None else BG_NAMES[int(rng.integers(len(BG_NAMES)))]
    bg_rgb = np.array(_jitter(BACKGROUNDS[bg_name], rng, 15), dtype=np.float32)
    kind = int(rng.integers(3))  # 0 plain, 1 gradient, 2 blotchy texture
    H, W = height, width
    if kind == 0:
        base = np.broadcast_to(bg_rgb, (H, W, 3)).astype(np.float32)
    elif kind == 1:
        amp = float(rng.uniform(10, 30))
        if rng.random() < 0.5:
            g = np.linspace(-1, 1, H, dtype=np.float32)[:, None, None]
        else:
            g = np.linspace(-1, 1, W, dtype=np.float32)[None, :, None]
        base = bg_rgb + amp * g + np.zeros((H, W, 1), np.float32)
    else:
        small = rng.normal(0, float(rng.uniform(6, 18)), size=(max(2, height // 8), max(2, width // 8))).astype(np.float32)
        up = np.asarray(Image.fromarray(small).resize((W, H), Image.BILINEAR))
        base = bg_rgb + up[:, :, None]
    return base, bg_name


def _paint(arr, colour, shape, cx, cy, r, rot, rng):
    """Draws one antialiased shape over arr (float32 HxWx3)."""
    H, W = arr.shape[:2]
    # Shape coverage: draw the mask supersampled, box-filter down to get antialiased edges.
    ss = 4 if max(W, H) <= 256 else 2
    mask = Image.new("L", (W * ss, H * ss), 0)
    pts = [(x * ss, y * ss) for x, y in _shape_polygon(shape, cx, cy, r, rot)]
    ImageDraw.Draw(mask).polygon(pts, fill=255)
    alpha = np.asarray(mask.resize((W, H), Image.BOX), dtype=np.float32)[:, :, None] / 255.0
    fill = np.array(_jitter(PAINTS[colour], rng, 22), dtype=np.float32)
    return arr * (1 - alpha) + fill * alpha


def _finish(arr, rng, noise):
    sigma = float(rng.uniform(0, 10)) if noise is None else noise
    if sigma > 0:
        arr = arr + rng.normal(0, sigma, size=arr.shape).astype(np.float32)
    return np.clip(np.rint(arr), 0, 255).astype(np.uint8)


def render(colour, shape, rng, width=64, height=64, centred=False, noise=None, bg=None, size=None):
    """Render one photo; returns (uint8 array HxWx3, meta)."""
    m = min(width, height)
    if size is None:
        size_frac = float(rng.uniform(0.14, 0.38))
    else:
        size_frac = size
    r = size_frac * m
    size_name = "small" if size_frac < 0.22 else ("big" if size_frac > 0.30 else "medium")
    if centred:
        cx = width / 2 + float(rng.uniform(-0.08, 0.08)) * m
        cy = height / 2 + float(rng.uniform(-0.08, 0.08)) * m
    else:
        cx = float(rng.uniform(r * 0.8, width - r * 0.8))
        cy = float(rng.uniform(r * 0.8, height - r * 0.8))
    rot = float(rng.uniform(0, 2 * math.pi))
    base, bg_name = _background(rng, width, height, bg)
    arr = _finish(_paint(base, colour, shape, cx, cy, r, rot, rng), rng, noise)
    meta = {"colour": colour, "shape": shape, "size": size_name, "bg": bg_name}
    return arr, meta


def render_scene(objects, rng, width=64, height=64, noise=None, bg=None):
    """Render 2 or 3 shapes side by side, each in its own cell, none overlapping; returns (uint8 HxWx3, meta)."""
    n = len(objects)
    m = min(width, height)
    cells = [(i % 2, i // 2) for i in rng.permutation(4)[:n]]  # distinct cells of a 2x2 grid
    base, bg_name = _background(rng, width, height, bg)
    arr = base
    for (colour, shape), (gx, gy) in zip(objects, cells):
        r = float(rng.uniform(0.12, 0.2)) * m
        cw, ch = width / 2, height / 2
        cx = gx * cw + float(rng.uniform(r * 0.85, cw - r * 0.85))
        cy = gy * ch + float(rng.uniform(r * 0.85, ch - r * 0.85))
        arr = _paint(arr, colour, shape, cx, cy, r, float(rng.uniform(0, 2 * math.pi)), rng)
    meta = {"colour": None, "shape": None, "size": "medium", "bg": bg_name, "objects": list(objects)}
    return _finish(arr, rng, noise), meta


def scene_objects(pairs, rng, three_share=0.4):
    """2 or 3 distinct colour-shape pairs drawn from pairs, 3 with probability three_share."""
    n = 2 + int(rng.random() < three_share)
    return [pairs[int(i)] for i in rng.choice(len(pairs), size=n, replace=False)]


def make_scenes(pairs, count, seed, three_share=0.4):
    """A deterministic set of 64x64 photos with 2 or 3 shapes each (3 in a three_share of them)."""
    rng = np.random.default_rng(seed)
    imgs = np.empty((count, 64, 64, 3), np.uint8)
    metas = []
    for i in range(count):
        imgs[i], meta = render_scene(scene_objects(pairs, rng, three_share), rng)
        metas.append(meta)
    return imgs, metas


def make_set(pairs, per_pair, seed):
    """A deterministic set of 64x64 images: returns (uint8 [N,64,64,3], list of meta)."""
    rng = np.random.default_rng(seed)
    order = [p for p in pairs for _ in range(per_pair)]
    imgs = np.empty((len(order), 64, 64, 3), np.uint8)
    metas = []
    for i, (c, s) in enumerate(order):
        imgs[i], meta = render(c, s, rng)
        metas.append(meta)
    return imgs, metas

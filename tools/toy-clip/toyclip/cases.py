"""Preprocessing reference cases: the photo formats people really have, decoded and preprocessed by PIL.

Each case is a coloured shape saved in one format. Its reference is what CLIP's Python pipeline feeds the
model: the file opened with PIL (EXIF orientation applied, as a careful desktop tool does), convert('RGB')
(which drops alpha and keeps the stored colour of transparent pixels), bicubic shortest-edge resize,
centre crop. The uint8 crop is stored, so the app's pixels can be compared before normalisation, and the
PyTorch model's probabilities on it give the reference argmax.
"""
import io
import json
import os
import struct
import zlib

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageOps

from . import data
from .reference import f32list
from .train import MEAN, STD


def _png_rgb16(path, arr16):
    """A 16-bit-per-channel RGB PNG, written by hand: PIL cannot write one."""
    h, w, _ = arr16.shape
    raw = b"".join(b"\x00" + arr16[y].astype(">u2").tobytes() for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def _with_orientation(img, orientation):
    """Stores `img` turned so that a viewer applying EXIF `orientation` shows it upright."""
    stored = img.transpose(Image.Transpose.ROTATE_90 if orientation == 6 else Image.Transpose.ROTATE_270)
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    stored.save(buf, format="JPEG", quality=92, exif=exif.tobytes())
    return buf.getvalue()


def _render(colour, shape, seed, w, h, **kw):
    rng = np.random.default_rng(seed)
    arr, _ = data.render(colour, shape, rng, width=w, height=h, centred=True, size=0.3, **kw)
    return arr


def write_case_files(out_dir):
    """Writes every case file; returns [(file, colour, shape, description)]."""
    os.makedirs(out_dir, exist_ok=True)
    cases = []

    def save(name, colour, shape, description, writer):
        writer(os.path.join(out_dir, name))
        cases.append((name, colour, shape, description))

    for orientation, (c, s) in ((6, ("red", "triangle")), (8, ("blue", "star"))):
        upright = Image.fromarray(_render(c, s, 10 + orientation, 96, 144, noise=2.0))
        payload = _with_orientation(upright, orientation)
        save(f"exif-orientation-{orientation}.jpg", c, s, f"JPEG stored sideways with EXIF orientation {orientation}",
             lambda p, b=payload: open(p, "wb").write(b))

    rgb = _render("green", "circle", 21, 96, 96, noise=0.0, bg="white")
    alpha = np.full(rgb.shape[:2], 255, np.uint8)
    alpha[:, :24] = 0  # fully transparent strip whose stored colour differs from what a premultiplied canvas keeps
    alpha[:, 24:40] = np.linspace(8, 250, 16, dtype=np.uint8)[None, :]
    rgba = np.dstack([rgb, alpha])
    rgba[:, :24, :3] = (200, 40, 160)
    save("alpha.png", "green", "circle", "RGBA PNG with transparent and half-transparent columns",
         lambda p: Image.fromarray(rgba, "RGBA").save(p))

    save("grayscale.png", "yellow", "square", "8-bit grayscale PNG (mode L)",
         lambda p: Image.fromarray(_render("yellow", "square", 31, 80, 80)).convert("L").save(p))
    save("palette.png", "orange", "star", "palette PNG (mode P, 64 colours)",
         lambda p: Image.fromarray(_render("orange", "star", 41, 100, 80)).quantize(64).save(p))

    base16 = _render("purple", "circle", 51, 96, 72, noise=3.0).astype(np.uint16) * 257
    low = np.random.default_rng(52).integers(0, 256, base16.shape, dtype=np.uint16)
    save("rgb-16bit.png", "purple", "circle", "16-bit-per-channel RGB PNG",
         lambda p: _png_rgb16(p, (base16 & 0xFF00) | low))

    save("cmyk.jpg", "blue", "square", "CMYK JPEG",
         lambda p: Image.fromarray(_render("blue", "square", 61, 90, 90)).convert("CMYK").save(p, quality=92))
    save("lossy.webp", "red", "circle", "lossy WebP",
         lambda p: Image.fromarray(_render("red", "circle", 71, 110, 90)).save(p, format="WEBP", quality=90))

    first = Image.fromarray(_render("yellow", "triangle", 81, 80, 80, noise=0.0)).quantize(128)
    second = Image.fromarray(_render("blue", "circle", 82, 80, 80, noise=0.0)).quantize(128)
    save("animated.gif", "yellow", "triangle", "animated GIF: the first frame counts",
         lambda p: first.save(p, save_all=True, append_images=[second], duration=200, loop=0))

    save("tiny-16.png", "green", "square", "16x16 PNG that must be upscaled",
         lambda p: Image.fromarray(_render("green", "square", 91, 16, 16, noise=0.0)).save(p))
    save("panorama-640x64.png", "orange", "triangle", "10:1 panorama",
         lambda p: Image.fromarray(_render("orange", "triangle", 101, 640, 64, noise=2.0)).save(p))
    save("large-6000x4000.jpg", "red", "square", "24-megapixel JPEG",
         lambda p: Image.fromarray(_render("red", "square", 111, 6000, 4000, noise=0.0, bg="grey")).save(p, quality=85))
    return cases


def pil_crop(path, size):
    """The uint8 pixels CLIP's pipeline feeds the model, before rescaling: HWC RGB, size x size."""
    img = ImageOps.exif_transpose(Image.open(path))
    img = img.convert("RGB")
    w, h = img.size
    nw, nh = (size, int(size * h / w)) if w <= h else (int(size * w / h), size)
    img = img.resize((nw, nh), Image.BICUBIC)
    top, left = (nh - size) // 2, (nw - size) // 2
    return np.asarray(img.crop((left, top, left + size, top + size)), dtype=np.uint8), (w, h)


@torch.no_grad()
def write_cases(model, tok, out_dir):
    model.eval()
    size = model.cfg.vision.image_size
    files_dir = os.path.join(out_dir, "cases")
    pix_dir = os.path.join(out_dir, "pixels")
    os.makedirs(pix_dir, exist_ok=True)
    cases = write_case_files(files_dir)

    prompts = [{"label": data.label_of(c, s), "text": data.prompt_of(c, s)} for c, s in data.ALL_PAIRS]
    ids, mask = tok.batch([p["text"] for p in prompts])
    text_n = F.normalize(model.text(torch.tensor(ids), torch.tensor(mask)), dim=-1)
    scale = float(model.scale().item())

    entries = []
    for name, c, s, description in cases:
        crop, (w, h) = pil_crop(os.path.join(files_dir, name), size)
        pix_file = os.path.splitext(name)[0] + ".u8"
        crop.tofile(os.path.join(pix_dir, pix_file))
        x = (crop.astype(np.float32) / np.float32(255.0) - MEAN) / STD
        emb = model.vision(torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))[None])[0]
        probs = (scale * F.normalize(emb, dim=-1) @ text_n.T).softmax(-1)
        entries.append({
            "file": f"cases/{name}", "description": description, "width": w, "height": h,
            "true_label": data.label_of(c, s), "pixels_file": f"pixels/{pix_file}",
            "image_embeds": f32list(emb), "probs": f32list(probs), "argmax": int(probs.argmax()),
        })
    index = {
        "model": "cliptag/toy-clip",
        "image_size": size,
        "pixels_format": "raw uint8, shape [image_size, image_size, 3] (HWC, RGB): the centre crop before /255",
        "reference_pipeline": "PIL: ImageOps.exif_transpose, convert('RGB'), resize shortest edge BICUBIC, "
                              "centre crop top=(h-size)//2 left=(w-size)//2",
        "prompts": prompts,
        "cases": entries,
    }
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    return index


def write_resize_vectors(out_dir, seed=7):
    """Random RGB arrays and PIL's BICUBIC resize of each, for the Node unit test of the resize maths."""
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(seed)
    shapes = [(37, 23, 16, 10), (16, 16, 64, 64), (300, 200, 96, 64), (50, 7, 13, 29), (640, 64, 640, 64), (97, 101, 64, 65)]
    entries = []
    for w, h, ow, oh in shapes:
        src = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        out = np.asarray(Image.fromarray(src, "RGB").resize((ow, oh), Image.BICUBIC))
        name = f"{w}x{h}-to-{ow}x{oh}"
        src.tofile(os.path.join(out_dir, f"{name}.in.u8"))
        out.tofile(os.path.join(out_dir, f"{name}.out.u8"))
        entries.append({"name": name, "width": w, "height": h, "out_width": ow, "out_height": oh})
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump({"format": "raw uint8 HWC RGB; out = PIL Image.resize((out_width, out_height), BICUBIC)",
                   "cases": entries}, f, indent=1)
        f.write("\n")

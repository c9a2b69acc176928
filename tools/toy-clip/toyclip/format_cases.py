"""Photo formats and layouts beyond the first preprocessing cases, with PIL's pixels for each.

No model is needed: each case's reference is the uint8 centre crop CLIP's Python pipeline feeds the
toy model (`cases.pil_crop`), and the e2e suite checks the app's pixels and rankings against it.
HEIC is encoded with libheif's heif-enc (Debian's libheif-examples). Pillow cannot open HEIC without
pillow-heif, which is not installable here, so its reference is PIL's pipeline on libheif's own
decode (heif-convert to PNG): the same library pillow-heif wraps.
"""
import io
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np
from PIL import Image

from . import data
from .cases import pil_crop

IMAGE_SIZE = 64


def _render(colour, shape, seed, w, h, **kw):
    rng = np.random.default_rng(seed)
    arr, _ = data.render(colour, shape, rng, width=w, height=h, centred=True, size=0.3, **kw)
    return arr


def _heif_enc(png_path, out_path):
    if not shutil.which("heif-enc"):
        raise SystemExit("heif-enc is missing: apt-get install libheif-examples")
    subprocess.run(["heif-enc", "-q", "90", "-o", out_path, png_path], check=True, capture_output=True)


def _heif_decoded(path, png_path):
    subprocess.run(["heif-convert", path, png_path], check=True, capture_output=True)
    return png_path


def _oriented_webp(upright, orientation):
    """Lossless WebP stored turned so that a viewer applying EXIF `orientation` shows `upright`."""
    stored = upright.transpose(Image.Transpose.ROTATE_90 if orientation == 6 else Image.Transpose.ROTATE_270)
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    stored.save(buf, format="WEBP", lossless=True, exif=exif.tobytes())
    return buf.getvalue()


def write_format_cases(out_dir):
    files_dir = os.path.join(out_dir, "cases")
    pix_dir = os.path.join(out_dir, "pixels")
    for d in (files_dir, pix_dir):
        os.makedirs(d, exist_ok=True)
    tmp = tempfile.mkdtemp()
    cases = []

    def add(name, colour, shape, description, reference_from=None, twin=None):
        path = os.path.join(files_dir, name)
        crop, (w, h) = pil_crop(reference_from or path, IMAGE_SIZE)
        pix_file = name.replace(".", "-") + ".u8"
        crop.tofile(os.path.join(pix_dir, pix_file))
        cases.append({"file": f"cases/{name}", "description": description, "width": w, "height": h,
                      "true_label": data.label_of(colour, shape), "pixels_file": f"pixels/{pix_file}",
                      **({"twin": f"cases/{twin}"} if twin else {})})

    # One photo in three formats: the JPEG is the twin the others must rank like.
    photo = Image.fromarray(_render("purple", "triangle", 201, 120, 96, noise=2.0))
    photo.save(os.path.join(files_dir, "twin.jpg"), quality=92)
    add("twin.jpg", "purple", "triangle", "JPEG twin of the HEIC and TIFF photos")
    photo.save(os.path.join(files_dir, "twin.tiff"), compression="tiff_lzw")
    add("twin.tiff", "purple", "triangle", "LZW-compressed RGB TIFF", twin="twin.jpg")
    png = os.path.join(tmp, "twin.png")
    photo.save(png)
    _heif_enc(png, os.path.join(files_dir, "twin.heic"))
    add("twin.heic", "purple", "triangle", "HEIC (HEVC, 4:2:0) as an iPhone saves it", twin="twin.jpg",
        reference_from=_heif_decoded(os.path.join(files_dir, "twin.heic"), os.path.join(tmp, "twin-decoded.png")))

    rgb = _render("green", "circle", 211, 96, 80, noise=0.0, bg="white")
    alpha = np.full(rgb.shape[:2], 255, np.uint8)
    alpha[:, :30] = 0
    rgba = np.dstack([rgb, alpha])
    rgba[:, :30, :3] = (200, 40, 160)
    Image.fromarray(rgba, "RGBA").save(os.path.join(files_dir, "rgba-deflate.tiff"), compression="tiff_adobe_deflate")
    add("rgba-deflate.tiff", "green", "circle", "deflate-compressed RGBA TIFF with a transparent strip")

    # Wider than the GPU's texture limit (8192), with transparent pixels in the centre crop.
    pano = _render("orange", "square", 221, 9000, 300, noise=0.0, bg="white")
    pano_alpha = np.full(pano.shape[:2], 255, np.uint8)
    pano_alpha[:, 4400:4460] = 0
    pano_alpha[:, 4460:4480] = 128
    pano_rgba = np.dstack([pano, pano_alpha])
    pano_rgba[:, 4400:4480, :3] = (30, 200, 220)
    Image.fromarray(pano_rgba, "RGBA").save(os.path.join(files_dir, "panorama-rgba-9000x300.png"), optimize=True)
    add("panorama-rgba-9000x300.png", "orange", "square",
        "RGBA panorama wider than the GPU texture limit, transparent in the middle")

    upright = Image.fromarray(_render("blue", "star", 231, 96, 128, noise=2.0))
    with open(os.path.join(files_dir, "webp-orientation-6.webp"), "wb") as f:
        f.write(_oriented_webp(upright, 6))
    add("webp-orientation-6.webp", "blue", "star", "lossless WebP stored sideways with EXIF orientation 6")

    gif = Image.fromarray(_render("red", "circle", 241, 90, 90, noise=0.0, bg="white")).quantize(64)
    palette = gif.getpalette()
    pixels = np.asarray(gif).copy()
    pixels[:, :24] = 63  # the transparent index, whose palette colour PIL keeps
    palette[63 * 3:63 * 3 + 3] = [20, 220, 90]
    transparent = Image.fromarray(pixels, "P")
    transparent.putpalette(palette)
    transparent.save(os.path.join(files_dir, "transparent.gif"), transparency=63)
    add("transparent.gif", "red", "circle", "GIF with a transparent strip")

    shutil.rmtree(tmp)
    index = {
        "image_size": IMAGE_SIZE,
        "pixels_format": "raw uint8, shape [image_size, image_size, 3] (HWC, RGB): the centre crop before /255",
        "reference_pipeline": "PIL (Debian's Pillow 9.4): ImageOps.exif_transpose, convert('RGB'), resize shortest "
                              "edge BICUBIC, centre crop; HEIC through libheif's heif-convert to PNG first",
        "cases": cases,
    }
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    return index

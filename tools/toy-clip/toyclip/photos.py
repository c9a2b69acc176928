"""Photo-sized JPEGs for the benchmark: every file different, so no two share an embedding-cache entry."""
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def scene(rng, width, height):
    """A gradient background and a few filled shapes."""
    top, bottom = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
    ramp = np.linspace(0.0, 1.0, height)[:, None, None]
    pixels = (top * (1 - ramp) + bottom * ramp) * np.ones((1, width, 1))
    image = Image.fromarray(pixels.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(3, 9))):
        x0, y0 = int(rng.integers(0, width - 40)), int(rng.integers(0, height - 40))
        box = (x0, y0, x0 + int(rng.integers(30, width // 2)), y0 + int(rng.integers(30, height // 2)))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    return image


def bench_photo(rng, width, height):
    """A scene with sensor-like noise: decodes like a real photo."""
    image = scene(rng, width, height)
    noisy = np.asarray(image, np.int16) + rng.normal(0, 6, (height, width, 3)).astype(np.int16)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB")


def smooth_field(rng, width, height, cells, channels):
    """Random values on a coarse grid, enlarged smoothly to the photo's size: light falloff or texture."""
    coarse = rng.random((max(2, height * cells // width), cells, channels)).astype(np.float32)
    layers = [Image.fromarray(coarse[:, :, c], "F").resize((width, height), Image.BICUBIC) for c in range(channels)]
    return np.stack([np.asarray(layer) for layer in layers], axis=2)


def phone_photo(rng, width, height):
    """
    What a phone camera's JPEG holds: a scene under uneven light, with soft edges (lens and demosaicing),
    fine texture at several scales (foliage, fabric, walls) and low-ISO noise, so that at 4000x3000 it compresses
    to about 2.6 MB at quality 90, as a phone's 12 MP photo does, rather than to a few hundred KB of flat shapes.
    """
    image = scene(rng, width, height).filter(ImageFilter.GaussianBlur(2))
    pixels = np.asarray(image, np.float32)
    pixels *= 0.6 + 0.6 * smooth_field(rng, width, height, 6, 1)
    pixels += 40 * (smooth_field(rng, width, height, 400, 3) - 0.5)
    pixels += 25 * (smooth_field(rng, width, height, 1200, 1) - 0.5)
    pixels += rng.standard_normal((height, width, 3), dtype=np.float32) * 3
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def write_bench_photos(out, count, seed, width=640, height=480, phone=False):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(seed)
    make = phone_photo if phone else bench_photo
    names = []
    for index in range(count):
        name = f"photo-{index:04d}.jpg"
        make(rng, width, height).save(os.path.join(out, name), quality=90)
        names.append(name)
    return names

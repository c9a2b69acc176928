"""Photo-sized JPEGs for the benchmark: every file different, so no two share an embedding-cache entry."""
import os

import numpy as np
from PIL import Image, ImageDraw


def bench_photo(rng, width, height):
    """A gradient background, a few filled shapes and sensor-like noise: decodes like a real photo."""
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
    noisy = np.asarray(image, np.int16) + rng.normal(0, 6, (height, width, 3)).astype(np.int16)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB")


def write_bench_photos(out, count, seed, width=640, height=480):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(seed)
    names = []
    for index in range(count):
        name = f"photo-{index:04d}.jpg"
        bench_photo(rng, width, height).save(os.path.join(out, name), quality=90)
        names.append(name)
    return names

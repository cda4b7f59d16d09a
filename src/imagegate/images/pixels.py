"""Alpha, masks and blending, explicitly.

* Images a model reads (``init_image``, ``control_image``) are RGB: transparent pixels are laid over
  white, as AUTOMATIC1111 does by default.
* A mask is greyscale, white = repaint. Transparent pixels of a mask count as black (keep).
* ``mask_from_alpha`` reads the transparency of an image as the mask instead (transparent = repaint,
  the OpenAI edits convention), for an inpaint request without ``mask_image``.
* Upscaling keeps alpha: the alpha channel is upscaled like the colour channels.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

WHITE = (255, 255, 255)


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def as_rgb(image: Image.Image, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """The image a model reads: RGB, transparency composited over ``background``."""
    if image.mode == "RGB":
        return image
    if has_alpha(image):
        rgba = image.convert("RGBA")
        flat = Image.new("RGBA", rgba.size, (*background, 255))
        flat.alpha_composite(rgba)
        return flat.convert("RGB")
    return image.convert("RGB")


def as_mask(image: Image.Image) -> Image.Image:
    """A mask as greyscale (white = repaint); transparent pixels count as black."""
    if has_alpha(image):
        rgba = image.convert("RGBA")
        flat = Image.new("RGBA", rgba.size, (0, 0, 0, 255))
        flat.alpha_composite(rgba)
        return flat.convert("L")
    return image.convert("L")


def mask_from_alpha(image: Image.Image) -> Image.Image:
    """Transparent pixels become white (repaint), opaque ones black (keep)."""
    alpha = image.convert("RGBA").getchannel("A")
    return Image.eval(alpha, lambda a: 255 - a)


def resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Resize with Lanczos (area-like when shrinking), or return the image itself when it fits."""
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)


def blur(mask: Image.Image, radius: float) -> Image.Image:
    return mask if radius <= 0 else mask.filter(ImageFilter.GaussianBlur(radius))


def inside_feather(mask: Image.Image, radius: int) -> np.ndarray:
    """Blend weights in [0, 1] for pasting a repainted area back: the mask times its own blur.

    Zero wherever the mask is black, so unmasked pixels come back exactly as they were, while the
    edge of the repainted area fades in over about ``radius`` pixels inside the mask."""
    m = np.asarray(mask.convert("L"), dtype=np.float32) / 255.0
    if radius <= 0:
        return m
    soft = np.asarray(blur(mask.convert("L"), radius / 2), dtype=np.float32) / 255.0
    # The blur is 0.5 on the mask's edge and ~1 at ``radius`` inside: map that to a 0 → 1 ramp.
    return m * np.clip(2 * soft - 1, 0.0, 1.0)


def paste_back(original: Image.Image, generated: Image.Image, alpha: np.ndarray) -> Image.Image:
    """``generated`` where ``alpha`` is 1, ``original`` where it is 0, a blend in between (RGB)."""
    base = np.asarray(as_rgb(original), dtype=np.float32)
    new = np.asarray(resize(as_rgb(generated), original.size), dtype=np.float32)
    a = alpha[..., None]
    out = base * (1.0 - a) + new * a
    return Image.fromarray(np.clip(np.rint(out), 0, 255).astype(np.uint8))

"""Turning untrusted bytes into a checked, normalised image.

Only PNG, JPEG and WebP are decoded (Pillow is told to try no other decoder). The size is checked
from the header before any pixel is decoded, so a small file claiming huge dimensions (a
decompression bomb) costs nothing. EXIF orientation is applied, so pixels are stored the way
cameras meant them to be seen, and every mode becomes one of RGB, RGBA (only when some pixel is
actually transparent) or L.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from imagegate.errors import InvalidRequest

FORMATS = ("PNG", "JPEG", "WEBP")
# Magic numbers of formats people commonly send by mistake, to say what was received.
_OTHER_FORMATS = (
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"%PDF", "PDF"),
    (b"<svg", "SVG"),
    (b"<?xml", "SVG/XML"),
)


@dataclass(frozen=True)
class Decoded:
    image: Image.Image
    format: str  # the container it came in: PNG, JPEG or WEBP
    normalised: bool  # False when the pixels needed no change (a PNG can then be stored as sent)


def _refuse(field: str, message: str, code: str) -> InvalidRequest:
    return InvalidRequest.for_field(field, message, code=code)


def _unsupported(data: bytes, field: str) -> InvalidRequest:
    head = data[:16].lstrip()
    for magic, name in _OTHER_FORMATS:
        if head.startswith(magic):
            return _refuse(field, f"{name} images are not supported; send PNG, JPEG or WebP", "unsupported_image")
    return _refuse(field, "not a PNG, JPEG or WebP image (or it is corrupt)", "unsupported_image")


def open_image(data: bytes, *, field: str, max_pixels: int) -> Image.Image:
    """Open ``data`` without decoding a pixel: only PNG, JPEG or WebP, and no more than
    ``max_pixels`` (read from the header, so a decompression bomb costs nothing). Every problem is an
    ``InvalidRequest`` naming ``field``. The one way untrusted bytes reach Pillow (``decode_image``
    for pixels; on its own where only the metadata is wanted, e.g. PNG text chunks)."""
    if not data:
        raise _refuse(field, "the image is empty", "invalid_image")
    try:
        with warnings.catch_warnings():
            # The pixel cap below is ours (and stricter); Pillow's own bomb warning would only add noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError:
        raise _refuse(
            field, f"the image claims far more than the {max_pixels} pixels allowed", "image_too_large"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _unsupported(data, field) from None
    width, height = image.size
    if width < 1 or height < 1:
        raise _refuse(field, "the image has no pixels", "invalid_image")
    if width * height > max_pixels:
        raise _refuse(
            field, f"the image is {width}×{height}, more than the {max_pixels} pixels allowed", "image_too_large"
        )
    return image


def decode_image(data: bytes, *, field: str, max_pixels: int) -> Decoded:
    """Decode and normalise ``data``; every problem is an ``InvalidRequest`` naming ``field``."""
    image = open_image(data, field=field, max_pixels=max_pixels)
    fmt = str(image.format)
    if getattr(image, "n_frames", 1) > 1:
        raise _refuse(field, "animated images are not supported; send a single frame", "unsupported_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombWarning):
        raise _refuse(field, f"the {fmt} data is corrupt or truncated", "corrupt_image") from None
    normalised = normalise(image)
    return Decoded(normalised, fmt, normalised is not image)


def normalise(image: Image.Image) -> Image.Image:
    """Upright, 8 bits per channel, RGB / RGBA / L. Returns ``image`` itself when nothing changes."""
    result = ImageOps.exif_transpose(image) if image.getexif().get(0x0112, 1) != 1 else image
    mode = result.mode
    if mode.startswith("I;16"):
        # 16-bit greyscale: keep the top 8 bits (Pillow's own convert would clip everything above 255).
        wide = np.asarray(result).astype(np.uint32)
        result = Image.fromarray((wide >> 8).astype(np.uint8))
    elif mode in ("I", "F", "1"):
        result = result.convert("L")
    elif mode in ("P", "PA"):
        transparent = mode == "PA" or "transparency" in result.info
        result = result.convert("RGBA" if transparent else "RGB")
    elif mode in ("LA", "La", "RGBa"):
        result = result.convert("RGBA")
    elif mode not in ("RGB", "RGBA", "L"):
        result = result.convert("RGB")  # CMYK, YCbCr, LAB, HSV
    if result.mode == "RGBA":
        low, _ = result.getchannel("A").getextrema()
        if low == 255:  # an alpha channel that hides nothing is dropped: "has alpha" then means something
            result = result.convert("RGB")
    return result

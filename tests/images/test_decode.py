"""Untrusted image bytes: only PNG/JPEG/WebP, pixel cap from the header, EXIF orientation, modes."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
from PIL import Image

from imagegate.errors import InvalidRequest
from imagegate.images.decode import decode_image
from tests.support.images import encoded, png_bytes, png_claiming, scene

MAX = 1 << 22


def refused(data: bytes, max_pixels: int = MAX) -> InvalidRequest:
    with pytest.raises(InvalidRequest) as caught:
        decode_image(data, field="init_image", max_pixels=max_pixels)
    assert caught.value.param == "init_image"
    return caught.value


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_supported_formats(fmt: str) -> None:
    decoded = decode_image(encoded(scene(40, 30), fmt), field="f", max_pixels=MAX)
    assert decoded.image.size == (40, 30) and decoded.image.mode == "RGB" and decoded.format == fmt


@pytest.mark.parametrize(("fmt", "name"), [("GIF", "GIF"), ("BMP", "BMP"), ("TIFF", "TIFF")])
def test_other_formats_are_named_and_refused(fmt: str, name: str) -> None:
    error = refused(encoded(scene(8, 8), fmt))
    assert error.code == "unsupported_image" and name in error.message


def test_not_an_image() -> None:
    assert refused(b"hello, world").code == "unsupported_image"
    assert refused(b"").code == "invalid_image"


def test_truncated_image_is_corrupt() -> None:
    data = encoded(scene(64, 64), "JPEG")
    assert refused(data[: len(data) // 2]).code == "corrupt_image"
    png = png_bytes(scene(64, 64))
    assert refused(png[: len(png) - 200]).code in ("corrupt_image", "unsupported_image")


def test_decompression_bomb_is_refused_from_the_header() -> None:
    started = time.perf_counter()
    error = refused(png_claiming(10_000, 10_000))
    assert error.code == "image_too_large" and "10000×10000" in error.message
    assert refused(png_claiming(50_000, 50_000)).code == "image_too_large"  # beyond Pillow's own limit too
    assert time.perf_counter() - started < 0.5  # no pixel was decoded
    assert refused(png_bytes(scene(64, 64)), max_pixels=64 * 63).code == "image_too_large"


def test_exif_orientation_is_applied() -> None:
    image = Image.new("RGB", (40, 20), (255, 0, 0))
    image.paste((0, 0, 255), (0, 0, 10, 20))  # blue on the left
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    decoded = decode_image(encoded(image, "JPEG", exif=exif.tobytes(), quality=95), field="f", max_pixels=MAX)
    assert decoded.image.size == (20, 40) and decoded.normalised
    top = np.asarray(decoded.image)[:8].mean(axis=(0, 1))
    assert top[2] > 200 and top[0] < 60  # the blue band is now at the top


def test_modes_are_normalised() -> None:
    wide = Image.fromarray((np.arange(256, dtype=np.uint16).reshape(16, 16) * 256).astype(np.uint16))
    grey = decode_image(png_bytes(wide), field="f", max_pixels=MAX).image
    assert grey.mode == "L" and grey.getextrema() == (0, 255)
    palette = Image.new("P", (8, 8), 0)
    palette.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    palette.info["transparency"] = 0
    assert decode_image(png_bytes(palette, transparency=0), field="f", max_pixels=MAX).image.mode == "RGBA"
    opaque = Image.new("RGBA", (8, 8), (1, 2, 3, 255))
    assert decode_image(png_bytes(opaque), field="f", max_pixels=MAX).image.mode == "RGB"
    see_through = Image.new("RGBA", (8, 8), (1, 2, 3, 0))
    assert decode_image(png_bytes(see_through), field="f", max_pixels=MAX).image.mode == "RGBA"


def test_plain_png_is_kept_as_sent() -> None:
    decoded = decode_image(png_bytes(scene(16, 16)), field="f", max_pixels=MAX)
    assert not decoded.normalised and decoded.format == "PNG"


def test_animated_images_are_refused() -> None:
    frames = [scene(16, 16, seed=i) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="WEBP", save_all=True, append_images=frames[1:])
    error = refused(buffer.getvalue())
    assert error.code == "unsupported_image" and "animated" in error.message

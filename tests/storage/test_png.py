"""The fast PNG writer: what Pillow (and so every image tool) reads back is exactly what was written."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from imagegate.storage.encode import encode_image, metadata_text
from imagegate.storage.png import encode_png, supports


def _random(mode: str, size: tuple[int, int], seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    channels = {"L": 1, "RGB": 3, "RGBA": 4}[mode]
    pixels = rng.integers(0, 256, size=(size[1], size[0], channels), dtype=np.uint8)
    return Image.fromarray(pixels[:, :, 0] if channels == 1 else pixels, mode)


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA"])
@pytest.mark.parametrize("size", [(1, 1), (7, 5), (64, 64), (256, 96)])
@pytest.mark.parametrize("level", [0, 1, 9])
def test_pixels_round_trip(mode: str, size: tuple[int, int], level: int) -> None:
    image = _random(mode, size, seed=size[0] * 31 + size[1])
    data = encode_png(image, compress_level=level)
    with Image.open(io.BytesIO(data)) as decoded:
        decoded.load()
        assert decoded.format == "PNG"
        assert decoded.mode == mode
        assert decoded.size == size
        assert np.array_equal(np.asarray(decoded), np.asarray(image))


def test_text_chunks_are_read_back_by_pillow() -> None:
    params = {"prompt": "a red circle — über café ✓", "width": 64, "height": 64, "num_inference_steps": 2}
    text = metadata_text(params, seed=7, model="tiny-sd1", info={"scheduler": "EulerDiscreteScheduler"})
    data = encode_image(_random("RGB", (64, 64)), text=text)
    with Image.open(io.BytesIO(data)) as img:
        chunks = {str(k): v for k, v in img.info.items() if isinstance(v, str)}
    assert chunks["parameters"] == text["parameters"]
    assert chunks["imagegate"] == text["imagegate"]
    assert "über café ✓" in chunks["parameters"]


def test_same_image_same_bytes_and_flat_images_compress() -> None:
    flat = Image.new("RGB", (256, 256), (30, 60, 200))
    first, second = encode_image(flat), encode_image(flat.copy())
    assert first == second
    assert len(first) < 256 * 256 * 3 // 50
    assert len(encode_png(flat, compress_level=0)) > 256 * 256 * 3  # stored, not deflated


def test_other_modes_go_through_pillow() -> None:
    palette = Image.new("P", (16, 16), 3)
    assert not supports(palette)
    with Image.open(io.BytesIO(encode_image(palette, text={"k": "v"}))) as decoded:
        assert decoded.mode == "P"
        assert decoded.info["k"] == "v"

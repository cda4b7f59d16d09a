"""Tiled repainting, A1111's "SD upscale" script: the input is enlarged (``enlarge``), cut into
tiles of the request's width×height that overlap by ``overlap`` pixels (``tiles``), and each tile is
repainted by image-to-image and laid over the result with its overlapping sides feathered
(``feather``), left to right and top to bottom, so no seam shows where tiles meet."""

from __future__ import annotations

import math
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import numpy as np
from PIL import Image

from imagegate.domain.requests import Img2ImgRequest, TiledUpscaleOption

Box = tuple[int, int, int, int]


def enlarge(
    image: Image.Image,
    option: TiledUpscaleOption,
    network: Callable[[str, Image.Image, tuple[int, int]], Image.Image] | None = None,
) -> Image.Image:
    """``image`` at the result's size: resampled, or by the catalog upscaler ``option.upscaler`` names
    (through ``network``, the upscaler engine's)."""
    size = option.size(image.width, image.height)
    if option.network is not None:
        assert network is not None  # the engine hands it over whenever an upscaler is named
        return network(option.network, image, size)
    resample = Image.Resampling.LANCZOS if option.upscaler == "lanczos" else Image.Resampling.NEAREST
    return image.resize(size, resample)


def _starts(length: int, tile: int, overlap: int) -> list[int]:
    """Evenly spaced starts from 0 to ``length - tile``, overlapping by at least ``overlap``."""
    if length <= tile:
        return [0]
    count = math.ceil((length - overlap) / max(8, tile - overlap))
    count = max(2, count)
    return [round(i * (length - tile) / (count - 1)) for i in range(count)]


def tiles(size: tuple[int, int], tile: tuple[int, int], overlap: int) -> list[Box]:
    """Boxes (left, top, right, bottom) covering ``size``, each at most ``tile`` and overlapping."""
    width, height = size
    tile_w, tile_h = min(tile[0], width), min(tile[1], height)
    return [
        (x, y, x + tile_w, y + tile_h)
        for y in _starts(height, tile_h, overlap)
        for x in _starts(width, tile_w, overlap)
    ]


def feather(box: Box, overlap: int) -> Image.Image:
    """The tile's paste mask: opaque, ramping in over ``overlap`` pixels on the sides that lie over
    tiles laid before it (left and top; the image's own edges stay sharp)."""
    left, top, right, bottom = box
    alpha = np.ones((bottom - top, right - left))
    ramp = np.arange(1, overlap + 1) / (overlap + 1)
    if left > 0 and overlap:
        alpha[:, : min(overlap, alpha.shape[1])] *= ramp[: alpha.shape[1]]
    if top > 0 and overlap:
        alpha[: min(overlap, alpha.shape[0]), :] *= ramp[: alpha.shape[0], None]
    return Image.fromarray(np.round(alpha * 255).astype(np.uint8))  # 2-D uint8: greyscale


def repaint(
    enlarged: Image.Image, tile: tuple[int, int], overlap: int, paint: Callable[[int, Image.Image], Image.Image]
) -> Image.Image:
    """Each tile of ``enlarged`` through ``paint(index, tile_image)``, laid over the result."""
    result = enlarged.copy()
    for index, box in enumerate(tiles(enlarged.size, tile, overlap)):
        painted = paint(index, enlarged.crop(box))
        result.paste(
            painted.convert(result.mode).resize((box[2] - box[0], box[3] - box[1])), box[:2], feather(box, overlap)
        )
    return result


def repaint_tiles(
    pipe: Any, request: Img2ImgRequest, kwargs: dict[str, Any], seed: int, reporter: Callable[..., Any]
) -> Any:
    """A1111's SD upscale: ``kwargs["image"]`` (already enlarged) repainted tile by tile, each tile a
    call of ``pipe`` with ``kwargs``; progress counts on across tiles through ``reporter``."""
    import torch

    assert request.tiled_upscale is not None and request.width is not None and request.height is not None
    enlarged, option = kwargs["image"], request.tiled_upscale
    tile = (request.width, request.height)
    boxes = tiles(enlarged.size, tile, option.overlap)
    per_tile = max(1, int(kwargs["num_inference_steps"] * request.strength))

    def paint(index: int, image: Any) -> Any:
        call = kwargs | {
            "image": image,
            "generator": [torch.Generator("cpu").manual_seed(seed)],
            "callback_on_step_end": reporter(index * per_tile, image.size, per_tile * len(boxes)),
        }
        for name, value in zip(("width", "height"), image.size, strict=True):
            if name in call:
                call[name] = value
        return pipe(**call).images[0]

    return SimpleNamespace(images=[repaint(enlarged, tile, option.overlap, paint)])

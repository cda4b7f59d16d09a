"""Upscaling one image with a loaded network (or Lanczos, when a catalog entry asks for it by name).

Factors other than the network's own are reached the way Real-ESRGAN's ``outscale`` does: run the
network, then resize the result to the exact size asked for with Lanczos (a reduction, so no detail
is invented by it). A factor beyond the network's runs it again; before the last pass the image is
reduced so that the last pass lands on the target size instead of far beyond it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from PIL import Image

from imagegate.engines.upscale.tiles import TileSettings
from imagegate.engines.upscale.tiling import upscale_tiled
from imagegate.engines.upscale.weights import Network
from imagegate.images.pixels import has_alpha


@dataclass
class UpscaleReport:
    passes: int = 0
    tiles: int = 0
    resized_with_lanczos: bool = False
    info: dict[str, Any] = field(default_factory=dict)


def target_size(width: int, height: int, scale: float) -> tuple[int, int]:
    return max(1, round(width * scale)), max(1, round(height * scale))


def lanczos(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    return image.resize(size, Image.Resampling.LANCZOS)


def _run(
    network: Network,
    rgb: np.ndarray,
    tiles: TileSettings,
    device: str,
    on_tile: Callable[[int, int], None],
) -> np.ndarray:
    dtype = next(network.module.parameters()).dtype
    return upscale_tiled(
        network.module,
        rgb,
        scale=int(network.scale),
        tile=tiles.tile,
        pad=tiles.pad,
        overlap=tiles.overlap,
        multiple=network.input_multiple,
        device=device,
        dtype=dtype,
        on_tile=on_tile,
    )


def upscale_image(
    network: Network,
    image: Image.Image,
    scale: float,
    *,
    tiles: TileSettings,
    device: str = "cpu",
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[Image.Image, UpscaleReport]:
    """``image`` enlarged ``scale`` times. RGB stays RGB; an alpha channel is upscaled by the network
    too (as Real-ESRGAN does), so transparent edges stay as sharp as the colours."""
    report = UpscaleReport()
    target = target_size(image.width, image.height, scale)
    native = int(network.scale)
    if native < 2:
        raise ValueError("the network does not enlarge (scale 1)")
    passes = max(1, math.ceil(math.log(scale) / math.log(native) - 1e-9))
    inputs = _pass_inputs(image.size, target, native, passes)
    channels = [image.convert("RGB")]
    if has_alpha(image):
        channels.append(image.convert("RGBA").getchannel("A").convert("RGB"))
    per_channel = sum(_tile_count(size, tiles) for size in inputs)
    done_before = 0

    def progress(done: int, _count: int) -> None:  # in tiles, over every pass and channel
        if on_progress is not None:
            on_progress(done_before + done, per_channel * len(channels))

    outputs = []
    for channel in channels:
        current = channel
        for size in inputs:
            if current.size != size:  # before a last pass: land on the target, not far beyond it
                current = lanczos(current, size)
                report.resized_with_lanczos = True
            current = Image.fromarray(_run(network, np.asarray(current), tiles, device, progress))
            done_before += _tile_count(size, tiles)
        if current.size != target:
            current = lanczos(current, target)
            report.resized_with_lanczos = True
        outputs.append(current)
    report.passes = passes
    report.tiles = per_channel * len(channels)
    if len(outputs) == 2:
        outputs[0].putalpha(outputs[1].convert("L"))
    return outputs[0], report


def _pass_inputs(size: tuple[int, int], target: tuple[int, int], native: int, passes: int) -> list[tuple[int, int]]:
    """The input size of each network pass."""
    sizes, current = [], size
    for index in range(passes):
        if index == passes - 1 and index > 0:
            lands = (math.ceil(target[0] / native), math.ceil(target[1] / native))
            if current[0] > lands[0]:
                current = lands
        sizes.append(current)
        current = (current[0] * native, current[1] * native)
    return sizes


def _tile_count(size: tuple[int, int], tiles: TileSettings) -> int:
    from imagegate.engines.upscale.tiling import starts

    w, h = size
    if tiles.tile <= 0 or (w <= tiles.tile and h <= tiles.tile):
        return 1
    overlap = min(tiles.overlap, tiles.tile // 2)
    return len(starts(w, tiles.tile, overlap)) * len(starts(h, tiles.tile, overlap))


def torch_dtype(name: str | None, device: str) -> torch.dtype:
    if name is not None:
        dtype: torch.dtype = getattr(torch, name)
        return dtype
    return torch.float16 if device.startswith("cuda") else torch.float32

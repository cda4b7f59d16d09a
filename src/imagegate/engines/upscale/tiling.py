"""Running an upscaler over an image of any size in tiles, with bounded memory and no visible seams.

Each tile is read with ``pad`` extra pixels of context on every side (cropped off again after the
network) so its core sees what it would see in a whole-image pass. Neighbouring cores overlap by
``overlap`` pixels and are cross-faded there with linear weights, normalised by their sum.

Tiles are processed one row at a time. Only the output rows a later row of tiles can still touch are
kept as float accumulators; the rest are written to the 8-bit result at once. Memory is therefore
the result itself plus about one band of ``(tile + overlap) × scale`` rows, whatever the image size.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
from torch.nn import functional as F


def starts(length: int, tile: int, overlap: int) -> list[int]:
    """Tile origins along one axis: evenly spread, neighbours overlapping by at least ``overlap``."""
    if length <= tile:
        return [0]
    count = math.ceil((length - overlap) / (tile - overlap))
    return [round(i * (length - tile) / (count - 1)) for i in range(count)]


def ramp(size: int, fade_in: int, fade_out: int) -> np.ndarray:
    """Weights along one axis of a tile: rising over ``fade_in`` pixels, falling over ``fade_out``."""
    index = np.arange(size, dtype=np.float32) + 0.5
    weights = np.ones(size, dtype=np.float32)
    if fade_in > 0:
        weights = np.minimum(weights, index / fade_in)
    if fade_out > 0:
        weights = np.minimum(weights, (size - index) / fade_out)
    return weights


def run_network(
    net: Callable[[torch.Tensor], torch.Tensor], pixels: np.ndarray, *, multiple: int, device: str, dtype: torch.dtype
) -> np.ndarray:
    """One forward pass on an (h, w, 3) float32 array in [0, 1]; returns (h·s, w·s, 3) float32."""
    h, w = pixels.shape[:2]
    x = torch.from_numpy(np.ascontiguousarray(pixels.transpose(2, 0, 1)))[None].to(device=device, dtype=dtype)
    pad_h, pad_w = -h % multiple, -w % multiple
    if pad_h or pad_w:
        x = F.pad(x, (0, pad_w, 0, pad_h), mode="reflect" if min(h, w) > max(pad_h, pad_w) else "replicate")
    with torch.inference_mode():
        y = net(x)
        scale = y.shape[-1] // x.shape[-1]
        y = y[..., : h * scale, : w * scale].clamp_(0, 1)
        return y[0].permute(1, 2, 0).float().cpu().numpy()


def upscale_tiled(
    net: Callable[[torch.Tensor], torch.Tensor],
    image: np.ndarray,
    *,
    scale: int,
    tile: int = 192,
    pad: int = 16,
    overlap: int = 16,
    multiple: int = 1,
    device: str = "cpu",
    dtype: torch.dtype = torch.float32,
    on_tile: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Upscale an (h, w, 3) uint8 image by the network's integer ``scale``; returns uint8.
    ``tile <= 0`` runs the whole image at once (for tests and small inputs)."""
    h, w = image.shape[:2]
    src = image.astype(np.float32) / 255.0
    if tile <= 0 or (h <= tile and w <= tile):
        out = run_network(net, src, multiple=multiple, device=device, dtype=dtype)
        if on_tile is not None:
            on_tile(1, 1)
        return np.clip(np.rint(out * 255.0), 0, 255).astype(np.uint8)
    overlap = min(overlap, tile // 2)
    ys, xs = starts(h, tile, overlap), starts(w, tile, overlap)
    result = np.empty((h * scale, w * scale, 3), dtype=np.uint8)
    acc = np.zeros((0, w * scale, 3), dtype=np.float32)
    weight = np.zeros((0, w * scale), dtype=np.float32)
    acc_top = 0  # output row where the accumulators begin
    total, done = len(ys) * len(xs), 0

    def flush(until: int) -> None:
        nonlocal acc, weight, acc_top
        rows = until - acc_top
        if rows <= 0:
            return
        values = acc[:rows] / weight[:rows, :, None]
        result[acc_top:until] = np.clip(np.rint(values * 255.0), 0, 255).astype(np.uint8)
        acc, weight, acc_top = acc[rows:], weight[rows:], until

    for row, y0 in enumerate(ys):
        y1 = min(y0 + tile, h)
        flush(y0 * scale)  # rows above this band are final
        grow = y1 * scale - (acc_top + acc.shape[0])
        if grow > 0:
            acc = np.concatenate([acc, np.zeros((grow, w * scale, 3), dtype=np.float32)])
            weight = np.concatenate([weight, np.zeros((grow, w * scale), dtype=np.float32)])
        fade_top = (ys[row - 1] + tile - y0) * scale if row > 0 else 0
        fade_bottom = (y1 - ys[row + 1]) * scale if row + 1 < len(ys) else 0
        wy = ramp((y1 - y0) * scale, fade_top, fade_bottom)
        for col, x0 in enumerate(xs):
            x1 = min(x0 + tile, w)
            cy0, cy1, cx0, cx1 = max(0, y0 - pad), min(h, y1 + pad), max(0, x0 - pad), min(w, x1 + pad)
            out = run_network(net, src[cy0:cy1, cx0:cx1], multiple=multiple, device=device, dtype=dtype)
            core = out[(y0 - cy0) * scale : (y1 - cy0) * scale, (x0 - cx0) * scale : (x1 - cx0) * scale]
            fade_left = (xs[col - 1] + tile - x0) * scale if col > 0 else 0
            fade_right = (x1 - xs[col + 1]) * scale if col + 1 < len(xs) else 0
            wt = wy[:, None] * ramp((x1 - x0) * scale, fade_left, fade_right)[None, :]
            top = y0 * scale - acc_top
            acc[top : top + core.shape[0], x0 * scale : x1 * scale] += core * wt[..., None]
            weight[top : top + core.shape[0], x0 * scale : x1 * scale] += wt
            done += 1
            if on_tile is not None:
                on_tile(done, total)
    flush(h * scale)
    return result

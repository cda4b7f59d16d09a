"""From the width and height a request asks for to what a provider understands.

Providers take one of three things; the mapping for each is documented in docs/providers.md:

* a fixed list of pixel sizes (OpenAI): the listed size whose aspect ratio is closest, then the
  closest area;
* an aspect ratio (BFL Ultra/Kontext, Stability, Imagen, Replicate FLUX): the listed ratio closest
  to width/height, compared on a log scale so 2:1 and 1:2 are equally far from 1:1 — the provider
  then picks the pixel count;
* free pixel sizes within bounds (BFL FLUX 1.1/dev/2, fal, ModelsLab): rounded to the provider's
  multiple and clamped to its range.

When the output differs from the request, the job says so in its warnings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def ratio_of(label: str) -> float:
    w, h = label.split(":")
    return float(w) / float(h)


def nearest_aspect(width: int, height: int, choices: Sequence[str]) -> str:
    target = math.log(width / height)
    return min(choices, key=lambda c: (abs(math.log(ratio_of(c)) - target), choices.index(c)))


def nearest_size(width: int, height: int, sizes: Sequence[tuple[int, int]]) -> tuple[int, int]:
    target = math.log(width / height)
    area = math.log(width * height)
    return min(sizes, key=lambda s: (round(abs(math.log(s[0] / s[1]) - target), 6), abs(math.log(s[0] * s[1]) - area)))


def fit(value: int, *, multiple: int, low: int, high: int) -> int:
    """``value`` rounded to ``multiple`` within [low, high]."""
    rounded = round(value / multiple) * multiple
    return max(low, min(high, rounded))


def fit_pixels(
    width: int, height: int, *, multiple: int, low: int, high: int, max_pixels: int | None = None
) -> tuple[int, int]:
    """Both sides fitted; scaled down first (keeping the ratio) when the area is over ``max_pixels``."""
    if max_pixels and width * height > max_pixels:
        scale = math.sqrt(max_pixels / (width * height))
        width, height = int(width * scale), int(height * scale)
        # Round down so the area stays under the cap.
        return (
            max(low, min(high, width // multiple * multiple)),
            max(low, min(high, height // multiple * multiple)),
        )
    return fit(width, multiple=multiple, low=low, high=high), fit(height, multiple=multiple, low=low, high=high)

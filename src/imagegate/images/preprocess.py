"""ControlNet preprocessors: turn a user's image into the map a ControlNet was trained on.

An explicit table by name; the names are the ``Preprocessor`` literal of the request model, but for
``depth`` and ``openpose``, which run an annotator model (engines/diffusers/annotators.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from imagegate.images.pixels import as_rgb


@dataclass(frozen=True)
class PreprocessParams:
    low_threshold: int = 100
    high_threshold: int = 200


def _none(image: Image.Image, params: PreprocessParams) -> Image.Image:
    return as_rgb(image)


def _canny(image: Image.Image, params: PreprocessParams) -> Image.Image:
    import cv2

    grey = np.asarray(as_rgb(image).convert("L"))
    edges = cv2.Canny(grey, params.low_threshold, params.high_threshold)
    return Image.fromarray(np.stack([edges] * 3, axis=-1))  # ControlNets read 3-channel maps


def _invert(image: Image.Image, params: PreprocessParams) -> Image.Image:
    return ImageOps.invert(as_rgb(image))


PREPROCESSORS: dict[str, Callable[[Image.Image, PreprocessParams], Image.Image]] = {
    "none": _none,
    "canny": _canny,
    "invert": _invert,
}


def preprocess(name: str, image: Image.Image, params: PreprocessParams) -> Image.Image:
    return PREPROCESSORS[name](image, params)

"""Sizes and canvases: fitting an input into a model's limits, extending one for outpainting, and
what an inpainted area starts from."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from imagegate.domain.requests import MaskedContent
from imagegate.images.pixels import as_rgb


def round_to(value: float, multiple: int) -> int:
    return max(multiple, round(value / multiple) * multiple)


def fit_size(
    width: int, height: int, *, max_width: int, max_height: int, max_pixels: int | None, multiple: int
) -> tuple[int, int]:
    """The size to work at for an input of ``width``×``height``: the same aspect ratio, scaled down
    (never up) to fit the limits, rounded to ``multiple``."""
    scale = min(1.0, max_width / width, max_height / height)
    if max_pixels:
        scale = min(scale, math.sqrt(max_pixels / (width * height)))
    w, h = width * scale, height * scale
    fw, fh = round_to(w, multiple), round_to(h, multiple)
    # Rounding up may step over a limit: take the multiple below instead.
    while fw > max_width or (max_pixels and fw * fh > max_pixels and fw > multiple):
        fw -= multiple
    while fh > max_height or (max_pixels and fw * fh > max_pixels and fh > multiple):
        fh -= multiple
    return fw, fh


@dataclass(frozen=True)
class Margins:
    left: int
    right: int
    top: int
    bottom: int

    def canvas(self, width: int, height: int) -> tuple[int, int]:
        return width + self.left + self.right, height + self.top + self.bottom


def split(extra: int, anchor_start: bool, anchor_end: bool) -> tuple[int, int]:
    """Share ``extra`` pixels between the two sides of an axis: all after an anchor at the start,
    all before one at the end, half each when centred."""
    if anchor_start:
        return 0, extra
    if anchor_end:
        return extra, 0
    return extra // 2, extra - extra // 2


def margins_for_canvas(width: int, height: int, canvas_w: int, canvas_h: int, anchor: str) -> Margins:
    left, right = split(canvas_w - width, "left" in anchor, "right" in anchor)
    top, bottom = split(canvas_h - height, "top" in anchor, "bottom" in anchor)
    return Margins(left, right, top, bottom)


def canvas_for_ratio(width: int, height: int, ratio: tuple[int, int]) -> tuple[int, int]:
    """The smallest canvas holding ``width``×``height`` with the given width:height ratio."""
    rw, rh = ratio
    if width * rh >= height * rw:  # wider than the target: grow the height
        return width, math.ceil(width * rh / rw)
    return math.ceil(height * rw / rh), height


def round_margins_up(margins: Margins, width: int, height: int, multiple: int, anchor: str) -> Margins:
    """Grow the margins so the canvas is a multiple of ``multiple``: the extra pixels go to the sides
    that are already being extended (or right/bottom when neither is)."""
    cw, ch = margins.canvas(width, height)
    extra_w, extra_h = -cw % multiple, -ch % multiple
    left, right, top, bottom = margins.left, margins.right, margins.top, margins.bottom
    if extra_w:
        if left and not right:
            left += extra_w
        elif right and not left:
            right += extra_w
        else:
            add_left, add_right = split(extra_w, "left" in anchor, "right" in anchor) if left else (0, extra_w)
            left, right = left + add_left, right + add_right
    if extra_h:
        if top and not bottom:
            top += extra_h
        elif bottom and not top:
            bottom += extra_h
        else:
            add_top, add_bottom = split(extra_h, "top" in anchor, "bottom" in anchor) if top else (0, extra_h)
            top, bottom = top + add_top, bottom + add_bottom
    return Margins(left, right, top, bottom)


@dataclass
class OutpaintCanvas:
    image: Image.Image  # the extended canvas, the new area pre-filled
    mask: Image.Image  # what the model repaints (white): the new area and a seam band of the original
    alpha: np.ndarray  # weights for pasting the result back over ``original``
    original: Image.Image  # the canvas with the exact original pixels where the image sits


def _distance(inside: np.ndarray) -> np.ndarray:
    """For each non-zero pixel, its distance in pixels to the nearest zero pixel."""
    import cv2

    return cv2.distanceTransform(inside.astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)


def outpaint_canvas(image: Image.Image, margins: Margins, mask_blur: int) -> OutpaintCanvas:
    """Place ``image`` on the extended canvas, fill the new area and build the soft-edged masks.

    The fill mirrors the original across each edge (so structure and colour continue) and blurs it
    more the further it lies from the original: when ``strength`` is below 1 the model starts from
    plausible colours rather than a flat or noisy border. The model repaints the new area plus a
    band of ``2 × mask_blur`` pixels of the original; pasting back fades linearly across that band."""
    rgb = as_rgb(image)
    w, h = rgb.size
    pad = ((margins.top, margins.bottom), (margins.left, margins.right), (0, 0))
    mirrored = np.pad(np.asarray(rgb), pad, mode="symmetric")
    original = Image.fromarray(mirrored)
    new_area = np.ones(mirrored.shape[:2], dtype=bool)
    new_area[margins.top : margins.top + h, margins.left : margins.left + w] = False
    extent = max(margins.left, margins.right, margins.top, margins.bottom, 1)
    near = np.asarray(original.filter(ImageFilter.GaussianBlur(max(1.0, extent / 16))), dtype=np.float32)
    far = np.asarray(original.filter(ImageFilter.GaussianBlur(max(2.0, extent / 4))), dtype=np.float32)
    weight = np.clip(_distance(new_area) / extent, 0.0, 1.0)[..., None]
    filled = near * (1 - weight) + far * weight
    canvas = np.where(new_area[..., None], filled, mirrored.astype(np.float32))
    band = 2 * mask_blur
    if band > 0:
        into_original = _distance(~new_area)  # distance of each original pixel to the new area
        alpha = np.where(new_area, 1.0, np.clip(1.0 - (into_original - 0.5) / band, 0.0, 1.0)).astype(np.float32)
    else:
        alpha = new_area.astype(np.float32)
    mask = Image.fromarray(np.where(alpha > 0, 255, 0).astype(np.uint8))
    return OutpaintCanvas(
        image=Image.fromarray(np.clip(np.rint(canvas), 0, 255).astype(np.uint8)),
        mask=mask,
        alpha=alpha,
        original=original,
    )


def prefill_masked(image: Image.Image, mask: Image.Image, content: MaskedContent, seed: int) -> Image.Image:
    """What the repainted area starts from (A1111's "masked content"), blended in by the mask's grey:

    * ``original``: the image as it is;
    * ``fill``: the colours around the mask, flowed into it (OpenCV's Telea inpainting) and blurred,
      so the model starts from the surroundings without the old content;
    * ``latent_noise``: random colours (seeded with the job's seed), so the area is drawn afresh;
    * ``latent_nothing``: flat mid-grey, what SD's all-zero latent decodes to, roughly.
    """
    if content == "original":
        return image
    import cv2

    rgb = np.asarray(as_rgb(image))
    weight = np.asarray(mask.convert("L"), dtype=np.float32)[..., None] / 255.0
    if content == "fill":
        hard = (weight[..., 0] > 0).astype(np.uint8)
        radius = max(3, round(min(rgb.shape[:2]) / 16))
        flowed = cv2.inpaint(rgb, hard, radius, cv2.INPAINT_TELEA)
        start = cv2.GaussianBlur(flowed.astype(np.float32), (0, 0), radius)
    elif content == "latent_noise":
        start = np.random.default_rng(seed).uniform(0, 255, rgb.shape).astype(np.float32)
    else:
        start = np.full(rgb.shape, 127.5, dtype=np.float32)
    blended = rgb.astype(np.float32) * (1 - weight) + start * weight
    return Image.fromarray(np.clip(np.rint(blended), 0, 255).astype(np.uint8))

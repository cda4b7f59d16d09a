"""What a safety policy does to a flagged image: blur it, pixelate it, or paint it black
(``block`` withholds it altogether and is handled by the checker)."""

from __future__ import annotations

from typing import Any

from PIL import Image, ImageFilter

from imagegate.domain.policy import SafetyAction


def apply(image: Any, action: SafetyAction) -> Any:
    """A new PIL image of the same size and mode."""
    if action is SafetyAction.blur:
        # A radius relative to the size hides content at every resolution, not only at 512 px.
        radius = max(8, max(image.size) // 12)
        return image.filter(ImageFilter.GaussianBlur(radius))
    if action is SafetyAction.pixelate:
        cells = 12
        small = image.resize((cells, max(1, cells * image.height // max(1, image.width))), Image.Resampling.BOX)
        return small.resize(image.size, Image.Resampling.NEAREST)
    if action is SafetyAction.black:
        return Image.new(image.mode, image.size)
    raise ValueError(f"{action} does not transform an image")

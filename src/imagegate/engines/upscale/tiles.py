"""How an upscaler cuts an image into tiles: catalog options, checked without importing torch (an
API replica reads the catalog too, and never upscales)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TileSettings:
    tile: int = 256
    pad: int = 12
    overlap: int = 8

    @classmethod
    def from_kwargs(cls, kwargs: dict[str, Any]) -> TileSettings:
        known = {"tile_size": "tile", "tile_pad": "pad", "tile_overlap": "overlap"}
        unknown = sorted(set(kwargs) - set(known))
        if unknown:
            raise ValueError(f"unknown upscaler option(s) {', '.join(unknown)}; use {', '.join(sorted(known))}")
        values = {known[k]: int(v) for k, v in kwargs.items()}
        settings = cls(**values)
        if settings.tile < 0 or settings.pad < 0 or settings.overlap < 0:
            raise ValueError("tile_size, tile_pad and tile_overlap must not be negative")
        return settings

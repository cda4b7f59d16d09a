"""Upscalers: ESRGAN-family networks (bundled Real-ESRGAN or a user's weights), tiled; Lanczos by name."""

from imagegate.engines.upscale.engine import UpscalerEngine

__all__ = ["UpscalerEngine"]

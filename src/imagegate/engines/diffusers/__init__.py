"""Local open-weight models run with Hugging Face diffusers: one adapter per family in ``families/``."""

from imagegate.engines.diffusers.engine import DiffusersEngine

__all__ = ["DiffusersEngine"]

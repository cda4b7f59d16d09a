"""Engines turn a request for a catalog model into images: local diffusers pipelines, hosted
providers and upscalers, all behind the ``Engine`` protocol of ``engines.base``."""

from imagegate.engines.base import Engine, EngineKind, RunContext

__all__ = ["Engine", "EngineKind", "RunContext"]

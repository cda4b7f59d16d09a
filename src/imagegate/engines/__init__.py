"""Engines turn a request for a catalog model into images: local diffusers pipelines, hosted
providers, upscalers and routes, all subclasses of ``engines.base.Engine``, which declares every
capability admission and the scheduler ask about (kind, size multiple, LoRAs, upscaling, loading).

May import: images, executors, storage, net, config, domain, errors; never jobs, admission,
bookkeeping, services or the api.
"""

from imagegate.engines.base import Engine, EngineKind, RunContext

__all__ = ["Engine", "EngineKind", "RunContext"]

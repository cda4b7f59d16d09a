"""Compiled pipelines (catalog ``compile = true``): channels-last, ``torch.compile`` of the denoiser
and of the VAE decoder, and a warm-up at load.

Choices:

* Modules are compiled in place (``module.compile``), not wrapped: the pipeline keeps its UNet or
  transformer object, so ``from_pipe`` task pipelines, LoRA loading and ``config`` reads see the same
  module and share the compiled code.
* ``dynamic=False``: every (size, batch) shape gets its own specialised graph — the fastest kernels,
  and the only kind CUDA graphs (``compile_mode = "reduce-overhead"``) can capture. A server sees few
  shapes (the catalog's default size and a handful of others), and the number of graphs per module is
  bounded by the ``compile_recompile_limit`` setting: past it, torch runs that module uncompiled for
  new shapes (same images, no compile stall) instead of compiling forever.
* The warm-up runs one 2-step generation at the model's default size inside ``load_pipeline``, so
  the compile time is part of the model's load time (``load_s``) and not of the first job's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from imagegate.domain.models import ModelSpec

log = logging.getLogger("imagegate.engines.diffusers")
WARMUP_STEPS = 2


@dataclass(frozen=True)
class CompileOptions:
    """``backend``: torch.compile's backend — ``inductor`` generates kernels (needs a C compiler on
    CPUs); ``eager`` only captures graphs, for checking the wiring quickly."""

    backend: str = "inductor"
    recompile_limit: int = 8


def denoiser(pipe: Any) -> Any:
    """The module run at every step: the UNet, or the transformer of flow-matching families."""
    unet = getattr(pipe, "unet", None)
    return unet if unet is not None else pipe.transformer


def bound_recompiles(limit: int) -> None:
    """Graphs torch keeps per compiled function (process-wide: one setting for every model)."""
    import torch._dynamo

    config = torch._dynamo.config
    setattr(config, "recompile_limit" if hasattr(config, "recompile_limit") else "cache_size_limit", limit)


def compile_pipeline(pipe: Any, spec: ModelSpec, options: CompileOptions) -> None:
    """Channels-last weights and in-place ``torch.compile`` of the denoiser and the VAE decoder."""
    import torch

    bound_recompiles(options.recompile_limit)
    mode = None if spec.compile_mode == "default" else spec.compile_mode
    model = denoiser(pipe)
    if getattr(pipe, "unet", None) is not None:
        # Convolutions run faster in NHWC on tensor cores; a transformer has none to speed up.
        model.to(memory_format=torch.channels_last)
    model.compile(backend=options.backend, mode=mode, dynamic=False)
    vae = getattr(pipe, "vae", None)
    if vae is not None:
        vae.to(memory_format=torch.channels_last)
        vae.decoder.compile(backend=options.backend, mode=mode, dynamic=False)


def warm_up(pipe: Any, spec: ModelSpec) -> None:
    """One short generation at the default size, as requests will call it (inference mode, CPU
    generator), so the graphs are compiled before the first job."""
    import torch

    kwargs: dict[str, Any] = {
        "prompt": "warm-up",
        "width": spec.defaults.width,
        "height": spec.defaults.height,
        "num_inference_steps": WARMUP_STEPS,
        "guidance_scale": spec.defaults.guidance_scale,
        "generator": torch.Generator("cpu").manual_seed(0),
        **spec.call_kwargs,
    }
    with torch.inference_mode():
        pipe(**kwargs)


def prepare(pipe: Any, spec: ModelSpec, options: CompileOptions) -> None:
    compile_pipeline(pipe, spec, options)
    warm_up(pipe, spec)
    size = f"{spec.defaults.width}x{spec.defaults.height}"
    log.info("model '%s' compiled (%s backend) and warmed up at %s", spec.id, options.backend, size)


__all__ = ["CompileOptions", "compile_pipeline", "denoiser", "prepare", "warm_up"]

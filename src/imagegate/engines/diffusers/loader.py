"""Finding out what a model is and loading it: a Hugging Face repo id, a local diffusers folder, or a
single-file checkpoint. The same code path serves the bundled model, test models and real ones."""

from __future__ import annotations

import contextlib
import json
from contextlib import AbstractContextManager
from enum import StrEnum
from pathlib import Path
from typing import Any

from imagegate.domain.models import Family, ModelSpec
from imagegate.engines.diffusers import memory
from imagegate.engines.diffusers.compile import CompileOptions, prepare
from imagegate.engines.diffusers.families import FamilyAdapter
from imagegate.engines.diffusers.precision import check_dtype, offload_mode, torch_dtype
from imagegate.errors import ConfigError

SINGLE_FILE_SUFFIXES = (".safetensors", ".ckpt", ".pt", ".pth", ".bin")


class SourceKind(StrEnum):
    folder = "folder"
    single_file = "single_file"
    hub = "hub"


def source_kind(source: str) -> SourceKind:
    path = Path(source)
    if path.is_dir():
        return SourceKind.folder
    if path.suffix in SINGLE_FILE_SUFFIXES:
        return SourceKind.single_file
    return SourceKind.hub


def _family_from_class(class_name: str, unet_config: dict[str, Any] | None) -> Family | None:
    if "StableDiffusionXL" in class_name:
        return Family.sdxl
    if "StableDiffusion3" in class_name:
        return Family.sd3
    if class_name.startswith("Flux"):
        return Family.flux
    if class_name.startswith("StableDiffusion"):
        # SD 2.x swapped CLIP-L (768) for OpenCLIP-H (1024) as the text encoder.
        if unet_config and unet_config.get("cross_attention_dim") == 1024:
            return Family.sd2
        return Family.sd1
    return None


def _family_from_diffusers_layout(source: str, revision: str | None, cache_dir: Path | None) -> Family | None:
    if Path(source).is_dir():
        index = json.loads((Path(source) / "model_index.json").read_text())
        unet_path = Path(source) / "unet" / "config.json"
        unet = json.loads(unet_path.read_text()) if unet_path.exists() else None
    else:
        from diffusers import DiffusionPipeline

        index = DiffusionPipeline.load_config(source, revision=revision, cache_dir=cache_dir)
        unet = None
        if "unet" in index:
            from diffusers import UNet2DConditionModel

            unet = UNet2DConditionModel.load_config(source, subfolder="unet", revision=revision, cache_dir=cache_dir)
    return _family_from_class(str(index.get("_class_name", "")), unet)


# Tensor names that only one family's original checkpoints contain.
_SINGLE_FILE_MARKERS: tuple[tuple[str, Family], ...] = (
    ("joint_blocks.0.context_block.adaLN_modulation.1.bias", Family.sd3),
    ("double_blocks.0.img_attn.norm.key_norm.scale", Family.flux),
    ("conditioner.embedders.1.model.transformer.resblocks.0.attn.in_proj_weight", Family.sdxl),
    ("cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight", Family.sd2),
    ("cond_stage_model.transformer.text_model.embeddings.token_embedding.weight", Family.sd1),
    ("cond_stage_model.transformer.embeddings.token_embedding.weight", Family.sd1),
)


def _family_from_single_file(path: str) -> Family | None:
    if not path.endswith(".safetensors"):
        return None
    from safetensors import safe_open

    with safe_open(path, framework="pt") as f:
        return family_from_keys(set(f.keys()))


def family_from_keys(keys: set[str]) -> Family | None:
    """The family of an original-layout checkpoint by its tensor names (None if unknown)."""
    for marker, family in _SINGLE_FILE_MARKERS:
        if any(k.endswith(marker) for k in keys):
            return family
    return None


def detect_family(spec: ModelSpec, *, cache_dir: Path | None = None) -> Family:
    """The catalog's ``family`` if given, else what the files say. Raises ConfigError if unsure."""
    if spec.family is not None:
        return spec.family
    kind = source_kind(spec.source)
    try:
        if kind is SourceKind.single_file:
            family = (
                _family_from_diffusers_layout(spec.config, spec.revision, cache_dir)
                if spec.config
                else _family_from_single_file(spec.source)
            )
        else:
            family = _family_from_diffusers_layout(spec.source, spec.revision, cache_dir)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(
            f"model '{spec.id}': cannot read {spec.source} to detect its family ({exc}); set 'family' in the catalog"
        ) from None
    if family is None:
        raise ConfigError(
            f"model '{spec.id}': cannot tell the family of {spec.source}; set 'family' "
            f"in the catalog to one of {', '.join(f.value for f in Family)}"
        )
    return family


def resolve_device(setting: str) -> str:
    import torch

    if setting != "auto":
        return setting
    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def resolve_dtype(spec: ModelSpec, device: str, adapter: FamilyAdapter | None = None) -> Any:
    """The torch dtype to load ``spec`` in on ``device``: the catalog's, else the family's default
    (float32 on CPU; without a family, float16 on GPUs)."""
    import torch

    if spec.dtype is not None:
        return getattr(torch, spec.dtype)
    if adapter is not None:
        return torch_dtype(spec, adapter, device)
    # Half precision is the norm on GPUs; on CPUs it is slower than float32 (no fast fp16 kernels).
    return torch.float16 if device.startswith(("cuda", "mps")) else torch.float32


def load_pipeline(
    spec: ModelSpec,
    adapter: FamilyAdapter,
    *,
    device: str,
    cache_dir: Path | None = None,
    compiler: CompileOptions | None = None,
    reading: AbstractContextManager[Any] | None = None,
) -> Any:
    """Load the family's text-to-image pipeline from the spec's source onto ``device`` (or behind CPU
    offload hooks for it); compiled and warmed up when the catalog says ``compile``, with
    ``compiler``'s backend (inductor when omitted). The engine checks every catalog model with
    ``precision.check_model`` at start-up; the precision is checked again here for models added since.
    ``reading`` is held while the weights are read (a lock: see ``device._LOADING``), not while
    they compile."""
    import diffusers

    check_dtype(spec, adapter.family, device)
    cls = getattr(diffusers, adapter.pipelines[next(iter(adapter.pipelines))])
    kwargs: dict[str, Any] = {"dtype": resolve_dtype(spec, device, adapter), **adapter.load_kwargs}
    if cache_dir is not None:
        kwargs["cache_dir"] = str(cache_dir)
    with reading or contextlib.nullcontext():
        pipe = from_source(cls, spec, **kwargs)
    pipe.set_progress_bar_config(disable=True)
    if spec.vae_upcast is not None and getattr(pipe, "vae", None) is not None:
        # SDXL pipelines decode in float32 when the VAE is float16 and its config says force_upcast.
        pipe.vae.register_to_config(force_upcast=spec.vae_upcast)
    place(pipe, spec, device)
    if spec.compile:
        prepare(pipe, spec, compiler or CompileOptions())
    return pipe


def from_source(cls: Any, spec: Any, **kwargs: Any) -> Any:
    """``cls`` (a diffusers pipeline or model class) loaded from a catalog entry's ``source``: a
    single file through ``from_single_file`` (with its ``config``), else a folder or hub repo through
    ``from_pretrained``; the entry's ``revision`` and ``variant`` when set."""
    if spec.revision:
        kwargs["revision"] = spec.revision
    if spec.variant:
        kwargs["variant"] = spec.variant
    if source_kind(spec.source) is SourceKind.single_file:
        if spec.config:
            kwargs["config"] = spec.config
            # Component configs on disk: nothing to fetch (diffusers would otherwise ask the hub).
            kwargs["local_files_only"] = Path(spec.config).is_dir()
        return cls.from_single_file(spec.source, **kwargs)
    return cls.from_pretrained(spec.source, **kwargs)


def place(pipe: Any, spec: ModelSpec, device: str) -> None:
    """Onto the device, or behind accelerate's hooks that move weights in as they run (``offload``)."""
    mode = offload_mode(spec, device)
    if mode == "none":
        pipe.to(device)
    elif mode == "model":
        pipe.enable_model_cpu_offload(device=device)
    else:
        pipe.enable_sequential_cpu_offload(device=device)


def pipeline_bytes(pipe: Any, offload: str = "none") -> int:
    """Memory held by a pipeline's weights on its device (see memory.pipeline_bytes)."""
    return memory.pipeline_bytes(pipe, offload)

"""Device memory: each device's budget, what a model takes of it, freeing it, and VAE decoding that
fits large images.

What counts against a device's budget is the weights resident on it (activations come on top, which
is why the budget is set below the card's size). With CPU offload only part of a model is resident:

* ``offload = "model"``: one component at a time moves to the GPU while it runs, so the model counts
  as its largest component (the UNet or transformer);
* ``offload = "sequential"``: one layer at a time, so it counts as its largest leaf module.

Both are approximations of the peak, not of the average (which is near zero between requests).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from imagegate.config import Settings
from imagegate.domain.models import ModelSpec
from imagegate.engines.diffusers.families import FamilyAdapter
from imagegate.engines.diffusers.precision import dtype_name, offload_mode

# VAE decoding of one image above this many pixels goes tile by tile: the untiled decoder's
# activations grow with the area, while tiles cap them at the tile's size. Below it, one pass
# (no blended tile seams).
TILE_ABOVE_PIXELS = 1536 * 1536
BUDGET_SETTING = "model_memory_gb"
# Of a CUDA card's memory, the share weights may take by default; the rest is for activations
# (they grow with image size and batch), the CUDA context and fragmentation.
GPU_SHARE = 0.75
DEVICE_BUDGET_SETTING = "device_memory_gb"
_FLOAT_BYTES = {"float32": 4, "float16": 2, "bfloat16": 2}
_FLOAT_TAGS = {"F32", "F16", "BF16", "F64"}
_TAG_BYTES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def _device_keys(device: str) -> tuple[str, ...]:
    """``cuda`` and ``cuda:0`` name the same card (torch's current device is 0 unless told)."""
    if device == "cuda":
        return ("cuda", "cuda:0")
    if device == "cuda:0":
        return ("cuda:0", "cuda")
    return (device,)


def budget_setting(settings: Settings, device: str) -> str:
    """The setting that holds ``device``'s budget, for messages."""
    for key in _device_keys(device):
        if key in settings.device_memory_gb:
            return f'{DEVICE_BUDGET_SETTING}["{key}"]'
    return BUDGET_SETTING


def budget_bytes(settings: Settings, device: str, *, device_total_bytes: int | None = None) -> int:
    """Memory the loaded models may take on ``device``: ``device_memory_gb[device]`` if set, else
    ``model_memory_gb`` (a budget per device, not per process). A CUDA card for which neither was
    set gets ``GPU_SHARE`` of its memory (``device_total_bytes``, asked of torch when omitted): the
    8 GiB default suits a CPU box, not an 80 GiB card."""
    for key in _device_keys(device):
        if key in settings.device_memory_gb:
            return int(settings.device_memory_gb[key] * (1 << 30))
    if BUDGET_SETTING not in settings.model_fields_set and device.startswith("cuda"):
        total = device_total_bytes if device_total_bytes is not None else _cuda_total_bytes(device)
        if total:
            return int(total * GPU_SHARE)
    return int(settings.model_memory_gb * (1 << 30))


def _cuda_total_bytes(device: str) -> int | None:
    import torch

    if not torch.cuda.is_available():
        return None
    return int(torch.cuda.get_device_properties(torch.device(device)).total_memory)


def _module_bytes(module: Any) -> int:
    return sum(t.numel() * t.element_size() for t in (*module.parameters(), *module.buffers()))


def _largest_leaf_bytes(module: Any) -> int:
    leaves = [m for m in module.modules() if next(m.children(), None) is None]
    return max((_module_bytes(m) for m in leaves), default=0)


def pipeline_bytes(pipe: Any, offload: str = "none") -> int:
    """Device memory a loaded pipeline's weights take (parameters and buffers of every torch module),
    counting only the resident part when it is offloaded (see the module's docstring)."""
    import torch

    modules = [c for c in pipe.components.values() if isinstance(c, torch.nn.Module)]
    if offload == "model":
        return max((_module_bytes(m) for m in modules), default=0)
    if offload == "sequential":
        return max((_largest_leaf_bytes(m) for m in modules), default=0)
    return sum(_module_bytes(m) for m in modules)


def _file_bytes(path: Path, dtype: str) -> int:
    """Bytes of a safetensors file's tensors once loaded in ``dtype`` (floating tensors are cast;
    read from the header alone)."""
    from safetensors import safe_open

    total = 0
    with safe_open(str(path), framework="pt") as f:
        for key in f.keys():  # noqa: SIM118 (safe_open is not iterable)
            part = f.get_slice(key)
            numel = 1
            for side in part.get_shape():
                numel *= side
            tag = part.get_dtype()
            size = _FLOAT_BYTES[dtype] if tag in _FLOAT_TAGS else _TAG_BYTES.get(tag, 4)
            total += numel * size
    return total


def _variant_of(path: Path) -> str | None:
    """``model.fp16.safetensors`` → ``fp16``; ``model.safetensors`` → None."""
    stem = path.name[: -len(".safetensors")]
    return stem.rsplit(".", 1)[1] if "." in stem else None


def estimate_bytes(spec: ModelSpec, adapter: FamilyAdapter, device: str) -> int:
    """What a model will take on ``device`` once loaded, before loading it: from the safetensors
    headers of a local folder or file, at the precision it will load in, for the weights' variant
    and the components the family loads (SD's safety checker is not). 0 when unknown (a hub id,
    .bin/.ckpt files, an offloaded single file): then only the loaded size is checked."""
    dtype, offload = dtype_name(spec, adapter, device), offload_mode(spec, device)
    skipped = {name for name, value in adapter.load_kwargs.items() if value is None}
    source = Path(spec.source)
    try:
        if source.is_file():
            if source.suffix != ".safetensors" or offload != "none":
                return 0
            return _file_bytes(source, dtype)
        if not source.is_dir():
            return 0
        per_component: dict[str, int] = {}
        for file in sorted(source.rglob("*.safetensors")):
            part = file.parent.relative_to(source).as_posix()
            if _variant_of(file) == spec.variant and part.split("/", 1)[0] not in skipped:
                per_component[part] = per_component.get(part, 0) + _file_bytes(file, dtype)
    except (OSError, ValueError):  # an unreadable header: loading will say what is wrong
        return 0
    if offload == "model":
        return max(per_component.values(), default=0)
    if offload == "sequential":
        return 0
    return sum(per_component.values())


def free_device_memory(device: str) -> None:
    """Return what dropped pipelines held: Python objects first (cycles in diffusers' modules keep
    tensors alive until a collection), then the CUDA caching allocator's blocks, so other processes
    and ``torch.cuda.mem_get_info`` see the memory free again."""
    gc.collect()
    if device.startswith("cuda"):
        import torch

        if torch.cuda.is_available():
            with torch.cuda.device(torch.device(device)):
                torch.cuda.empty_cache()
    elif device.startswith("mps"):
        import torch

        if torch.backends.mps.is_available():
            torch.mps.empty_cache()


def fit_vae(
    pipe: Any,
    width: int,
    height: int,
    batch: int,
    *,
    seamless: bool = False,
    tile_above: int = TILE_ABOVE_PIXELS,
) -> dict[str, bool]:
    """Set the pipeline's VAE for one call: tiled decoding for images over ``tile_above`` pixels
    (never for ``seamless`` requests: each tile would wrap around on itself), one image at a time
    (sliced) for batches over one; both off otherwise, since the loaded pipeline serves the next
    request too. Returns what is on, for the job's info.

    Slicing also makes each image of a batch decode exactly as it would alone."""
    vae = getattr(pipe, "vae", None)
    if vae is None or not hasattr(vae, "use_tiling"):
        return {}
    tiled = width * height > tile_above and not seamless
    sliced = batch > 1 and hasattr(vae, "use_slicing")
    if tiled:
        vae.enable_tiling()
    else:
        vae.disable_tiling()
    if sliced:
        vae.enable_slicing()
    elif hasattr(vae, "use_slicing"):
        vae.disable_slicing()
    info = {}
    if tiled:
        info["vae_tiling"] = True
    if sliced:
        info["vae_slicing"] = True
    return info


__all__ = [
    "BUDGET_SETTING",
    "TILE_ABOVE_PIXELS",
    "budget_bytes",
    "budget_setting",
    "estimate_bytes",
    "fit_vae",
    "free_device_memory",
    "pipeline_bytes",
]

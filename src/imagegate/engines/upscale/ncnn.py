"""Reading ncnn ``.param``/``.bin`` models of the ESRGAN family into the PyTorch networks of ``arch``.

The format, as far as these networks use it: the ``.param`` file lists layers in execution order
(``type name n_in n_out blobs… key=value…``; negative keys hold arrays). The ``.bin`` file holds, for
each Convolution in that order, a 4-byte storage tag (0x01306B47: float16 follows) and the weights,
then the bias as float32; for each PReLU, its slopes as float32. Every byte must be consumed: a
leftover or a shortfall means the layers were mapped wrongly, which is refused rather than run.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

FP16_TAG = 0x01306B47
FP32_TAG = 0x00000000
MAGIC = "7767517"


@dataclass
class Layer:
    type: str
    name: str
    params: dict[int, str] = field(default_factory=dict)

    def number(self, key: int, default: float = 0) -> float:
        return float(self.params.get(key, default))

    def integer(self, key: int, default: int = 0) -> int:
        return int(self.params.get(key, default))


@dataclass
class Conv:
    weight: torch.Tensor
    bias: torch.Tensor | None


class NcnnFormatError(ValueError):
    pass


def parse_param(text: str) -> list[Layer]:
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if not lines or lines[0] != [MAGIC]:
        raise NcnnFormatError("not an ncnn .param file (magic 7767517 missing)")
    layers = []
    for parts in lines[2:]:
        kind, name, n_in, n_out = parts[0], parts[1], int(parts[2]), int(parts[3])
        params: dict[int, str] = {}
        for item in parts[4 + n_in + n_out :]:
            key, _, value = item.partition("=")
            params[int(key)] = value
        layers.append(Layer(kind, name, params))
    return layers


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise NcnnFormatError("the .bin file ends early: it does not match the .param file")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk

    def floats32(self, count: int) -> np.ndarray:
        return np.frombuffer(self.take(4 * count), dtype="<f4").copy()

    def tagged(self, count: int) -> np.ndarray:
        (tag,) = struct.unpack("<I", self.take(4))
        if tag == FP16_TAG:
            raw = self.take((2 * count + 3) // 4 * 4)  # float16 data is padded to 4 bytes
            return np.frombuffer(raw[: 2 * count], dtype="<f2").astype(np.float32)
        if tag == FP32_TAG:
            return self.floats32(count)
        raise NcnnFormatError(f"unsupported ncnn weight storage 0x{tag:08X} (quantised models are not supported)")


def read_layers(param: Path, weights: Path) -> tuple[list[Layer], list[Conv], list[torch.Tensor]]:
    """The layers, the convolutions and the PReLU slopes, in file order, consuming every byte."""
    layers = parse_param(param.read_text())
    reader = _Reader(weights.read_bytes())
    convs: list[Conv] = []
    prelus: list[torch.Tensor] = []
    for layer in layers:
        if layer.type == "Convolution":
            out_ch, kernel, size = layer.integer(0), layer.integer(1), layer.integer(6)
            in_ch = size // (out_ch * kernel * kernel)
            if in_ch * out_ch * kernel * kernel != size or layer.integer(11, kernel) != kernel:
                raise NcnnFormatError(f"{layer.name}: only square convolutions are supported")
            w = torch.from_numpy(reader.tagged(size)).reshape(out_ch, in_ch, kernel, kernel)
            b = torch.from_numpy(reader.floats32(out_ch)) if layer.integer(5) else None
            convs.append(Conv(w, b))
        elif layer.type == "PReLU":
            prelus.append(torch.from_numpy(reader.floats32(layer.integer(0))))
        elif layer.type in ("InnerProduct", "Deconvolution", "ConvolutionDepthWise", "BatchNorm", "Scale"):
            raise NcnnFormatError(f"{layer.name}: layer type {layer.type} is not part of an ESRGAN-family net")
    if reader.pos != len(reader.data):
        raise NcnnFormatError(f"{len(reader.data) - reader.pos} bytes of the .bin file were not used")
    return layers, convs, prelus


def _put(state: dict[str, torch.Tensor], name: str, conv: Conv) -> None:
    state[f"{name}.weight"] = conv.weight
    if conv.bias is not None:
        state[f"{name}.bias"] = conv.bias


def to_state_dict(param: Path, weights: Path) -> tuple[str, dict[str, Any], dict[str, torch.Tensor]]:
    """(architecture name, constructor arguments, state dict) for an ncnn ESRGAN-family model."""
    layers, convs, prelus = read_layers(param, weights)
    state: dict[str, torch.Tensor] = {}
    if prelus:  # SRVGGNetCompact: conv, PReLU, … conv, PReLU, conv
        num_conv = len(convs) - 2
        if len(prelus) != num_conv + 1 or num_conv < 0:
            raise NcnnFormatError("PReLU layers do not match a compact (SRVGG) network")
        for i, conv in enumerate(convs):
            _put(state, f"body.{2 * i}", conv)
        for i, slopes in enumerate(prelus):
            state[f"body.{2 * i + 1}.weight"] = slopes
        out_ch = convs[-1].weight.shape[0]
        upscale = round((out_ch / 3) ** 0.5)
        if 3 * upscale * upscale != out_ch:
            raise NcnnFormatError(f"last convolution has {out_ch} channels, not 3 × scale²")
        config = {"num_feat": convs[0].weight.shape[0], "num_conv": num_conv, "upscale": upscale}
        return "SRVGGNetCompact", config, state
    # RRDBNet: conv_first, 15 per block, conv_body, one per ×2 upsample, conv_hr, conv_last
    num_upsample = sum(1 for layer in layers if layer.type == "Interp" and layer.number(1) == 2.0)
    blocks, rest = divmod(len(convs) - 4 - num_upsample, 15)
    if rest or blocks < 1:
        raise NcnnFormatError(f"{len(convs)} convolutions do not form an RRDBNet")
    unshuffle = {3: 1, 12: 2, 48: 4}.get(convs[0].weight.shape[1])
    if unshuffle is None:
        raise NcnnFormatError(f"first convolution takes {convs[0].weight.shape[1]} channels; expected 3, 12 or 48")
    it = iter(convs)
    _put(state, "conv_first", next(it))
    for b in range(blocks):
        for r in (1, 2, 3):
            for c in range(1, 6):
                _put(state, f"body.{b}.rdb{r}.conv{c}", next(it))
    _put(state, "conv_body", next(it))
    for i in range(1, num_upsample + 1):
        _put(state, f"conv_up{i}", next(it))
    _put(state, "conv_hr", next(it))
    _put(state, "conv_last", next(it))
    config = {
        "num_feat": convs[0].weight.shape[0],
        "num_block": blocks,
        "num_grow_ch": convs[1].weight.shape[0],
        "num_upsample": num_upsample,
        "unshuffle": unshuffle,
    }
    return "RRDBNet", config, state

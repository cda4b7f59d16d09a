"""Seamless images (``tiling``): every convolution of the denoiser and the VAE pads circularly —
the left edge sees the right one, the top the bottom — for one pipeline call, and is restored after
it, so the image tiles without a visible edge. Attention and group norms see the whole image
anyway, which makes the whole pipeline commute with circular shifts: shift the starting noise and
the image shifts with it (what the tests check). Transformer families (SD3, FLUX) have no
convolutions in their denoiser, so they cannot do it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from imagegate.domain.models import Family

FAMILIES = frozenset({Family.sd1, Family.sd2, Family.sdxl})
COMPONENTS = ("unet", "vae")


@contextmanager
def seamless(pipe: Any, enabled: bool) -> Iterator[None]:
    """Circular padding in ``pipe``'s UNet and VAE while the block runs (nothing when not ``enabled``)."""
    if not enabled:
        yield
        return
    import torch

    convs = [
        module
        for name in COMPONENTS
        if getattr(pipe, name, None) is not None
        for module in getattr(pipe, name).modules()
        if isinstance(module, torch.nn.Conv2d)
    ]
    saved = [(conv, conv.padding_mode) for conv in convs]
    try:
        for conv in convs:
            conv.padding_mode = "circular"  # torch pads by the conv's own padding, in this mode
        yield
    finally:
        for conv, mode in saved:  # the cached pipeline serves the next job as it was
            conv.padding_mode = mode

"""Live previews from latents, without the VAE: one linear map from latent channels to RGB.

Each family file gives its map (a C×3 matrix and a bias, fitted once against the family's VAE) and
knows how its pipeline lays latents out; this module does the arithmetic shared by all of them.
The cost is one small matrix product over a latent that is 8× smaller than the image a side, and a
JPEG of at most ``MAX_SIDE`` pixels — about a millisecond, paid only while someone follows the job.

A model whose VAE has a channel count the family map does not fit (a custom VAE, the tiny test
models) gets a generic view instead: three channels, each normalised to its own range.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from imagegate.domain.jobs import Preview

MAX_SIDE = 256
JPEG_QUALITY = 70

LatentRGB = Sequence[Sequence[float]]


def latents_to_rgb(latents: Any, factors: LatentRGB | None, bias: Sequence[float] | None) -> Any:
    """A (C, h, w) latent → an (h, w, 3) uint8 array on the CPU."""
    import torch

    x = latents.detach().float()
    if factors is not None and len(factors) == x.shape[0]:
        matrix = torch.tensor(factors, dtype=x.dtype, device=x.device)  # C × 3
        rgb = torch.einsum("chw,cr->rhw", x, matrix)
        if bias is not None:
            rgb = rgb + torch.tensor(bias, dtype=x.dtype, device=x.device)[:, None, None]
        rgb = (rgb + 1.0) / 2.0
    else:
        channels = x[[i % x.shape[0] for i in range(3)]]
        low = channels.amin(dim=(1, 2), keepdim=True)
        high = channels.amax(dim=(1, 2), keepdim=True)
        rgb = (channels - low) / (high - low).clamp_min(1e-6)
    return (rgb.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).cpu().numpy()


def encode_preview(rgb: Any, *, width: int, height: int, max_side: int = MAX_SIDE) -> Preview:
    """Scale the latent-sized picture to the image's aspect (long side ≤ ``max_side``), as JPEG."""
    from PIL import Image

    scale = min(1.0, max_side / max(width, height))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    image = Image.fromarray(rgb, mode="RGB")
    if image.size != size:
        image = image.resize(size, Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return Preview(data=buffer.getvalue(), width=size[0], height=size[1])

"""Seamless images: with ``tiling`` the pipeline commutes with circular shifts (shift the starting
noise and the image comes out shifted by the same amount, exactly, edges included) — which it does
only when every convolution wraps around — and the cached pipeline is restored after the call."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from diffusers import StableDiffusionPipeline

from imagegate.engines.diffusers.tiling import seamless


@pytest.fixture(scope="module")
def pipe(tiny_models: dict[str, Path]) -> StableDiffusionPipeline:
    loaded = StableDiffusionPipeline.from_pretrained(tiny_models["sd1"], safety_checker=None)
    loaded.set_progress_bar_config(disable=True)
    return loaded


def shift_error(pipe: StableDiffusionPipeline, enabled: bool) -> float:
    latents = torch.randn(1, 4, 8, 8, generator=torch.Generator().manual_seed(0))
    common = {"prompt": "a cat", "num_inference_steps": 3, "width": 64, "height": 64, "output_type": "np"}
    with seamless(pipe, enabled):
        plain = pipe(**common, latents=latents).images[0]
        shifted = pipe(**common, latents=torch.roll(latents, shifts=4, dims=3)).images[0]
    # 4 latent columns are 32 pixels: the VAE scales by 8.
    return float(np.abs(np.roll(plain, 32, axis=1) - shifted).max())


def test_a_tiling_image_wraps_around_and_the_pipeline_is_restored(pipe: StableDiffusionPipeline) -> None:
    assert shift_error(pipe, True) < 1e-4
    assert shift_error(pipe, False) > 0.05  # zero padding: the edges give the shift away
    modes = {m.padding_mode for n in ("unet", "vae") for m in getattr(pipe, n).modules() if hasattr(m, "padding_mode")}
    assert modes == {"zeros"}

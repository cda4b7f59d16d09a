"""Stable Diffusion 1.x and 2.x: UNet + one CLIP text encoder, 512/768 px."""

from __future__ import annotations

from typing import Any, ClassVar

from imagegate.domain.models import Family
from imagegate.domain.requests import Task
from imagegate.engines.diffusers.families.base import FamilyAdapter


class SD1(FamilyAdapter):
    family = Family.sd1
    pipelines: ClassVar[dict[Task, str]] = {
        Task.txt2img: "StableDiffusionPipeline",
        Task.img2img: "StableDiffusionImg2ImgPipeline",
        Task.inpaint: "StableDiffusionInpaintPipeline",
        Task.controlnet: "StableDiffusionControlNetPipeline",
    }
    native_size = 512
    # Our own image safety checks run on every output; the pipeline's built-in one would need a
    # separate download and blacks out images without telling the caller why.
    load_kwargs: ClassVar[dict[str, Any]] = {"safety_checker": None, "requires_safety_checker": False}
    # The SD 1.x/2.x VAE's four channels (latents scaled by 0.18215) to RGB in [-1, 1].
    latent_rgb_factors = (
        (0.3512, 0.2297, 0.3227),
        (0.3250, 0.4974, 0.2350),
        (-0.2829, 0.1762, 0.2721),
        (-0.2120, -0.2616, -0.7177),
    )


class SD2(SD1):
    family = Family.sd2
    native_size = 768

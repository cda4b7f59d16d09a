"""Stable Diffusion XL: UNet + two CLIP text encoders with size conditioning, 1024 px."""

from __future__ import annotations

from typing import ClassVar

from imagegate.domain.models import Family
from imagegate.domain.requests import Task
from imagegate.engines.diffusers.families.base import FamilyAdapter


class SDXL(FamilyAdapter):
    family = Family.sdxl
    pipelines: ClassVar[dict[Task, str]] = {
        Task.txt2img: "StableDiffusionXLPipeline",
        Task.img2img: "StableDiffusionXLImg2ImgPipeline",
        Task.inpaint: "StableDiffusionXLInpaintPipeline",
        Task.controlnet: "StableDiffusionXLControlNetPipeline",
    }
    native_size = 1024
    # The SDXL VAE's four channels (latents scaled by 0.13025) to RGB in [-1, 1].
    latent_rgb_factors = (
        (0.3651, 0.4232, 0.4341),
        (-0.2533, -0.0042, 0.1068),
        (0.1076, 0.1111, -0.0362),
        (-0.3165, -0.2492, -0.2188),
    )
    latent_rgb_bias = (0.1084, -0.0175, -0.0011)

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

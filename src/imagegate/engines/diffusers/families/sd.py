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


class SD2(SD1):
    family = Family.sd2
    native_size = 768

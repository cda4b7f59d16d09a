"""Stable Diffusion 3.x: MMDiT transformer, CLIP-L + CLIP-G + T5, flow matching, 1024 px."""

from __future__ import annotations

from typing import ClassVar

from imagegate.domain.models import Family
from imagegate.domain.requests import Task
from imagegate.engines.diffusers.families.base import FamilyAdapter


class SD3(FamilyAdapter):
    family = Family.sd3
    # diffusers' SD3 inpainting needs the real models' 16 latent channels (or a 33-channel inpainting model).
    pipelines: ClassVar[dict[Task, str]] = {
        Task.txt2img: "StableDiffusion3Pipeline",
        Task.img2img: "StableDiffusion3Img2ImgPipeline",
        Task.inpaint: "StableDiffusion3InpaintPipeline",
        Task.controlnet: "StableDiffusion3ControlNetPipeline",
    }
    controlnet_model_class = "SD3ControlNetModel"
    control_image_argument = "control_image"
    native_size = 1024
    flow_matching = True
    size_multiple = 16

"""FLUX.1: rectified-flow transformer, CLIP-L + T5, 1024 px.

FLUX-dev is guidance-distilled: ``guidance_scale`` feeds a guidance embedding instead of running
classifier-free guidance, so it costs nothing extra, and there is no negative prompt (it is dropped
with a warning in the job result rather than silently)."""

from __future__ import annotations

from typing import ClassVar

from imagegate.domain.models import Family
from imagegate.domain.requests import Task
from imagegate.engines.diffusers.families.base import FamilyAdapter


class Flux(FamilyAdapter):
    family = Family.flux
    pipelines: ClassVar[dict[Task, str]] = {
        Task.txt2img: "FluxPipeline",
        Task.img2img: "FluxImg2ImgPipeline",
        Task.inpaint: "FluxInpaintPipeline",
        Task.controlnet: "FluxControlNetPipeline",
    }
    controlnet_model_class = "FluxControlNetModel"
    control_image_argument = "control_image"
    native_size = 1024
    flow_matching = True
    size_multiple = 16
    supports_negative_prompt = False

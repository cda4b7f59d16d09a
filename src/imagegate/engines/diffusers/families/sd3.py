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
    # bfloat16 has float32's range, so the MMDiT's large activations cannot overflow as in float16.
    cuda_dtype = "bfloat16"
    # The SD3 VAE's 16 channels (latents shifted by 0.0609, scaled by 1.5305) to RGB in [-1, 1].
    latent_rgb_factors = (
        (-0.0922, -0.0175, 0.0749),
        (0.0311, 0.0633, 0.0954),
        (0.1994, 0.0927, 0.0458),
        (0.0856, 0.0339, 0.0902),
        (0.0587, 0.0272, -0.0496),
        (-0.0006, 0.1104, 0.0309),
        (0.0978, 0.0306, 0.0427),
        (-0.0042, 0.1038, 0.1358),
        (-0.0194, 0.0020, 0.0669),
        (-0.0488, 0.0130, -0.0268),
        (0.0922, 0.0988, 0.0951),
        (-0.0278, 0.0524, -0.0542),
        (0.0332, 0.0456, 0.0895),
        (-0.0069, -0.0030, -0.0810),
        (-0.0596, -0.0465, -0.0293),
        (-0.1448, -0.1463, -0.1189),
    )
    latent_rgb_bias = (0.2394, 0.2135, 0.1925)

"""FLUX.1: rectified-flow transformer, CLIP-L + T5, 1024 px.

FLUX-dev is guidance-distilled: ``guidance_scale`` feeds a guidance embedding instead of running
classifier-free guidance, so it costs nothing extra, and there is no negative prompt (it is dropped
with a warning in the job result rather than silently)."""

from __future__ import annotations

from typing import Any, ClassVar

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
    # Trained in bfloat16; its activations pass float16's range (black or noisy images).
    cuda_dtype = "bfloat16"
    unsafe_dtypes: ClassVar[dict[str, str]] = {
        "float16": "FLUX's activations overflow float16 (black or noisy images); use bfloat16 or float32"
    }
    # The FLUX VAE's 16 channels (latents shifted by 0.1159, scaled by 0.3611) to RGB in [-1, 1].
    latent_rgb_factors = (
        (-0.0346, 0.0244, 0.0681),
        (0.0034, 0.0210, 0.0687),
        (0.0275, -0.0668, -0.0433),
        (-0.0174, 0.0160, 0.0617),
        (0.0859, 0.0721, 0.0329),
        (0.0004, 0.0383, 0.0115),
        (0.0405, 0.0861, 0.0915),
        (-0.0236, -0.0185, -0.0259),
        (-0.0245, 0.0250, 0.1180),
        (0.1008, 0.0755, -0.0421),
        (-0.0515, 0.0201, 0.0011),
        (0.0428, -0.0012, -0.0036),
        (0.0817, 0.0765, 0.0749),
        (-0.1264, -0.0522, -0.1103),
        (-0.0280, -0.0881, -0.0499),
        (-0.1262, -0.0982, -0.0778),
    )
    latent_rgb_bias = (-0.0329, -0.0718, -0.0851)

    def unpack_latents(self, pipeline: Any, latents: Any, width: int, height: int) -> Any:
        """FLUX holds latents packed as 2×2 patches: (batch, (h/2)·(w/2), channels·4). Undo it."""
        scale = int(getattr(pipeline, "vae_scale_factor", 8))
        # Same rounding as the pipeline: latent sides are even multiples of the VAE's scale.
        h, w = 2 * (height // (scale * 2)), 2 * (width // (scale * 2))
        first = latents[0]
        channels = first.shape[-1] // 4
        return first.view(h // 2, w // 2, channels, 2, 2).permute(2, 0, 3, 1, 4).reshape(channels, h, w)

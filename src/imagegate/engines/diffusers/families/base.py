"""What differs between model families, in one small adapter per family."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from imagegate.domain.jobs import Preview
from imagegate.domain.models import Family
from imagegate.domain.requests import DiffusionParams, Task
from imagegate.engines.diffusers.preview import encode_preview, latents_to_rgb


class FamilyAdapter:
    """Defaults suit the UNet families; flow-matching transformer families override a few things."""

    family: ClassVar[Family]
    # diffusers pipeline class per task, text-to-image first (it is the one loaded from disk); the others
    # are made with ``from_pipe``, which shares the loaded weights. Outpainting runs on the inpainting
    # pipeline and variations on the image-to-image one.
    pipelines: ClassVar[dict[Task, str]]
    controlnet_model_class: ClassVar[str] = "ControlNetModel"
    control_image_argument: ClassVar[str] = "image"  # SD3 and FLUX call it control_image
    native_size: ClassVar[int] = 512
    # Transformer families pack 2×2 latent patches, so sizes must be multiples of 16.
    size_multiple: ClassVar[int] = 8
    flow_matching: ClassVar[bool] = False
    supports_negative_prompt: ClassVar[bool] = True
    load_kwargs: ClassVar[dict[str, Any]] = {}
    # Live previews: latent channel → RGB weights (C rows of R, G, B) and an RGB bias, fitted for
    # the family's VAE on the latents as the pipeline holds them (scaled, and shifted where the VAE has a shift).
    latent_rgb_factors: ClassVar[Sequence[Sequence[float]] | None] = None
    latent_rgb_bias: ClassVar[Sequence[float] | None] = None
    # Precision on CUDA when the catalog names none. UNet families were trained and are served in
    # float16 (SDXL's VAE decodes in float32 where its config says force_upcast); see families/flux.py.
    cuda_dtype: ClassVar[str] = "float16"
    # Precisions a family's activations overflow in, whatever the device (and why, for the error).
    unsafe_dtypes: ClassVar[dict[str, str]] = {}

    def default_dtype(self, device: str) -> str:
        """The precision to load in on ``device`` when the catalog entry names none. MPS has no
        bfloat16 before macOS 14, so it gets float16 (float32 for a family that overflows it); CPUs
        have no fast half-precision kernels."""
        if device.startswith("cuda"):
            return self.cuda_dtype
        if device.startswith("mps"):
            return "float32" if "float16" in self.unsafe_dtypes else "float16"
        return "float32"

    def call_kwargs(self, request: DiffusionParams, warnings: list[str]) -> dict[str, Any]:
        """Keyword arguments for the pipeline call beyond the common ones."""
        kwargs: dict[str, Any] = {"guidance_scale": request.guidance_scale}
        if request.negative_prompt:
            if self.supports_negative_prompt:
                kwargs["negative_prompt"] = request.negative_prompt
            else:
                warnings.append(f"negative_prompt is ignored by {self.family.value} models")
        return kwargs

    def unpack_latents(self, pipeline: Any, latents: Any, width: int, height: int) -> Any:
        """The first image's latent as (channels, height, width); UNet families hold it that way."""
        return latents[0]

    def preview(self, pipeline: Any, latents: Any, width: int, height: int) -> Preview:
        """A small JPEG of the current latents (called on the compute thread, only when wanted)."""
        chw = self.unpack_latents(pipeline, latents, width, height)
        rgb = latents_to_rgb(chw, self.latent_rgb_factors, self.latent_rgb_bias)
        return encode_preview(rgb, width=width, height=height)

    @property
    def tasks(self) -> frozenset[Task]:
        tasks = set(self.pipelines)
        if Task.inpaint in tasks:
            tasks.add(Task.outpaint)
        if Task.img2img in tasks:
            tasks.add(Task.variation)
        return frozenset(tasks)

    def pipeline_class(self, task: Task) -> str:
        """The diffusers pipeline class that runs ``task`` for this family."""
        runs_on = {Task.outpaint: Task.inpaint, Task.variation: Task.img2img}.get(task, task)
        return self.pipelines[runs_on]

"""The hires fix: a second pass at a larger size, as A1111 does it. The first pass draws at the
request's width×height; its result is enlarged — its latents (``latent``: bilinear,
``latent-nearest``), or its pixels (``lanczos``, ``nearest``, or a catalog upscaler such as
Real-ESRGAN) — and the image-to-image pipeline of the same model denoises it again at ``strength``,
so the larger image gains detail instead of blur. Latent enlarging needs the UNet families' latent
layout (SD 1.x, 2.x, SDXL); pixels work everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from imagegate.domain.models import Family
from imagegate.domain.requests import HiresOption, Txt2ImgRequest
from imagegate.engines.diffusers import schedulers
from imagegate.errors import InvalidRequest

LATENT_FAMILIES = frozenset({Family.sd1, Family.sd2, Family.sdxl})
LATENT = ("latent", "latent-bicubic", "latent-nearest")
VAE_SCALE = 8
# (catalog upscaler id, image, size) → the image enlarged to exactly that size.
Enlarge = Callable[[str, Any, tuple[int, int]], Any]  # pixels per latent cell in every family this engine runs


def validate(request: Txt2ImgRequest, family: Family | None, flow: bool | None, multiple: int) -> None:
    """Refuse at admission what the second pass could not do (never a failure inside the engine)."""
    hires = request.hires
    assert hires is not None and request.width is not None and request.height is not None
    if hires.upscaler in LATENT and family is not None and family not in LATENT_FAMILIES:
        raise InvalidRequest.for_field(
            "hires.upscaler", f"{family.value} models enlarge pixels only: use 'lanczos' or 'nearest'"
        )
    width, height = hires.size(request.width, request.height)
    if width % multiple or height % multiple:
        raise InvalidRequest.for_field(
            "hires.scale", f"the second pass would be {width}×{height}; it must be a multiple of {multiple}"
        )
    if hires.scheduler:
        schedulers.resolve(hires.scheduler, flow=flow)


def first_pass_output(hires: HiresOption) -> str:
    """What the first pass hands over: its latents, or its images."""
    return "latent" if hires.upscaler in LATENT else "pil"


def enlarge(first: Any, hires: HiresOption, size: tuple[int, int], network: Enlarge | None = None) -> Any:
    """The first pass's latents (a tensor) or images (PIL), enlarged to ``size`` in pixels; images by
    ``network`` (the catalog upscaler's engine) when ``hires.upscaler`` names one."""
    width, height = size
    if hires.network is not None:
        assert network is not None  # the engine hands it over whenever an upscaler is named
        return [network(hires.network, image, size) for image in first]
    if hires.upscaler in LATENT:
        from torch.nn import functional

        mode = {"latent-nearest": "nearest", "latent-bicubic": "bicubic"}.get(hires.upscaler, "bilinear")
        return functional.interpolate(first, size=(height // VAE_SCALE, width // VAE_SCALE), mode=mode)
    from PIL import Image

    resample = Image.Resampling.LANCZOS if hires.upscaler == "lanczos" else Image.Resampling.NEAREST
    return [image.resize((width, height), resample) for image in first]


def second_pass_kwargs(
    request: Txt2ImgRequest, hires: HiresOption, image: Any, common: dict[str, Any]
) -> dict[str, Any]:
    """The image-to-image call: the first pass's own arguments (guidance, generators, callback…),
    with the second pass's prompt, steps and strength — one prompt per enlarged image."""
    count = len(image)
    kwargs = {**common, "image": image, "strength": hires.strength}
    kwargs["prompt"] = [hires.prompt or request.prompt] * count
    kwargs["num_inference_steps"] = hires.num_inference_steps or common["num_inference_steps"]
    kwargs.pop("num_images_per_prompt", None)  # the batch is the enlarged images already
    negative = hires.negative_prompt or kwargs.get("negative_prompt")
    if negative:
        kwargs["negative_prompt"] = [negative] * count
    return kwargs


def second_pass_steps(hires: HiresOption, first_steps: int) -> int:
    """Denoising steps the second pass really runs (image-to-image skips the first 1 - strength)."""
    return max(1, int((hires.num_inference_steps or first_steps) * hires.strength))

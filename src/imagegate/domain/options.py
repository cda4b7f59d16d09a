"""The options a request carries beside its task: what happens to the images after (or around) the
main pass — upscaling, a hires second pass, tiled SD upscaling, face restoration — and the sizes
they work with. Split from ``requests`` so each stays a readable size; ``requests`` re-exports them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MAX_PROMPT_CHARS = 4000
MAX_SIDE = 8192
MAX_UPSCALE = 8


# Ways of enlarging that need no model: resampling, and (hires only) resizing the latents.
RESAMPLERS = ("lanczos", "nearest")
HIRES_UPSCALERS = ("latent", "latent-bicubic", "latent-nearest", *RESAMPLERS)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, allow_inf_nan=False)


def _multiple_of_8(value: float) -> int:
    return max(8, round(value / 8) * 8)


class Size(_Strict):
    width: int = Field(gt=0, le=MAX_SIDE)
    height: int = Field(gt=0, le=MAX_SIDE)


class UpscaleOption(_Strict):
    """Upscale every generated image after generation, with an upscaler from the catalog."""

    scale: float = Field(
        default=2, gt=1, le=MAX_UPSCALE, description="Factor per side: 2 doubles width and height (at most 8192 px)."
    )
    model: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Upscaler id (a model with task 'upscale' in GET /v1/models). Omit for the server's default.",
    )


class HiresOption(_Strict):
    """A second pass at a larger size (A1111's "hires fix"): the image is drawn at width×height,
    enlarged — its latents (``latent``: bilinear, ``latent-bicubic``, ``latent-nearest``) or its pixels
    (``lanczos``, ``nearest``) —
    and denoised again at the larger size with ``strength``, so it gains detail rather than blur."""

    scale: float = Field(default=2, gt=1, le=4, description="Factor per side, unless width/height are given.")
    width: int | None = Field(default=None, gt=0, le=MAX_SIDE, description="Final width (multiple of 8).")
    height: int | None = Field(default=None, gt=0, le=MAX_SIDE, description="Final height (multiple of 8).")
    upscaler: str = Field(
        default="latent",
        min_length=1,
        max_length=200,
        description="How the first pass is enlarged: its latents ('latent', 'latent-bicubic', 'latent-nearest'; "
        "SD 1.x/2.x, SDXL) or its pixels ('lanczos', 'nearest', or the id of a local upscaler of the catalog, "
        "e.g. a Real-ESRGAN network).",
    )
    strength: float = Field(default=0.7, gt=0, le=1, description="How much the second pass repaints (0–1].")
    num_inference_steps: int | None = Field(
        default=None, ge=1, le=150, description="Steps of the second pass (default: those of the first)."
    )
    scheduler: str | None = Field(default=None, max_length=100, description="Its sampler (default: the first's).")
    prompt: str | None = Field(default=None, max_length=MAX_PROMPT_CHARS, description="Its prompt (default: the same).")
    negative_prompt: str | None = Field(default=None, max_length=MAX_PROMPT_CHARS)

    @property
    def network(self) -> str | None:
        """The catalog upscaler that enlarges the pixels, when ``upscaler`` names one."""
        return None if self.upscaler in HIRES_UPSCALERS else self.upscaler

    def size(self, width: int, height: int) -> tuple[int, int]:
        """The final size from the first pass's: ``width``/``height`` when given (one keeps the
        aspect ratio), else ``scale`` per side; multiples of 8."""
        if self.width and self.height:
            return self.width, self.height
        if self.width:
            return self.width, _multiple_of_8(self.width * height / width)
        if self.height:
            return _multiple_of_8(self.height * width / height), self.height
        return _multiple_of_8(width * self.scale), _multiple_of_8(height * self.scale)


class TiledUpscaleOption(_Strict):
    """A1111's "SD upscale" script: ``init_image`` is enlarged ``scale`` times, then repainted tile by
    tile — each tile width×height, overlapping its neighbours by ``overlap`` pixels and blended into
    them — with image-to-image at ``strength``: a model made for small images adds detail to a
    large one."""

    scale: float = Field(default=2, gt=1, le=4, description="Factor per side of the final image.")
    overlap: int = Field(default=64, ge=0, le=256, description="Pixels each tile shares with its neighbours.")
    upscaler: str = Field(
        default="lanczos",
        min_length=1,
        max_length=200,
        description="How the image is enlarged first: 'lanczos', 'nearest', or the id of a local upscaler of "
        "the catalog (e.g. a Real-ESRGAN network).",
    )

    @property
    def network(self) -> str | None:
        """The catalog upscaler that enlarges the image, when ``upscaler`` names one."""
        return None if self.upscaler in RESAMPLERS else self.upscaler

    def size(self, width: int, height: int) -> tuple[int, int]:
        """The result's size for an input of ``width``×``height``: ``scale`` times, multiples of 8."""
        return _multiple_of_8(width * self.scale), _multiple_of_8(height * self.scale)


class RestoreFacesOption(_Strict):
    """Restore the faces in every generated image (A1111's ``restore_faces``): each face found is
    aligned to the restorer's 512-px frame, restored (GFPGAN or CodeFormer weights from the
    catalog's ``[[face_restorers]]``) and pasted back with a feathered edge; the rest of the image is
    left as it was."""

    model: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Face restorer id (GET /v1/face-restorers). Omit for the server's first one.",
    )
    visibility: float = Field(
        default=1.0, ge=0, le=1, description="How much of the restored face shows over the original (0–1)."
    )
    fidelity: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="CodeFormer only: 0 restores the most, 1 keeps closest to the input face "
        "(A1111's codeformer_weight).",
    )

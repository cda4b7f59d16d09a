"""Catalog entries: what a model is, what it can do, what it costs. No I/O here."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from imagegate.domain.requests import MAX_SIDE, Task


class Family(StrEnum):
    """Model architecture families the diffusers engine knows how to run."""

    sd1 = "sd1"
    sd2 = "sd2"
    sdxl = "sdxl"
    sd3 = "sd3"
    flux = "flux"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Defaults(_Strict):
    """Parameters applied when a request leaves them out."""

    width: int = Field(default=512, gt=0, le=MAX_SIDE, multiple_of=8)
    height: int = Field(default=512, gt=0, le=MAX_SIDE, multiple_of=8)
    num_inference_steps: int = Field(default=25, ge=1, le=150)
    guidance_scale: float = Field(default=7.0, ge=0, le=30)
    scheduler: str | None = None
    negative_prompt: str | None = None


class Limits(_Strict):
    """Bounds a request for this model must stay within."""

    max_width: int = Field(default=2048, gt=0, le=MAX_SIDE, multiple_of=8)
    max_height: int = Field(default=2048, gt=0, le=MAX_SIDE, multiple_of=8)
    max_pixels: int | None = Field(default=None, gt=0, description="Cap on width×height.")
    max_num_images: int = Field(default=4, ge=1, le=16)
    max_steps: int = Field(default=150, ge=1, le=150)


class Price(_Strict):
    """Price of one generation. Local models bill GPU work, providers bill per image."""

    per_image: float = Field(default=0.0, ge=0)
    per_megapixel_step: float = Field(default=0.0, ge=0)
    currency: str = "USD"

    def estimate(self, *, width: int, height: int, steps: int, num_images: int) -> float:
        megapixels = width * height / 1_000_000
        return num_images * (self.per_image + self.per_megapixel_step * megapixels * steps)


class ModelSpec(_Strict):
    """One catalog model. ``source`` is a Hugging Face repo id, a local diffusers folder or a
    single-file checkpoint; relative paths resolve against the catalog file that names them."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$")
    name: str | None = None
    description: str = ""
    engine: str = "diffusers"
    source: str = Field(min_length=1)
    config: str | None = Field(
        default=None,
        description="For single-file checkpoints: a diffusers folder or repo id holding the component "
        "configs (needed offline; otherwise diffusers fetches them from the hub).",
    )
    family: Family | None = Field(default=None, description="Detected from the source when omitted.")
    revision: str | None = None
    variant: str | None = None
    dtype: str | None = Field(default=None, pattern=r"^(float32|float16|bfloat16)$")
    tasks: list[Task] = Field(default_factory=lambda: [Task.txt2img], min_length=1)
    inpaint_model: str | None = Field(
        default=None,
        description="Id of a dedicated inpainting model of the same family (e.g. a 9-channel UNet); inpaint "
        "and outpaint requests for this model run on it.",
    )
    call_kwargs: dict[str, int | float | str | bool] = Field(
        default_factory=dict,
        description="Extra keyword arguments for every pipeline call, e.g. max_sequence_length = 256.",
    )
    defaults: Defaults = Field(default_factory=Defaults)
    limits: Limits = Field(default_factory=Limits)
    price: Price = Field(default_factory=Price)
    license: str | None = None
    commercial_use: bool | None = None
    tags: list[str] = Field(default_factory=list)
    version: str = Field(default="1", description="Bump when the weights change; part of cache keys.")
    created: int = Field(default=0, description="Unix time the entry was added (OpenAI list shape).")
    owned_by: str = "imagegate"

    @field_validator("tasks")
    @classmethod
    def _unique_tasks(cls, tasks: list[Task]) -> list[Task]:
        return list(dict.fromkeys(tasks))

    @model_validator(mode="after")
    def _defaults_within_limits(self) -> ModelSpec:
        d, lim = self.defaults, self.limits
        if d.width > lim.max_width or d.height > lim.max_height:
            raise ValueError(f"defaults {d.width}x{d.height} exceed limits {lim.max_width}x{lim.max_height}")
        return self

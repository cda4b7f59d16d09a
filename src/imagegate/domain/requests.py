"""The one request type every dialect translates into: a union over tasks.

Field names are diffusers' ``__call__`` argument names. ``None`` means "the model's default"
(taken from the catalog at admission), so a request records exactly what the user asked for and
``resolve_defaults`` produces the effective parameters that the engine runs and the job reports.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, field_validator

MAX_PROMPT_CHARS = 4000
MAX_SIDE = 8192
MAX_SEED = 2**53 - 1  # the largest integer every JSON client (JavaScript included) keeps exact


class Task(StrEnum):
    txt2img = "txt2img"
    img2img = "img2img"
    inpaint = "inpaint"
    outpaint = "outpaint"
    controlnet = "controlnet"
    upscale = "upscale"
    variation = "variation"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


def _check_prompt(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if not value.strip():
        raise ValueError(f"{name} must not be empty or only whitespace")
    bad = [c for c in value if ord(c) < 32 and c not in "\n\t\r"]
    if bad:
        raise ValueError(f"{name} contains control characters (e.g. U+{ord(bad[0]):04X}); remove them")
    return value


class RequestBase(_Strict):
    model: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Catalog model id (see GET /v1/models). Omit for the server's default model.",
    )


class DiffusionParams(RequestBase):
    prompt: str = Field(
        min_length=1,
        max_length=MAX_PROMPT_CHARS,
        description="What to draw.",
        examples=["a red circle on a blue background"],
    )
    negative_prompt: str | None = Field(
        default=None, max_length=MAX_PROMPT_CHARS, description="What to steer away from."
    )
    width: int | None = Field(
        default=None,
        gt=0,
        le=MAX_SIDE,
        multiple_of=8,
        description="Output width in pixels, a multiple of 8. Defaults to the model's native width.",
    )
    height: int | None = Field(
        default=None,
        gt=0,
        le=MAX_SIDE,
        multiple_of=8,
        description="Output height in pixels, a multiple of 8. Defaults to the model's native height.",
    )
    num_inference_steps: int | None = Field(
        default=None, ge=1, le=150, description="Denoising steps. More is slower and usually finer."
    )
    guidance_scale: float | None = Field(
        default=None,
        ge=0,
        le=30,
        description="Classifier-free guidance: how strongly to follow the prompt (1 disables it).",
    )
    seed: int | None = Field(
        default=None,
        ge=0,
        le=MAX_SEED,
        description="Fixes the random noise; the same seed and parameters give the same bytes on the "
        "same machine. Omit for a random seed (it is reported in the result).",
    )
    scheduler: str | None = Field(
        default=None,
        max_length=100,
        description="Sampler by diffusers class name (EulerAncestralDiscreteScheduler) or A1111 name "
        "('Euler a', 'DPM++ 2M Karras'). Defaults to the model's scheduler.",
    )
    num_images: int = Field(default=1, ge=1, le=16, description="Images to generate in one batch.")

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str) -> str:
        return _check_prompt(value, "prompt") or value

    @field_validator("negative_prompt")
    @classmethod
    def _negative_prompt(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            return None
        return _check_prompt(value, "negative_prompt")


ImageInput = Annotated[
    str,
    Field(
        min_length=1,
        description="An image: base64 (with or without a data: prefix) or an http(s) URL.",
    ),
]


class Txt2ImgRequest(DiffusionParams):
    task: Literal[Task.txt2img] = Task.txt2img


class Img2ImgRequest(DiffusionParams):
    task: Literal[Task.img2img]
    init_image: ImageInput
    strength: float = Field(default=0.8, gt=0, le=1, description="How much to change the input (0–1].")


class InpaintRequest(DiffusionParams):
    task: Literal[Task.inpaint]
    init_image: ImageInput
    mask_image: ImageInput = Field(description="White pixels are repainted, black pixels are kept.")
    strength: float = Field(default=1.0, gt=0, le=1)


class OutpaintRequest(DiffusionParams):
    task: Literal[Task.outpaint]
    init_image: ImageInput
    left: int = Field(default=0, ge=0, le=MAX_SIDE)
    right: int = Field(default=0, ge=0, le=MAX_SIDE)
    top: int = Field(default=0, ge=0, le=MAX_SIDE)
    bottom: int = Field(default=0, ge=0, le=MAX_SIDE)


class ControlNetRequest(DiffusionParams):
    task: Literal[Task.controlnet]
    control_image: ImageInput
    controlnet_model: str = Field(min_length=1)
    controlnet_conditioning_scale: float = Field(default=1.0, ge=0, le=2)


class UpscaleRequest(RequestBase):
    task: Literal[Task.upscale]
    image: ImageInput
    scale: Literal[2, 4] = 4


class VariationRequest(DiffusionParams):
    task: Literal[Task.variation]
    init_image: ImageInput
    strength: float = Field(default=0.6, gt=0, le=1)


def task_of(value: Any) -> str:
    # A body without "task" is a text-to-image request: the common case needs no ceremony.
    if isinstance(value, dict):
        return str(value.get("task", Task.txt2img))
    return str(getattr(value, "task", Task.txt2img))


GenerationRequest = Annotated[
    Annotated[Txt2ImgRequest, Tag(Task.txt2img)]
    | Annotated[Img2ImgRequest, Tag(Task.img2img)]
    | Annotated[InpaintRequest, Tag(Task.inpaint)]
    | Annotated[OutpaintRequest, Tag(Task.outpaint)]
    | Annotated[ControlNetRequest, Tag(Task.controlnet)]
    | Annotated[UpscaleRequest, Tag(Task.upscale)]
    | Annotated[VariationRequest, Tag(Task.variation)],
    Discriminator(task_of),
]

AnyRequest = (
    Txt2ImgRequest
    | Img2ImgRequest
    | InpaintRequest
    | OutpaintRequest
    | ControlNetRequest
    | UpscaleRequest
    | VariationRequest
)

_adapter: TypeAdapter[AnyRequest] | None = None


def request_adapter() -> TypeAdapter[AnyRequest]:
    global _adapter
    if _adapter is None:
        _adapter = TypeAdapter(GenerationRequest)
    return _adapter


def parse_request(data: Any) -> AnyRequest:
    """Validate a plain dict (e.g. a stored job's params) into the request union."""
    return request_adapter().validate_python(data)

"""The one request type every dialect translates into: a union over tasks.

Field names are diffusers' ``__call__`` argument names. ``None`` means "the model's default"
(taken from the catalog at admission), so a request records exactly what the user asked for and
``resolve_defaults`` produces the effective parameters that the engine runs and the job reports.

Image fields (``init_image``, ``mask_image``, ``control_image``, ``image``) take base64 (with or
without a ``data:`` prefix), an http(s) URL, or ``blob:<sha256>``; admission decodes and checks the
image and stores it, so the effective parameters of a job only ever hold the small ``blob:`` form.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from imagegate.domain.options import (
    MAX_PROMPT_CHARS,
    MAX_SIDE,
    MAX_UPSCALE,
    HiresOption,
    RestoreFacesOption,
    Size,
    TiledUpscaleOption,
    UpscaleOption,
    _Strict,
)

MAX_SEED = 2**53 - 1  # the largest integer every JSON client (JavaScript included) keeps exact
MAX_LORAS = 8
MAX_CONTROLNETS = 4


class Task(StrEnum):
    txt2img = "txt2img"
    img2img = "img2img"
    inpaint = "inpaint"
    outpaint = "outpaint"
    controlnet = "controlnet"
    upscale = "upscale"
    variation = "variation"


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


ImageInput = Annotated[
    str,
    Field(
        min_length=1,
        description="An image (PNG, JPEG or WebP): base64 with or without a data: prefix, an http(s) URL, "
        "or blob:<sha256> of an image uploaded before. In multipart requests, a file part of this name.",
    ),
]

Preprocessor = Literal["none", "canny", "invert", "depth", "openpose"]
MaskedContent = Literal["original", "fill", "latent_noise", "latent_nothing"]
Anchor = Literal["center", "top", "bottom", "left", "right", "top_left", "top_right", "bottom_left", "bottom_right"]


class LoraRef(_Strict):
    """One LoRA adapter applied to a local model for this request."""

    id: str = Field(min_length=1, max_length=200, description="LoRA id from GET /v1/loras.")
    weight: float = Field(
        default=1.0,
        ge=-4,
        le=4,
        description="Strength: 1 is full strength, 0 turns it off (the base model's output), negative inverts it.",
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
        description="Output width in pixels, a multiple of 8. Defaults to the model's native width; for tasks "
        "that take an image, to the image's width (scaled down to fit the model's limits).",
    )
    height: int | None = Field(
        default=None,
        gt=0,
        le=MAX_SIDE,
        multiple_of=8,
        description="Output height in pixels, a multiple of 8. Defaults like width.",
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
    loras: list[LoraRef] = Field(
        default_factory=list,
        max_length=MAX_LORAS,
        description="LoRA adapters to apply, each {id, weight}; they combine. Local models only.",
    )
    upscale: UpscaleOption | None = Field(
        default=None, description='Upscale the generated images afterwards, e.g. {"scale": 2}.'
    )
    restore_faces: RestoreFacesOption | None = Field(
        default=None,
        description='Restore the faces in the images afterwards (A1111\'s restore_faces), e.g. {"visibility": 1}. '
        "Needs a face restorer in the catalog (GET /v1/face-restorers).",
    )
    tiling: bool = Field(
        default=False,
        description="A seamless image: it tiles without visible edges (circular padding in the model's "
        "convolutions). SD 1.x, 2.x and SDXL models.",
    )
    resize_to: Size | None = Field(
        default=None,
        description="Deliver the images at this size, resized (Lanczos) after generation at width×height. "
        "Set for you by a model whose size_policy is 'fit' when a request asks for more than it draws.",
    )

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str) -> str:
        return _check_prompt(value, "prompt") or value

    @model_validator(mode="after")
    def _one_way_to_resize(self) -> DiffusionParams:
        if self.resize_to is not None and self.upscale is not None:
            raise ValueError("resize_to and upscale cannot be combined: choose one way to change the size")
        return self

    @field_validator("negative_prompt")
    @classmethod
    def _negative_prompt(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            return None
        return _check_prompt(value, "negative_prompt")

    @field_validator("loras")
    @classmethod
    def _distinct_loras(cls, loras: list[LoraRef]) -> list[LoraRef]:
        ids = [lora.id for lora in loras]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"LoRA '{repeated[0]}' is listed twice; give each LoRA once with its weight")
        return loras


class Txt2ImgRequest(DiffusionParams):
    task: Literal[Task.txt2img] = Task.txt2img
    prompt: str = Field(
        max_length=MAX_PROMPT_CHARS,
        description="What to draw. May be empty on local models (an image the prompt does not steer, as "
        "A1111 allows); hosted providers need one.",
        examples=["a red circle on a blue background"],
    )
    hires: HiresOption | None = Field(
        default=None, description='A second pass at a larger size (A1111\'s hires fix), e.g. {"scale": 2}.'
    )

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str) -> str:
        return "" if not value.strip() else (_check_prompt(value, "prompt") or value)

    @model_validator(mode="after")
    def _one_way_to_enlarge(self) -> Txt2ImgRequest:
        if self.hires is not None and (self.upscale is not None or self.resize_to is not None):
            raise ValueError("hires cannot be combined with upscale or resize_to: choose one way to enlarge")
        for name in ("width", "height"):
            value = getattr(self.hires, name, None)
            if value is not None and value % 8:
                raise ValueError(f"hires.{name} must be a multiple of 8 (got {value})")
        return self


class _ImageGuided(DiffusionParams):
    """A task that starts from an image: the prompt may be empty (the image alone guides it)."""

    prompt: str = Field(
        default="",
        max_length=MAX_PROMPT_CHARS,
        description="What to draw; may be empty: the image alone then guides the result.",
    )

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str) -> str:
        return "" if not value.strip() else (_check_prompt(value, "prompt") or value)


class Img2ImgRequest(_ImageGuided):
    """Transform ``init_image`` following the prompt."""

    task: Literal[Task.img2img]
    init_image: ImageInput
    strength: float = Field(
        default=0.8,
        gt=0,
        le=1,
        description="How much to change the input, in (0, 1]: 1 ignores it. Runs about "
        "strength × num_inference_steps steps.",
    )
    tiled_upscale: TiledUpscaleOption | None = Field(
        default=None, description='Enlarge, then repaint tile by tile (A1111\'s SD upscale), e.g. {"scale": 2}.'
    )

    @model_validator(mode="after")
    def _one_tiled_image(self) -> Img2ImgRequest:
        if self.tiled_upscale is not None and self.num_images != 1:
            raise ValueError("tiled_upscale makes one image per request: num_images must be 1")
        if self.tiled_upscale is not None and (self.upscale is not None or self.resize_to is not None):
            raise ValueError("tiled_upscale cannot be combined with upscale or resize_to")
        return self


class InpaintRequest(_ImageGuided):
    """Repaint the white part of ``mask_image``; every other pixel of ``init_image`` comes back unchanged."""

    task: Literal[Task.inpaint]
    init_image: ImageInput
    mask_image: ImageInput | None = Field(
        default=None,
        description="White = repaint, black = keep (grey = in between); the same size as init_image. "
        "Transparent pixels of the mask count as black. Omit it to repaint the transparent pixels of init_image.",
    )
    strength: float = Field(default=1.0, gt=0, le=1, description="How much to change the masked area, in (0, 1].")
    mask_blur: int = Field(
        default=4,
        ge=0,
        le=64,
        description="Feathers the edge of the repainted area over this many pixels, inside the mask only.",
    )
    padding_mask_crop: int | None = Field(
        default=None,
        ge=0,
        le=MAX_SIDE,
        description="Repaint at full resolution around the mask only (A1111's inpaint_full_res): the region "
        "holding the mask, widened by this many pixels, is cut out, repainted at width×height and put back.",
    )
    masked_content: MaskedContent = Field(
        default="original",
        description="What the repainted area starts from (A1111's inpainting_fill): 'original' (the image), "
        "'fill' (the surrounding colours flowed in and blurred), 'latent_noise' (random colours: drawn afresh), "
        "'latent_nothing' (flat grey). Matters most below strength 1.",
    )
    invert_mask: bool = Field(
        default=False,
        description="Repaint the black part of mask_image instead (A1111's inpainting_mask_invert). The mask "
        "is inverted when the job is admitted: the job's parameters then show the inverted mask.",
    )


class OutpaintRequest(DiffusionParams):
    """Extend the canvas of ``init_image`` and paint the new area to match.

    Give the new size one way: ``left``/``right``/``top``/``bottom`` pixels, or a target ``width`` and
    ``height``, or an ``aspect_ratio``; with the last two, ``anchor`` places the original. The canvas is
    rounded up to the model's size multiple. The original pixels are kept, except for a band of
    about ``2 × mask_blur`` pixels along the seam that is blended into the new area."""

    task: Literal[Task.outpaint]
    init_image: ImageInput
    left: int = Field(default=0, ge=0, le=MAX_SIDE, description="Pixels to add on the left.")
    right: int = Field(default=0, ge=0, le=MAX_SIDE, description="Pixels to add on the right.")
    top: int = Field(default=0, ge=0, le=MAX_SIDE, description="Pixels to add at the top.")
    bottom: int = Field(default=0, ge=0, le=MAX_SIDE, description="Pixels to add at the bottom.")
    aspect_ratio: str | None = Field(
        default=None,
        pattern=r"^[1-9][0-9]{0,3}:[1-9][0-9]{0,3}$",
        description="Extend to this width:height ratio, e.g. '16:9'; only the short side grows.",
    )
    anchor: Anchor = Field(
        default="center", description="Where the original sits on a canvas given by width/height or aspect_ratio."
    )
    mask_blur: int = Field(default=8, ge=0, le=128, description="Softness of the seam in pixels.")
    strength: float = Field(
        default=0.9,
        gt=0,
        le=1,
        description="How much to repaint the new area, in (0, 1]. Below 1 the new area starts from a blurred "
        "extension of the original's edges, which helps colours continue.",
    )


class ControlNetUnit(_Strict):
    """One ControlNet and the image that steers it."""

    controlnet_model: str = Field(min_length=1, max_length=200, description="ControlNet id from GET /v1/controlnets.")
    control_image: ImageInput
    preprocessor: Preprocessor | None = Field(
        default=None,
        description="Turns control_image into the map the ControlNet reads: 'canny' (edges, OpenCV), 'invert' "
        "(black lines on white become white on black), 'depth' (a depth map) and 'openpose' (a pose skeleton) "
        "with an annotator of GET /v1/annotators, 'none' (already a map). Defaults to the ControlNet's "
        "catalog setting.",
    )
    annotator: str | None = Field(
        default=None, max_length=200, description="For 'depth'/'openpose': the annotator id (default: the first)."
    )
    controlnet_conditioning_scale: float = Field(default=1.0, ge=0, le=2, description="How strongly it steers.")
    control_guidance_start: float = Field(default=0.0, ge=0, le=1, description="Fraction of steps before it starts.")
    control_guidance_end: float = Field(default=1.0, ge=0, le=1, description="Fraction of steps after which it stops.")
    low_threshold: int = Field(default=100, ge=0, le=255, description="Canny: lower hysteresis threshold.")
    high_threshold: int = Field(default=200, ge=0, le=255, description="Canny: upper hysteresis threshold.")

    @model_validator(mode="after")
    def _ordered(self) -> ControlNetUnit:
        if self.control_guidance_start >= self.control_guidance_end:
            raise ValueError("control_guidance_start must be below control_guidance_end")
        if self.low_threshold > self.high_threshold:
            raise ValueError("low_threshold must not exceed high_threshold")
        return self


_UNIT_FIELDS = frozenset(ControlNetUnit.model_fields)


class ControlNetRequest(DiffusionParams):
    """Generate following one or several ControlNets.

    A single ControlNet may also be given with its fields at the top level (``controlnet_model``,
    ``control_image``, ``controlnet_conditioning_scale``, …) instead of in ``controlnets``."""

    task: Literal[Task.controlnet]
    controlnets: list[ControlNetUnit] = Field(
        min_length=1, max_length=MAX_CONTROLNETS, description="The ControlNets, applied together."
    )
    return_control_image: bool = Field(
        default=False, description="Also return each preprocessed control map, after the generated images."
    )

    @model_validator(mode="before")
    @classmethod
    def _single_unit_shorthand(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        flat = {k: v for k, v in data.items() if k in _UNIT_FIELDS}
        if not flat:
            return data
        if "controlnets" in data:
            raise ValueError(f"give either controlnets or {', '.join(sorted(flat))} at the top level, not both")
        rest = {k: v for k, v in data.items() if k not in _UNIT_FIELDS}
        return {**rest, "controlnets": [flat]}


class UpscaleRequest(RequestBase):
    """Enlarge ``image`` with an upscaler model (tiled, so any size up to 8192 px works)."""

    task: Literal[Task.upscale]
    image: ImageInput
    restore_faces: RestoreFacesOption | None = Field(
        default=None, description="Also restore the faces of the enlarged image (A1111's extras GFPGAN/CodeFormer)."
    )
    scale: float = Field(
        default=4,
        ge=1,
        le=MAX_UPSCALE,
        description="Factor per side; the result may be at most 8192 px a side. 1 (no enlarging) only with "
        "restore_faces.",
    )

    @field_validator("scale")
    @classmethod
    def _enlarges_or_restores(cls, scale: float, info: ValidationInfo) -> float:
        if scale == 1 and info.data.get("restore_faces") is None:
            raise ValueError("must be above 1 (scale 1 only restores faces: add restore_faces)")
        return scale


class VariationRequest(_ImageGuided):
    """Variations of ``init_image``: each image of the batch (seed, seed+1, …) differs."""

    task: Literal[Task.variation]
    init_image: ImageInput
    strength: float = Field(default=0.6, gt=0, le=1, description="How far variations may wander from the input.")


def task_of(value: Any) -> str:
    # A body without "task" is a text-to-image request: the common case needs no ceremony.
    if isinstance(value, dict):
        return str(value.get("task", Task.txt2img))
    return str(getattr(value, "task", Task.txt2img))


# The one table of tasks: each task's request class. Every union over tasks is built from it.
REQUEST_TYPES: dict[Task, type[BaseModel]] = {
    Task.txt2img: Txt2ImgRequest,
    Task.img2img: Img2ImgRequest,
    Task.inpaint: InpaintRequest,
    Task.outpaint: OutpaintRequest,
    Task.controlnet: ControlNetRequest,
    Task.upscale: UpscaleRequest,
    Task.variation: VariationRequest,
}


def tagged_union(types: Mapping[Task, type[BaseModel]]) -> Any:
    """A union pydantic validates by the ``task`` field (txt2img when absent), over one class per
    task: the request classes, or an API surface's subclasses of them."""
    return Annotated[Union[tuple(Annotated[cls, Tag(task)] for task, cls in types.items())], Discriminator(task_of)]  # noqa: UP007


GenerationRequest = tagged_union(REQUEST_TYPES)

# The same union for type checkers, which cannot read a table (a test checks the two agree).
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

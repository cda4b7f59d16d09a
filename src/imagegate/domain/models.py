"""Catalog entries: what a model is, what it can do, what it costs. No I/O here."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from imagegate.domain.policy import Money
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
    """Price of one generation. Local models bill GPU work, providers bill per image or per megapixel,
    or pass on the cost the provider reports (``provider_reported``, in ``reported_unit`` per unit)."""

    per_image: Money = 0.0
    per_megapixel: Money = Field(default=0.0, description="Per output megapixel (hosted providers).")
    per_megapixel_step: Money = 0.0
    provider_reported: bool = Field(
        default=False, description="Bill what the provider reports for the request when it reports a cost."
    )
    reported_unit: float = Field(
        default=1.0, gt=0, description="Currency per unit the provider reports (BFL reports credits of 0.01 USD)."
    )
    currency: str = "USD"

    def estimate(self, *, width: int, height: int, steps: int, num_images: int) -> float:
        megapixels = width * height / 1_000_000
        per_image = self.per_image + self.per_megapixel * megapixels + self.per_megapixel_step * megapixels * steps
        return num_images * per_image


class ProviderConfig(_Strict):
    """How a hosted provider is reached for one catalog model. The credential is named, never written:
    ``api_key_env`` is the environment variable that holds it."""

    api_key_env: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,127}$",
        description="Name of the environment variable holding the API key (the key itself never goes in a file).",
    )
    base_url: str | None = Field(
        default=None, description="The provider's API base URL; the engine's default if omitted."
    )
    timeout_s: float = Field(default=120.0, gt=0, le=3600, description="Time limit of one HTTP request.")
    poll_interval_s: float | None = Field(
        default=None,
        gt=0,
        le=60,
        description="Pause between status polls (async APIs); the provider's advice if omitted.",
    )
    options: dict[str, int | float | str | bool | list[str]] = Field(
        default_factory=dict, description="Provider parameters sent with every request (e.g. quality, style_preset)."
    )
    inputs: dict[str, str] = Field(
        default_factory=dict,
        description="For providers that host arbitrary models (Replicate, fal, OpenAI-compatible): our parameter "
        "name → the model's input name. Parameters not listed are not sent (a request using them is refused).",
    )
    size: Literal["pixels", "aspect_ratio", "image_size", "none"] | None = Field(
        default=None,
        description="For providers that host arbitrary models: how width/height reach the model — inputs "
        "'width'/'height', an 'aspect_ratio' input, fal's 'image_size', or not at all (engine default if omitted).",
    )
    drop: list[str] = Field(
        default_factory=list,
        description="Parameters the provider lacks that are dropped with a warning on the job instead of refused.",
    )
    max_images_per_request: int | None = Field(
        default=None, ge=1, le=16, description="More images than this are made with several provider requests."
    )


class RouteTarget(_Strict):
    model: str = Field(min_length=1, description="A catalog model id (local or hosted; not another route).")
    weight: float = Field(default=1.0, gt=0, description="Share of first attempts with strategy = 'weighted'.")


class RouteConfig(_Strict):
    """A catalog id that serves requests from one of several targets, falling back on 429, 5xx and
    timeouts (never on the user's own 4xx), with a cooldown per target, a circuit breaker and a retry budget."""

    targets: list[RouteTarget] = Field(min_length=1)
    strategy: Literal["ordered", "weighted"] = "ordered"
    max_attempts: int = Field(default=3, ge=1, le=10, description="Targets tried per job at most.")
    attempt_timeout_s: float | None = Field(
        default=None, gt=0, description="Give up on a target after this long and fall back to the next one."
    )
    cooldown_s: float = Field(default=30.0, ge=0, description="A target that failed is skipped this long.")
    failure_threshold: int = Field(default=5, ge=1, description="Consecutive failures that open a target's circuit.")
    open_s: float = Field(default=60.0, ge=0, description="An open circuit admits one probe after this long.")
    retry_ratio: float = Field(
        default=0.5, ge=0, le=10, description="Retry budget: fallbacks may be at most this share of first attempts…"
    )
    retry_min: int = Field(default=10, ge=0, description="…plus this many, counted over retry_window_s.")
    retry_window_s: float = Field(default=60.0, gt=0)


class ModelSpec(_Strict):
    """One catalog model. ``source`` is a Hugging Face repo id, a local diffusers folder or a
    single-file checkpoint; relative paths resolve against the catalog file that names them."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$")
    name: str | None = None
    description: str = ""
    engine: str = "diffusers"
    source: str = Field(
        min_length=1,
        description="Hugging Face repo id, local folder or single file; for hosted providers the provider's model "
        "name. Routes need none.",
    )
    config: str | None = Field(
        default=None,
        description="For single-file checkpoints: a diffusers folder or repo id holding the component "
        "configs (needed offline; otherwise diffusers fetches them from the hub).",
    )
    family: Family | None = Field(default=None, description="Detected from the source when omitted.")
    revision: str | None = None
    variant: str | None = None
    dtype: str | None = Field(
        default=None,
        pattern=r"^(float32|float16|bfloat16)$",
        description="Weights' precision; the family's default for the device when omitted (bfloat16 for FLUX "
        "and SD3 on CUDA, float16 for SD 1.x/2.x/SDXL on CUDA and on MPS but FLUX's float32, float32 on CPU).",
    )
    vae_upcast: bool | None = Field(
        default=None,
        description="SDXL in float16: decode with the VAE in float32 (its NaN-free path). Omitted: what the "
        "VAE's config says (force_upcast, on for the original SDXL VAE, off for fp16-fix VAEs).",
    )
    offload: Literal["none", "model", "sequential"] = Field(
        default="none",
        description="For cards too small for the model: keep the weights in CPU memory and move each "
        "component ('model') or each layer ('sequential', slowest) to the GPU while it runs. Ignored on CPU.",
    )
    compile: bool = Field(
        default=False,
        description="torch.compile the denoiser and the VAE decoder (channels-last), warmed up at load at the "
        "default size: faster images, a longer load.",
    )
    compile_mode: Literal["default", "reduce-overhead", "max-autotune", "max-autotune-no-cudagraphs"] = Field(
        default="default", description="torch.compile's mode, when compile is on."
    )
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
    size_policy: Literal["refuse", "fit"] = Field(
        default="refuse",
        description="A requested size past the limits: 'refuse' it (a 422 naming the field), or 'fit': "
        "generate at the native size (the defaults' pixel count, the request's aspect ratio) and resize "
        "the images to the size asked. For models drawn at one size, so clients' default sizes work.",
    )
    max_batch_size: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Images one pipeline call may make for compatible jobs together (default: "
        "the server's max_batch_size).",
    )
    price: Price = Field(default_factory=Price)
    license: str | None = None
    commercial_use: bool | None = None
    tags: list[str] = Field(default_factory=list)
    version: str = Field(default="1", description="Bump when the weights change; part of cache keys.")
    created: int = Field(default=0, description="Unix time the entry was added (OpenAI list shape).")
    owned_by: str = "imagegate"
    provider: ProviderConfig | None = Field(default=None, description="Hosted providers: how to reach them.")
    route: RouteConfig | None = Field(default=None, description="Routes (engine = 'route'): targets and fallback.")
    params: list[str] | None = Field(
        default=None,
        description="Optional generation parameters the model takes (and gets catalog defaults for); None means "
        "all of them. Filled in for hosted models from what their provider supports.",
    )

    def accepts(self, name: str) -> bool:
        return self.params is None or name in self.params

    @model_validator(mode="before")
    @classmethod
    def _route_needs_no_source(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("route") is not None and "source" not in data:
            return {**data, "source": "route"}
        return data

    @field_validator("tasks")
    @classmethod
    def _unique_tasks(cls, tasks: list[Task]) -> list[Task]:
        return list(dict.fromkeys(tasks))

    @model_validator(mode="after")
    def _compile_not_with_sequential_offload(self) -> ModelSpec:
        if self.compile and self.offload == "sequential":
            raise ValueError("compile cannot be combined with offload = 'sequential' (layers move while they run)")
        return self

    @model_validator(mode="after")
    def _defaults_within_limits(self) -> ModelSpec:
        d, lim = self.defaults, self.limits
        if d.width > lim.max_width or d.height > lim.max_height:
            raise ValueError(f"defaults {d.width}x{d.height} exceed limits {lim.max_width}x{lim.max_height}")
        return self

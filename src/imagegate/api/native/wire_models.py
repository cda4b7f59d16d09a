"""Wire models of the model manager: adding, changing and removing catalog entries at run time."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from imagegate.domain.adapters import ID_PATTERN
from imagegate.domain.models import Defaults, Family, Limits, Price
from imagegate.domain.requests import Preprocessor, Task

SOURCE_DOC = (
    "Where the weights are: a Hugging Face repo id (owner/name, pulled with the hub client), an http(s) URL "
    "of one .safetensors file (pulled, resumable), or a path on the server (used in place)."
)
SHA256 = r"^[0-9a-fA-F]{64}$"

# What only the pull uses: not part of the stored catalog entry.
PULL_FIELDS = {"sha256", "subfolder"}


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    def spec_fields(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, exclude=PULL_FIELDS)


class _Pull(_Body):
    id: str = Field(pattern=ID_PATTERN, description="The id requests will name.")
    source: str = Field(min_length=1, max_length=2000, description=SOURCE_DOC)
    revision: str | None = Field(default=None, max_length=200, description="Hub: a branch, tag or commit.")
    subfolder: str | None = Field(
        default=None,
        max_length=500,
        pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$",
        description="Hub: the folder of the repo that holds the pipeline.",
    )
    sha256: str | None = Field(default=None, pattern=SHA256, description="URLs: the file's checksum, verified.")
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    license: str | None = Field(default=None, max_length=200)
    tags: list[str] | None = None


BATCH = "Images one pipeline call may make for compatible jobs together (default: the server's max_batch_size)."


class ModelCreate(_Pull):
    """A model to add: used in place (a local path) or pulled (a hub repo, a URL)."""

    variant: str | None = Field(default=None, max_length=50, description="Hub: weights variant, e.g. fp16.")
    config: str | None = Field(
        default=None,
        max_length=2000,
        description="Single files: a diffusers folder or repo id holding the component configs.",
    )
    family: Family | None = Field(default=None, description="Detected from the weights when omitted.")
    dtype: Literal["float32", "float16", "bfloat16"] | None = Field(
        default=None, description="Weights' precision (default: the family's for the device)."
    )
    vae_upcast: bool | None = Field(default=None, description="SDXL in float16: decode with a float32 VAE.")
    offload: Literal["none", "model", "sequential"] | None = Field(
        default=None, description="CPU offload for small GPUs: per component ('model') or per layer."
    )
    compile: bool | None = Field(default=None, description="torch.compile the denoiser and VAE decoder at load.")
    compile_mode: Literal["default", "reduce-overhead", "max-autotune", "max-autotune-no-cudagraphs"] | None = None
    max_batch_size: int | None = Field(default=None, ge=1, le=64, description=BATCH)
    tasks: list[Task] | None = Field(default=None, description="What it may do (default: txt2img).")
    defaults: Defaults | None = None
    limits: Limits | None = None
    price: Price | None = None
    commercial_use: bool | None = None
    call_kwargs: dict[str, int | float | str | bool] | None = None
    size_policy: Literal["refuse", "fit"] | None = None


class ModelPatch(_Body):
    """What may change on a model added at run time (not its id or source)."""

    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    family: Family | None = None
    max_batch_size: int | None = Field(default=None, ge=1, le=64, description=BATCH)
    tasks: list[Task] | None = None
    defaults: Defaults | None = None
    limits: Limits | None = None
    price: Price | None = None
    license: str | None = Field(default=None, max_length=200)
    commercial_use: bool | None = None
    tags: list[str] | None = None
    call_kwargs: dict[str, int | float | str | bool] | None = None
    size_policy: Literal["refuse", "fit"] | None = None


class LoraCreate(_Pull):
    """A LoRA to add (a .safetensors file, a folder holding one, a hub repo or a URL)."""

    families: list[Family] = Field(min_length=1, description="Model families it was trained for.")
    weight_name: str | None = Field(default=None, max_length=500, description="The file, when there are several.")
    trigger_words: list[str] | None = None


class LoraPatch(_Body):
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    families: list[Family] | None = Field(default=None, min_length=1)
    trigger_words: list[str] | None = None
    license: str | None = Field(default=None, max_length=200)
    tags: list[str] | None = None


class ControlNetCreate(_Pull):
    """A ControlNet to add (a diffusers folder, a hub repo, or a single file with ``config``)."""

    family: Family = Field(description="The model family it steers.")
    config: str | None = Field(default=None, max_length=2000)
    variant: str | None = Field(default=None, max_length=50)
    preprocessor: Preprocessor | None = None


class ControlNetPatch(_Body):
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    preprocessor: Preprocessor | None = None
    license: str | None = Field(default=None, max_length=200)
    tags: list[str] | None = None


class AnnotatorCreate(_Pull):
    """A ControlNet annotator to add: a transformers folder or hub repo (Depth Anything or DPT for
    ``depth``, ViTPose for ``pose``) with its config.json and preprocessor_config.json."""

    kind: Literal["depth", "pose"] = Field(description="'depth' serves preprocessor 'depth', 'pose' 'openpose'.")


class AnnotatorPatch(_Body):
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    license: str | None = Field(default=None, max_length=200)
    tags: list[str] | None = None


class Deleted(BaseModel):
    id: str
    object: Literal["model", "lora", "controlnet", "annotator"]
    deleted: bool = True
    canceled_jobs: int = Field(default=0, description="Jobs of the model canceled by force=true.")

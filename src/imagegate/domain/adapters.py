"""Catalog entries for what modifies a local model or its images rather than being one: LoRA adapters,
ControlNets, their annotators and face restorers.

They live beside ``[[models]]`` in the same catalog files, as ``[[loras]]``, ``[[controlnets]]``,
``[[annotators]]`` and ``[[face_restorers]]`` tables; a request names them by id. Each is tied to
the model families its weights fit, so a LoRA trained on SDXL is refused (4xx) for an SD 1.5 model
instead of failing or silently doing nothing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from imagegate.domain.models import Family
from imagegate.domain.requests import Preprocessor

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoraSpec(_Strict):
    """One LoRA: a ``.safetensors`` file, a folder holding one, or a Hugging Face repo id."""

    id: str = Field(pattern=ID_PATTERN)
    name: str | None = None
    description: str = ""
    source: str = Field(min_length=1)
    weight_name: str | None = Field(
        default=None, description="The file inside a folder or repo, when it holds several .safetensors."
    )
    families: list[Family] = Field(min_length=1, description="Model families the LoRA was trained for.")
    revision: str | None = None
    trigger_words: list[str] = Field(default_factory=list, description="Words the LoRA was trained to respond to.")
    license: str | None = None
    tags: list[str] = Field(default_factory=list)
    version: str = Field(default="1", description="Bump when the weights change: the loaded copy is replaced.")

    @field_validator("families")
    @classmethod
    def _unique(cls, families: list[Family]) -> list[Family]:
        return list(dict.fromkeys(families))


class ControlNetSpec(_Strict):
    """One ControlNet: a diffusers folder, a single file (with ``config``) or a Hugging Face repo id."""

    id: str = Field(pattern=ID_PATTERN)
    name: str | None = None
    description: str = ""
    source: str = Field(min_length=1)
    config: str | None = Field(default=None, description="For single files: a folder or repo id with its config.")
    family: Family = Field(description="The model family the ControlNet was trained for.")
    preprocessor: Preprocessor = Field(
        default="none", description="Preprocessor used when a request does not name one."
    )
    revision: str | None = None
    variant: str | None = None
    license: str | None = None
    tags: list[str] = Field(default_factory=list)
    version: str = "1"


AnnotatorKind = Literal["depth", "pose"]
# The preprocessors that run an annotator, each → the kind of annotator it needs.
ANNOTATED_PREPROCESSORS: dict[str, AnnotatorKind] = {"depth": "depth", "openpose": "pose"}


class AnnotatorSpec(_Strict):
    """One ControlNet annotator: the weights a ``depth`` or ``openpose`` preprocessor runs, a
    transformers folder or hub repo (Depth Anything or DPT/MiDaS for depth, ViTPose for pose)."""

    id: str = Field(pattern=ID_PATTERN)
    name: str | None = None
    description: str = ""
    kind: AnnotatorKind = Field(description="'depth' (depth maps) or 'pose' (OpenPose-style skeletons).")
    source: str = Field(min_length=1)
    revision: str | None = None
    license: str | None = None
    tags: list[str] = Field(default_factory=list)
    version: str = Field(default="1", description="Bump when the weights change: the loaded copy is replaced.")


class FaceRestorerSpec(_Strict):
    """One face restorer: GFPGAN (v1.3/v1.4, the "clean" architecture) or CodeFormer weights, a
    ``.pth`` or ``.safetensors`` file, used by the ``restore_faces`` post-step."""

    id: str = Field(pattern=ID_PATTERN)
    name: str | None = None
    description: str = ""
    source: str = Field(min_length=1, description="The weights file (a path, relative to the catalog file).")
    license: str | None = None
    commercial_use: bool | None = None
    tags: list[str] = Field(default_factory=list)
    version: str = Field(default="1", description="Bump when the weights change: the loaded copy is replaced.")

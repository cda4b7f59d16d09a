"""Wire models of the LoRA and ControlNet listings (``GET /v1/loras``, ``GET /v1/controlnets``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from imagegate.domain.models import Family
from imagegate.domain.requests import Preprocessor


class LoraOut(BaseModel):
    id: str = Field(description="Pass as loras[].id.")
    object: Literal["lora"] = "lora"
    name: str
    description: str = ""
    families: list[Family] = Field(description="Model families it fits; other models refuse it.")
    trigger_words: list[str] = Field(default_factory=list, description="Words the LoRA responds to in prompts.")
    license: str | None = None
    tags: list[str] = Field(default_factory=list)


class LoraList(BaseModel):
    object: Literal["list"] = "list"
    data: list[LoraOut]


class ControlNetOut(BaseModel):
    id: str = Field(description="Pass as controlnets[].controlnet_model.")
    object: Literal["controlnet"] = "controlnet"
    name: str
    description: str = ""
    family: Family = Field(description="The model family it steers.")
    preprocessor: Preprocessor = Field(description="Preprocessor used when a request names none.")
    license: str | None = None
    tags: list[str] = Field(default_factory=list)


class ControlNetList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ControlNetOut]

"""Admission checks of the diffusers engine that need the catalog's adapters and the model family:
cheap, no loading, each failure a 4xx naming the field."""

from __future__ import annotations

from imagegate.config import Catalog
from imagegate.domain.models import Family, ModelSpec
from imagegate.domain.requests import (
    AnyRequest,
    ControlNetRequest,
    DiffusionParams,
    Img2ImgRequest,
    InpaintRequest,
    OutpaintRequest,
    VariationRequest,
)
from imagegate.engines.diffusers.families import FAMILIES
from imagegate.errors import InvalidRequest


def check_adapters(catalog: Catalog | None, spec: ModelSpec, family: Family | None, request: DiffusionParams) -> None:
    """LoRAs and ControlNets must exist and fit the model's family (when the family is known)."""
    if catalog is None:
        return
    for index, lora in enumerate(request.loras):
        lora_spec = catalog.loras.get(lora.id)
        if lora_spec is None:
            raise InvalidRequest.for_field(
                f"loras.{index}.id", f"unknown LoRA '{lora.id}'; GET /v1/loras lists them", code="unknown_lora"
            )
        if family is not None and family not in lora_spec.families:
            fits = ", ".join(f.value for f in lora_spec.families)
            raise InvalidRequest.for_field(
                f"loras.{index}.id",
                f"LoRA '{lora.id}' is for {fits} models; model '{spec.id}' is {family.value}",
                code="lora_family_mismatch",
            )
    if isinstance(request, ControlNetRequest):
        for index, unit in enumerate(request.controlnets):
            net = catalog.controlnets.get(unit.controlnet_model)
            field = f"controlnets.{index}.controlnet_model"
            if net is None:
                raise InvalidRequest.for_field(
                    field,
                    f"unknown ControlNet '{unit.controlnet_model}'; GET /v1/controlnets lists them",
                    code="unknown_controlnet",
                )
            if family is not None and net.family is not family:
                raise InvalidRequest.for_field(
                    field,
                    f"ControlNet '{net.id}' is for {net.family.value} models; model '{spec.id}' is {family.value}",
                    code="controlnet_family_mismatch",
                )


def check_strength(family: Family | None, request: AnyRequest, default_steps: int) -> None:
    """UNet pipelines run int(steps × strength) steps: zero would fail inside diffusers."""
    if not isinstance(request, Img2ImgRequest | InpaintRequest | OutpaintRequest | VariationRequest):
        return
    if family is not None and FAMILIES[family].flow_matching:
        return  # flow-matching pipelines always run at least one step
    steps = request.num_inference_steps or default_steps
    if int(steps * request.strength) < 1:
        raise InvalidRequest.for_field(
            "strength",
            f"strength × num_inference_steps must reach 1 (got {request.strength:g} × {steps}); raise either",
        )

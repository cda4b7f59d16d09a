"""The catalog's LoRA adapters and ControlNets: GET /v1/loras, GET /v1/controlnets."""

from __future__ import annotations

from fastapi import APIRouter

from imagegate.api.deps import CurrentKey, ServicesDep
from imagegate.api.wire.adapters import ControlNetList, ControlNetOut, LoraList, LoraOut

router = APIRouter(prefix="/v1", tags=["models"])


@router.get("/loras", response_model=LoraList, summary="List LoRA adapters")
async def list_loras(key: CurrentKey, svc: ServicesDep) -> LoraList:
    """LoRAs a request can apply to local models of the families they fit (``loras: [{id, weight}]``)."""
    return LoraList(
        data=[
            LoraOut(
                id=spec.id,
                name=spec.name or spec.id,
                description=spec.description,
                families=spec.families,
                trigger_words=spec.trigger_words,
                license=spec.license,
                tags=spec.tags,
            )
            for spec in svc.catalog.loras.values()
        ]
    )


@router.get("/controlnets", response_model=ControlNetList, summary="List ControlNets")
async def list_controlnets(key: CurrentKey, svc: ServicesDep) -> ControlNetList:
    """ControlNets a ``controlnet`` request can name, each for one model family."""
    return ControlNetList(
        data=[
            ControlNetOut(
                id=spec.id,
                name=spec.name or spec.id,
                description=spec.description,
                family=spec.family,
                preprocessor=spec.preprocessor,
                license=spec.license,
                tags=spec.tags,
            )
            for spec in svc.catalog.controlnets.values()
        ]
    )

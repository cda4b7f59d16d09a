"""The catalog: GET /v1/models (a superset of OpenAI's list shape), and the LoRA adapters,
ControlNets and face restorers requests can name (GET /v1/loras, /v1/controlnets, /v1/face-restorers)."""

from __future__ import annotations

from fastapi import APIRouter

from imagegate.api.common.json_body import JsonRoute
from imagegate.api.deps import CurrentKey, ServicesDep
from imagegate.api.native.views import model_out
from imagegate.api.native.wire import (
    ControlNetList,
    ControlNetOut,
    FaceRestorerList,
    FaceRestorerOut,
    LoraList,
    LoraOut,
    ModelList,
    ModelOut,
)
from imagegate.errors import NotFound

router = APIRouter(tags=["models"], route_class=JsonRoute)


@router.get("/v1/models", response_model=ModelList, summary="List models")
async def list_models(key: CurrentKey, svc: ServicesDep) -> ModelList:
    """Every model this server offers: local pipelines, hosted models and routes, with their tasks,
    defaults, limits, price, aliases and whether they are loaded."""
    return ModelList(data=[model_out(svc, spec) for spec in svc.catalog])


@router.get("/v1/models/{model_id:path}", response_model=ModelOut, summary="Get a model")
async def get_model(model_id: str, key: CurrentKey, svc: ServicesDep) -> ModelOut:
    """One model by catalog id or alias (``/v1/models/dall-e-3`` answers the model that alias names)."""
    spec = svc.catalog.resolve(model_id)
    if spec is None:
        raise NotFound(f"no model '{model_id}'; GET /v1/models lists the available ones", code="model_not_found")
    return model_out(svc, spec)


@router.get("/v1/loras", response_model=LoraList, summary="List LoRA adapters")
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


@router.get("/v1/controlnets", response_model=ControlNetList, summary="List ControlNets")
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


@router.get("/v1/face-restorers", response_model=FaceRestorerList, summary="List face restorers")
async def list_face_restorers(key: CurrentKey, svc: ServicesDep) -> FaceRestorerList:
    """Face restorers (GFPGAN, CodeFormer) the ``restore_faces`` option can name. Empty when the catalog
    lists no ``[[face_restorers]]``; ``restore_faces`` is then refused."""
    return FaceRestorerList(
        data=[
            FaceRestorerOut(
                id=spec.id,
                name=spec.name or spec.id,
                description=spec.description,
                license=spec.license,
                commercial_use=spec.commercial_use,
                tags=spec.tags,
            )
            for spec in svc.catalog.face_restorers.values()
        ]
    )

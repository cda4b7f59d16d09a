"""The catalog: GET /v1/models (a superset of OpenAI's list shape), and the LoRA adapters,
ControlNets, annotators and face restorers requests can name (GET /v1/loras, /v1/controlnets,
/v1/annotators, /v1/face-restorers)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from imagegate.api.common.json_body import JsonRoute
from imagegate.api.deps import CurrentKey, ServicesDep
from imagegate.api.native import serving_models as handlers
from imagegate.api.native.wire import (
    AnnotatorList,
    ControlNetList,
    FaceRestorerList,
    FaceRestorerOut,
    LoraList,
    ModelList,
    ModelOut,
)
from imagegate.api.problems import not_under
from imagegate.catalog import EntryKind

router = APIRouter(tags=["models"], route_class=JsonRoute)


@router.get("/v1/models", response_model=ModelList, summary="List models")
async def list_models(key: CurrentKey, svc: ServicesDep) -> ModelList:
    """Every model this server offers: local pipelines, hosted models and routes, with their tasks,
    defaults, limits, price, aliases and whether they are loaded; models being pulled too, with
    ``status: downloading`` (or ``failed``) and their progress."""
    await svc.live_catalog.refresh()  # one tiny read: what another process changed is listed at once
    return ModelList(data=handlers.models(svc))


@router.get(
    "/v1/models/{model_id:path}",
    response_model=ModelOut,
    summary="Get a model",
    dependencies=[Depends(not_under("/events", "/load"))],
)
async def get_model(model_id: str, key: CurrentKey, svc: ServicesDep) -> ModelOut:
    """One model by catalog id or alias (``/v1/models/dall-e-3`` answers the model that alias names)."""
    await svc.live_catalog.refresh()
    return await handlers.one_model(svc, model_id)


@router.get("/v1/loras", response_model=LoraList, summary="List LoRA adapters")
async def list_loras(key: CurrentKey, svc: ServicesDep) -> LoraList:
    """LoRAs a request can apply to local models of the families they fit (``loras: [{id, weight}]``)."""
    await svc.live_catalog.refresh()
    return LoraList(data=handlers.adapters(svc, EntryKind.lora))


@router.get("/v1/controlnets", response_model=ControlNetList, summary="List ControlNets")
async def list_controlnets(key: CurrentKey, svc: ServicesDep) -> ControlNetList:
    """ControlNets a ``controlnet`` request can name, each for one model family."""
    await svc.live_catalog.refresh()
    return ControlNetList(data=handlers.adapters(svc, EntryKind.controlnet))


@router.get("/v1/annotators", response_model=AnnotatorList, summary="List ControlNet annotators")
async def list_annotators(key: CurrentKey, svc: ServicesDep) -> AnnotatorList:
    """Annotators the ``depth`` and ``openpose`` preprocessors run (``kind`` depth or pose); empty until
    one is added (POST /v1/annotators or an ``[[annotators]]`` catalog entry)."""
    await svc.live_catalog.refresh()
    return AnnotatorList(data=handlers.adapters(svc, EntryKind.annotator))


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

"""Native models API: GET /v1/models (a superset of OpenAI's list shape)."""

from __future__ import annotations

from fastapi import APIRouter

from imagegate.api.deps import CurrentKey, ServicesDep
from imagegate.api.views import model_out
from imagegate.api.wire.native import ModelList, ModelOut
from imagegate.errors import NotFound

router = APIRouter(prefix="/v1/models", tags=["models"])


@router.get("", response_model=ModelList, summary="List models")
async def list_models(key: CurrentKey, svc: ServicesDep) -> ModelList:
    return ModelList(data=[model_out(svc, spec) for spec in svc.catalog])


@router.get("/{model_id:path}", response_model=ModelOut, summary="Get a model")
async def get_model(model_id: str, key: CurrentKey, svc: ServicesDep) -> ModelOut:
    spec = svc.catalog.get(model_id)
    if spec is None:
        raise NotFound(f"no model '{model_id}'; GET /v1/models lists the available ones", code="model_not_found")
    return model_out(svc, spec)

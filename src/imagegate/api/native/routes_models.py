"""The model manager (admin): POST /v1/models, /v1/loras, /v1/controlnets, /v1/annotators add
entries at run time (pulled from the hub or a URL, or used in place from a local path); PATCH and
DELETE change and remove them; GET …/{id}/events follows a pull. Every server process sees a change within
``catalog_refresh_s``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import StreamingResponse

from imagegate.api.common.json_body import JsonRoute
from imagegate.api.deps import AdminKey, CurrentKey, ServicesDep
from imagegate.api.native import serving_models as handlers
from imagegate.api.native.wire import AnnotatorOut, ControlNetOut, LoraOut, ModelOut
from imagegate.api.native.wire_models import (
    AnnotatorCreate,
    AnnotatorPatch,
    ControlNetCreate,
    ControlNetPatch,
    Deleted,
    LoraCreate,
    LoraPatch,
    ModelCreate,
    ModelPatch,
)
from imagegate.api.problems import not_under
from imagegate.catalog import Entry, EntryKind, EntryStatus

router = APIRouter(tags=["models"], route_class=JsonRoute)

EVENTS_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/event-stream": {}},
        "description": "Events `progress` (bytes_done, bytes_total, fraction, rate_bps, eta_s) while it "
        "downloads, then one of `ready`, `failed` (with `error`) or `removed`.",
    }
}
ADDED_DOC: dict[int | str, dict[str, Any]] = {
    202: {"description": "Pulling: follow GET …/{id}/events; the entry's status is 'downloading' until ready."}
}
# ``{id:path}`` also matches ``<id>/events`` and ``<id>/load``: those are sub-resources, not ids.
WHOLE_ID = Depends(not_under("/events", "/load"))
Force = Annotated[bool, Query(description="Cancel the model's queued and running jobs instead of refusing.")]


def _answer(response: Response, entry: Entry) -> None:
    response.status_code = 201 if entry.status is EntryStatus.ready else 202
    response.headers["Location"] = f"/v1/{entry.kind.value}s/{entry.id}"


@router.post("/v1/models", response_model=ModelOut, status_code=201, responses=ADDED_DOC, summary="Add a model")
async def add_model(body: ModelCreate, key: AdminKey, svc: ServicesDep, response: Response) -> ModelOut:
    """Add a model from a Hugging Face repo id, an http(s) URL of a .safetensors checkpoint, or a
    local path. Its family is read from the weights unless given. A local path is ready at once
    (201); a pull answers 202 and the model shows ``status: downloading`` until it is ready."""
    entry = await svc.models.add(EntryKind.model, body.spec_fields(), sha256=body.sha256, subfolder=body.subfolder)
    _answer(response, entry)
    return await handlers.one_model(svc, entry.id)


@router.get(
    "/v1/models/{model_id:path}/events",
    response_class=Response,
    responses=EVENTS_DOC,
    summary="Follow a model's pull",
)
async def model_events(model_id: str, key: CurrentKey, svc: ServicesDep) -> StreamingResponse:
    """Progress of a pull as server-sent events, until the model is ready, failed or removed."""
    return _stream(svc, EntryKind.model, model_id)


@router.post("/v1/models/{model_id:path}/load", response_model=ModelOut, summary="Load a model")
async def load_model(model_id: str, key: AdminKey, svc: ServicesDep) -> ModelOut:
    """Load a model into memory now (it stays until the model cache needs the room); answers once
    loaded. 409 while it is still downloading."""
    return await handlers.load(svc, model_id)


@router.patch("/v1/models/{model_id:path}", dependencies=[WHOLE_ID], response_model=ModelOut, summary="Change a model")
async def patch_model(model_id: str, body: ModelPatch, key: AdminKey, svc: ServicesDep) -> ModelOut:
    """Change what a run-time model offers (tasks, defaults, limits, price, license, tags…); entries of
    the catalog files are read-only (409)."""
    await svc.models.update(EntryKind.model, model_id, body.model_dump(exclude_unset=True))
    return await handlers.one_model(svc, model_id)


@router.delete("/v1/models/{model_id:path}", dependencies=[WHOLE_ID], response_model=Deleted, summary="Remove a model")
async def delete_model(model_id: str, key: AdminKey, svc: ServicesDep, force: Force = False) -> Deleted:
    """Remove a run-time model (and the files pulled for it; a pull under way stops). Refused (409)
    while jobs are queued or running for it, unless ``force=true`` cancels them."""
    canceled = await handlers.remove_model(svc, model_id, force=force)
    return Deleted(id=model_id, object="model", canceled_jobs=canceled)


@router.post("/v1/loras", response_model=LoraOut, status_code=201, responses=ADDED_DOC, summary="Add a LoRA")
async def add_lora(body: LoraCreate, key: AdminKey, svc: ServicesDep, response: Response) -> LoraOut:
    """Add a LoRA (a .safetensors file or folder on the server, a hub repo, or a URL)."""
    entry = await svc.models.add(EntryKind.lora, body.spec_fields(), sha256=body.sha256, subfolder=body.subfolder)
    _answer(response, entry)
    return handlers.entry_out(entry)


@router.get(
    "/v1/loras/{lora_id:path}/events", response_class=Response, responses=EVENTS_DOC, summary="Follow a LoRA's pull"
)
async def lora_events(lora_id: str, key: CurrentKey, svc: ServicesDep) -> StreamingResponse:
    """Progress of a LoRA's pull as server-sent events, until it is ready, failed or removed."""
    return _stream(svc, EntryKind.lora, lora_id)


@router.patch("/v1/loras/{lora_id:path}", dependencies=[WHOLE_ID], response_model=LoraOut, summary="Change a LoRA")
async def patch_lora(lora_id: str, body: LoraPatch, key: AdminKey, svc: ServicesDep) -> LoraOut:
    """Change a run-time LoRA's families, trigger words, license, tags…; file entries are read-only."""
    entry = await svc.models.update(EntryKind.lora, lora_id, body.model_dump(exclude_unset=True))
    return handlers.entry_out(entry)


@router.delete("/v1/loras/{lora_id:path}", dependencies=[WHOLE_ID], response_model=Deleted, summary="Remove a LoRA")
async def delete_lora(lora_id: str, key: AdminKey, svc: ServicesDep) -> Deleted:
    """Remove a run-time LoRA and the files pulled for it; requests naming it are refused from then on."""
    await svc.models.remove(EntryKind.lora, lora_id)
    return Deleted(id=lora_id, object="lora")


@router.post(
    "/v1/controlnets", response_model=ControlNetOut, status_code=201, responses=ADDED_DOC, summary="Add a ControlNet"
)
async def add_controlnet(body: ControlNetCreate, key: AdminKey, svc: ServicesDep, response: Response) -> ControlNetOut:
    """Add a ControlNet (a diffusers folder on the server or a hub repo; a single file with ``config``)."""
    entry = await svc.models.add(EntryKind.controlnet, body.spec_fields(), sha256=body.sha256, subfolder=body.subfolder)
    _answer(response, entry)
    return handlers.entry_out(entry)


@router.get(
    "/v1/controlnets/{controlnet_id:path}/events",
    response_class=Response,
    responses=EVENTS_DOC,
    summary="Follow a ControlNet's pull",
)
async def controlnet_events(controlnet_id: str, key: CurrentKey, svc: ServicesDep) -> StreamingResponse:
    """Progress of a ControlNet's pull as server-sent events, until it is ready, failed or removed."""
    return _stream(svc, EntryKind.controlnet, controlnet_id)


@router.patch(
    "/v1/controlnets/{controlnet_id:path}",
    dependencies=[WHOLE_ID],
    response_model=ControlNetOut,
    summary="Change a ControlNet",
)
async def patch_controlnet(controlnet_id: str, body: ControlNetPatch, key: AdminKey, svc: ServicesDep) -> ControlNetOut:
    """Change a run-time ControlNet's default preprocessor, license, tags…; file entries are read-only."""
    entry = await svc.models.update(EntryKind.controlnet, controlnet_id, body.model_dump(exclude_unset=True))
    return handlers.entry_out(entry)


@router.delete(
    "/v1/controlnets/{controlnet_id:path}",
    dependencies=[WHOLE_ID],
    response_model=Deleted,
    summary="Remove a ControlNet",
)
async def delete_controlnet(controlnet_id: str, key: AdminKey, svc: ServicesDep) -> Deleted:
    """Remove a run-time ControlNet and the files pulled for it."""
    await svc.models.remove(EntryKind.controlnet, controlnet_id)
    return Deleted(id=controlnet_id, object="controlnet")


@router.post(
    "/v1/annotators", response_model=AnnotatorOut, status_code=201, responses=ADDED_DOC, summary="Add an annotator"
)
async def add_annotator(body: AnnotatorCreate, key: AdminKey, svc: ServicesDep, response: Response) -> AnnotatorOut:
    """Add a ControlNet annotator (a transformers folder on the server or a hub repo): ``kind: depth``
    (Depth Anything, DPT/MiDaS) serves the ``depth`` preprocessor, ``kind: pose`` (ViTPose) ``openpose``."""
    entry = await svc.models.add(EntryKind.annotator, body.spec_fields(), sha256=body.sha256, subfolder=body.subfolder)
    _answer(response, entry)
    return handlers.entry_out(entry)


@router.get(
    "/v1/annotators/{annotator_id:path}/events",
    response_class=Response,
    responses=EVENTS_DOC,
    summary="Follow an annotator's pull",
)
async def annotator_events(annotator_id: str, key: CurrentKey, svc: ServicesDep) -> StreamingResponse:
    """Progress of an annotator's pull as server-sent events, until it is ready, failed or removed."""
    return _stream(svc, EntryKind.annotator, annotator_id)


@router.patch(
    "/v1/annotators/{annotator_id:path}",
    dependencies=[WHOLE_ID],
    response_model=AnnotatorOut,
    summary="Change an annotator",
)
async def patch_annotator(annotator_id: str, body: AnnotatorPatch, key: AdminKey, svc: ServicesDep) -> AnnotatorOut:
    """Change a run-time annotator's name, license, tags…; file entries are read-only."""
    entry = await svc.models.update(EntryKind.annotator, annotator_id, body.model_dump(exclude_unset=True))
    return handlers.entry_out(entry)


@router.delete(
    "/v1/annotators/{annotator_id:path}",
    dependencies=[WHOLE_ID],
    response_model=Deleted,
    summary="Remove an annotator",
)
async def delete_annotator(annotator_id: str, key: AdminKey, svc: ServicesDep) -> Deleted:
    """Remove a run-time annotator and the files pulled for it."""
    await svc.models.remove(EntryKind.annotator, annotator_id)
    return Deleted(id=annotator_id, object="annotator")


def _stream(svc: Any, kind: EntryKind, entry_id: str) -> StreamingResponse:
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(handlers.pull_events(svc, kind, entry_id), media_type="text/event-stream", headers=headers)

"""ModelsLab v6 dialect: point ModelsLab clients at ``http(s)://<host>/api/`` instead of
``https://modelslab.com/api/``. Every route is a ``POST`` with a JSON body, as ModelsLab's are.
Errors render as ``{"status": "error", "message", "messege"}``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from imagegate.api.common.json_body import JsonRoute
from imagegate.api.common.schemas import json_body
from imagegate.api.deps import ServicesDep
from imagegate.api.modelslab import serving as handlers
from imagegate.api.modelslab import translate as translate
from imagegate.api.modelslab import wire
from imagegate.errors import ImagegateError, NotFound, RateLimited
from imagegate.services import Services

ERROR_PREFIXES = ("/api/",)
ERROR_MODEL = wire.ModelslabError  # what render_error answers, for the OpenAPI document

router = APIRouter(tags=["modelslab"], route_class=JsonRoute)


def _route(path: str, wire_model: type[wire.MLBody], convert: handlers.Translator, family: str, summary: str) -> None:
    async def endpoint(request: Request, svc: ServicesDep) -> Response:
        return await handlers.generate(svc, request, wire_model, convert, family)

    endpoint.__doc__ = (
        "Answers `success` when the job ends within a few seconds, otherwise `processing` with an "
        "integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer)."
    )
    router.add_api_route(
        path,
        endpoint,
        methods=["POST"],
        summary=summary,
        operation_id=f"modelslab_{path.strip('/').replace('/', '_')}",
        openapi_extra=json_body(wire_model),
    )


def _aliases(svc: Services) -> dict[str, str]:
    return svc.catalog.aliases


def _realtime(fn: Callable[..., translate.Submission]) -> handlers.Translator:
    return lambda body, svc: fn(body, _aliases(svc), realtime=True)


def _community(fn: Callable[..., translate.Submission]) -> handlers.Translator:
    return lambda body, svc: fn(body, _aliases(svc))


_route("/api/v6/images/text2img", wire.Text2Img, _community(translate.text2img), "images", "Text to image")
_route("/api/v6/images/img2img", wire.Img2Img, _community(translate.img2img), "images", "Image to image")
_route("/api/v6/images/inpaint", wire.Inpaint, _community(translate.inpaint), "images", "Inpainting")
_route("/api/v6/images/controlnet", wire.ControlNet, _community(translate.controlnet), "images", "ControlNet")
_route("/api/v5/controlnet", wire.ControlNet, _community(translate.controlnet), "images", "ControlNet (v5 path)")
_route("/api/v6/realtime/text2img", wire.Text2Img, _realtime(translate.text2img), "realtime", "Realtime text to image")
_route("/api/v6/realtime/img2img", wire.Img2Img, _realtime(translate.img2img), "realtime", "Realtime image to image")
_route("/api/v6/realtime/inpaint", wire.Inpaint, _realtime(translate.inpaint), "realtime", "Realtime inpainting")
_route(
    "/api/v6/image_editing/super_resolution",
    wire.SuperResolution,
    lambda body, svc: translate.super_resolution(body, _aliases(svc), handlers.default_upscaler(svc)),
    "image_editing",
    "Upscale an image",
)
_route("/api/v6/image_editing/outpaint", wire.Outpaint, _community(translate.outpaint), "image_editing", "Outpaint")
_route("/api/v6/image_editing/inpaint", wire.Inpaint, _community(translate.inpaint), "image_editing", "Inpaint")


@router.post("/api/v6/{family}/fetch/{request_id}", summary="Fetch a request by id (id in the path)")
async def fetch_by_path(family: str, request_id: str, request: Request, svc: ServicesDep) -> Response:
    """For every family (``images``, ``realtime``, ``image_editing``): the request's current envelope."""
    _check_family(family)
    return await handlers.fetch(svc, request, request_id)


@router.post(
    "/api/v6/{family}/fetch",
    summary="Fetch a request by id (request_id in the body)",
    openapi_extra=json_body(wire.Fetch),
)
async def fetch_by_body(family: str, request: Request, svc: ServicesDep) -> Response:
    """ModelsLab's fetch with ``request_id`` in the body: the request's envelope as it stands
    (``processing`` until done, then ``success`` with ``output`` links)."""
    _check_family(family)
    return await handlers.fetch(svc, request, None)


@router.post(
    "/api/v5/images/fetch/{request_id}", summary="Fetch (v5 ControlNet path)", openapi_extra=json_body(wire.MLBody)
)
async def fetch_v5(request_id: str, request: Request, svc: ServicesDep) -> Response:
    """ModelsLab v5's fetch by id in the path: the same envelope as v6's fetch."""
    return await handlers.fetch(svc, request, request_id)


@router.get("/api/v5/images/fetch/{request_id}", summary="Fetch (v5 ControlNet path, as its OpenAPI file lists it)")
async def fetch_v5_get(request_id: str, request: Request, svc: ServicesDep) -> Response:
    """The key comes as a ``key`` header or Bearer (a GET has no body)."""
    return await handlers.fetch(svc, request, request_id)


def _check_family(family: str) -> None:
    if family not in ("images", "realtime", "image_editing"):
        raise NotFound(f"no route POST /api/v6/{family}/fetch", code="route_not_found")


@router.post(
    "/api/v4/dreambooth/model_list", summary="List the models (a bare JSON array)", openapi_extra=json_body(wire.MLBody)
)
async def model_list(request: Request, svc: ServicesDep) -> Response:
    """The catalog in ModelsLab's model-list shape (``model_id``, ``status``, ``model_name``, …)."""
    return await handlers.model_list(svc, request)


@router.post("/api/v3/load_model", summary="Load a catalog model into memory", openapi_extra=json_body(wire.LoadModel))
async def load_model(request: Request, svc: ServicesDep) -> Response:
    """Load a catalog model into memory (admin keys only: loading can evict the models every key uses). A
    model not in the catalog is refused: models come from catalog files, not URLs."""
    return await handlers.load_model(svc, request)


@router.post(
    "/api/v6/images/model_reload",
    summary="Load (or keep loaded) a catalog model",
    openapi_extra=json_body(wire.ModelReload),
)
async def model_reload(request: Request, svc: ServicesDep) -> Response:
    """Load, or keep loaded, a catalog model (admin keys only)."""
    return await handlers.model_reload(svc, request)


@router.get("/api/v6/files/{name}", response_class=Response, summary="An output image (the output/future_links)")
async def files(
    name: str, svc: ServicesDep, expires: Annotated[int, Query()], signature: Annotated[str, Query()]
) -> Response:
    """An output image behind the signed link a ModelsLab answer (``output``, ``future_links``) gave; it
    waits briefly for a job still running."""
    return await handlers.file(svc, name, expires, signature)


def render_error(request: Request, exc: ImagegateError) -> Response:
    """ModelsLab documents 400/401/402/403/404/429/5xx with ``{"status": "error", "message"}``; 429
    adds ``retry_after``. imagegate's stable ``code`` rides along."""
    status = 400 if exc.status == 422 else exc.status
    extra: dict[str, Any] = {"code": exc.code}
    if isinstance(exc, RateLimited):
        extra["retry_after"] = exc.retry_after
    return JSONResponse(translate.error(exc.message, **extra), status_code=status, headers=exc.headers)

"""OpenAI Images dialect: ``POST /v1/images/generations``, ``/edits``, ``/variations`` — point any
OpenAI client at ``http(s)://<host>/v1`` with an imagegate key. Errors render as OpenAI's
``{"error": {message, type, param, code}}`` so its SDKs raise their usual exception classes."""

from __future__ import annotations

import time
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse, Response

from imagegate.api.common.dialect import image_bytes
from imagegate.api.common.json_body import JsonRoute
from imagegate.api.common.schemas import FILE, body_schema
from imagegate.api.deps import GenerateKey, ServicesDep
from imagegate.api.openai import serving as handlers
from imagegate.api.openai.translate import error_body
from imagegate.api.openai.wire import (
    ImageEditFields,
    ImageEditJson,
    ImageGenerateBody,
    ImagesResponse,
    ImageVariationFields,
    OpenAIError,
)
from imagegate.errors import ImagegateError, InvalidRequest, NotFound, PermissionDenied, UnknownModel
from imagegate.storage.encode import CONTENT_TYPES

# Errors on these paths render in OpenAI's envelope (the native image routes share /v1/images/).
ERROR_PREFIXES = ("/v1/images/generations", "/v1/images/edits", "/v1/images/variations")
ERROR_MODEL = OpenAIError  # what render_error answers, for the OpenAPI document

router = APIRouter(prefix="/v1/images", tags=["openai"], route_class=JsonRoute)

_SSE = {"text/event-stream": {"description": "With stream: true — partial_image and completed events."}}


@router.post(
    "/generations",
    response_model=ImagesResponse,
    responses={200: {"content": _SSE}},
    summary="Create images (OpenAI Images API)",
)
async def generations(
    body: Annotated[ImageGenerateBody, Body()], key: GenerateKey, svc: ServicesDep, request: Request
) -> Response:
    """Waits for the job (up to ``dialect_timeout_s``) and answers OpenAI's ``ImagesResponse``; the
    job id is in the ``X-Imagegate-Job-Id`` header (``GET /v1/jobs/{id}`` shows it)."""
    return await handlers.generate(svc, key, body, request)


_EDIT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": body_schema(
                    ImageEditFields,
                    files={"image": FILE, "image[]": {"type": "array", "items": FILE}, "mask": FILE},
                )
            },
            "application/json": {"schema": body_schema(ImageEditJson)},
        },
    }
}
_VARIATION_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": body_schema(ImageVariationFields, files={"image": FILE})}},
    }
}


@router.post(
    "/edits",
    response_model=ImagesResponse,
    responses={200: {"content": _SSE}},
    summary="Edit an image (OpenAI Images API): img2img, or inpainting with a mask",
    openapi_extra=_EDIT_BODY,
)
async def edits(key: GenerateKey, svc: ServicesDep, request: Request) -> Response:
    """multipart/form-data with ``image`` (or ``image[]``), ``prompt`` and an optional ``mask`` whose
    transparent pixels mark the area to repaint; or JSON with ``images: [{"image_url": …}]``."""
    return await handlers.edit(svc, key, request)


@router.post(
    "/variations",
    response_model=ImagesResponse,
    summary="Variations of an image (OpenAI Images API)",
    openapi_extra=_VARIATION_BODY,
)
async def variations(key: GenerateKey, svc: ServicesDep, request: Request) -> Response:
    """multipart/form-data with ``image``; ``n``, ``size``, ``response_format`` as OpenAI's."""
    return await handlers.variation(svc, key, request)


@router.get(
    "/{image_id}/converted/{output_format}",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}, "image/webp": {}}}},
    summary="An image re-encoded as JPEG or WebP (the URLs of output_format answers)",
)
async def converted(
    image_id: str,
    output_format: Literal["png", "jpeg", "webp"],
    svc: ServicesDep,
    expires: Annotated[int, Query()],
    signature: Annotated[str, Query()],
    quality: Annotated[int | None, Query(ge=0, le=100)] = None,
) -> Response:
    """The bytes of an image re-encoded as JPEG or WebP (``quality`` 0–100), behind the signed URL an
    ``output_format`` answer links to."""
    resource = handlers.converted_resource(image_id, output_format, quality)
    if not svc.signer.verify(resource, expires, signature):
        raise PermissionDenied("this image link is invalid or has expired", code="invalid_signature")
    image = await svc.jobs.get_image(image_id)
    if image is None:
        raise NotFound(f"no image '{image_id}'", code="image_not_found")
    data = await image_bytes(svc, image, output_format, quality)
    max_age = max(0, int(expires - time.time()))
    return Response(
        data, media_type=CONTENT_TYPES[output_format], headers={"Cache-Control": f"private, max-age={max_age}"}
    )


def render_error(request: Request, exc: ImagegateError) -> Response:
    """OpenAI's error envelope. OpenAI answers 400 where imagegate says 422, and 404 for an unknown
    model; its SDK retries 409 and 5xx, which would run a failed GPU job again, so those say not to."""
    status = exc.status
    code = exc.code
    if isinstance(exc, UnknownModel):
        status, code = 404, "model_not_found"
    elif status == 422:
        status = 400
    if status == 429:
        kind = "rate_limit_error"
    elif status >= 500:
        kind = "server_error"
    else:
        kind = "invalid_request_error"
    param = exc.param if isinstance(exc, InvalidRequest) else None
    headers = dict(exc.headers)
    if status == 409 or (status >= 500 and status != 503):
        headers["x-should-retry"] = "false"
    return JSONResponse(
        error_body(exc.message, type_=kind, param=param, code=code), status_code=status, headers=headers
    )

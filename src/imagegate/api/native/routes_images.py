"""Images: a key's images page by page, one image's metadata, and the bytes behind signed URLs."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from imagegate.api.common.json_body import JsonRoute
from imagegate.api.common.urls import base_url
from imagegate.api.deps import CurrentKey, ServicesDep, authenticate, bearer_token
from imagegate.api.native import serving_images
from imagegate.api.native.views import image_meta
from imagegate.api.native.wire import ImageList, ImageMeta
from imagegate.errors import AuthenticationError, MethodNotAllowed, NotFound, PermissionDenied

router = APIRouter(prefix="/v1/images", tags=["images"], route_class=JsonRoute)
OPENAI_OPERATIONS = frozenset({"generations", "edits", "variations"})


@router.get("", response_model=ImageList, summary="List your images, newest first")
async def list_images(
    key: CurrentKey,
    svc: ServicesDep,
    request: Request,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
) -> ImageList:
    """Every image your jobs made, newest job first (a job's images in their order), one page at a
    time (``limit``, then ``cursor`` from ``next_cursor``), each with a fresh signed URL. A job's
    parameters, cost and timings: ``GET /v1/jobs/{job_id}``."""
    base = base_url(svc, str(request.base_url))
    return await serving_images.list_images(svc, key, base, limit=limit, cursor=cursor)


@router.get("/{image_id}", response_model=ImageMeta, summary="Get an image's metadata")
async def get_image(image_id: str, key: CurrentKey, svc: ServicesDep, request: Request) -> ImageMeta:
    """An image's metadata (size, seed, job, content type) and a fresh signed URL to its bytes."""
    if image_id in OPENAI_OPERATIONS:  # the OpenAI dialect's paths under /v1/images: POST only
        raise MethodNotAllowed(f"GET is not allowed on /v1/images/{image_id}; use POST", headers={"Allow": "POST"})
    image = await svc.jobs.get_image(image_id, key_id=key.id)
    if image is None:
        raise NotFound(f"no image '{image_id}'", code="image_not_found")
    return await image_meta(svc, base_url(svc, str(request.base_url)), image)


@router.get(
    "/{image_id}/content",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "The image bytes."}},
    summary="Download an image (signed URL or API key)",
)
async def image_content(
    image_id: str,
    svc: ServicesDep,
    request: Request,
    expires: Annotated[int | None, Query()] = None,
    signature: Annotated[str | None, Query()] = None,
) -> Response:
    """Served to whoever holds a valid signed URL, or to the owning key with a Bearer header."""
    if signature is not None and expires is not None:
        if not svc.signer.verify(image_id, expires, signature):
            raise PermissionDenied(
                "this image link is invalid or has expired; fetch the job again for a fresh one",
                code="invalid_signature",
            )
        image = await svc.jobs.get_image(image_id)
        max_age = max(0, int(expires - time.time()))
    else:
        token = bearer_token(request)
        if token is None:
            raise AuthenticationError("send a signed URL (expires, signature) or 'Authorization: Bearer <key>'")
        key = await authenticate(svc, token)
        image = await svc.jobs.get_image(image_id, key_id=key.id)
        max_age = 3600
    if image is None:
        raise NotFound(f"no image '{image_id}'", code="image_not_found")
    # Content-addressed bytes never change, so a URL may be cached for as long as it is valid.
    headers = {"Cache-Control": f"private, max-age={max_age}, immutable", "ETag": f'"{image.digest}"'}
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    link = await svc.blobs.link(image.digest)  # image_delivery = "presign": the client fetches from S3
    if link is not None:
        ttl = min(max_age, svc.settings.presign_ttl_s // 2)  # never cached past the presigned URL's expiry
        return RedirectResponse(link, status_code=307, headers={"Cache-Control": f"private, max-age={ttl}"})
    path = svc.blobs.local_path(image.digest)
    if path is not None and path.is_file():
        return FileResponse(path, media_type=image.content_type, headers=headers)
    # Streamed from S3; from a local store this raises BlobMissing (404) for a file gone missing.
    return Response(await svc.blobs.get(image.digest), media_type=image.content_type, headers=headers)

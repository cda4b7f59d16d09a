"""OpenAI Images handlers: translate, admit like every surface, wait, and answer in
OpenAI's shapes (JSON, or server-sent events with ``stream: true``)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import time
from collections.abc import AsyncIterator

import anyio
from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.datastructures import FormData, UploadFile

from imagegate.admission.keys import ApiKey
from imagegate.api.common import jobs as handlers
from imagegate.api.common.dialect import (
    JOB_ID_HEADER,
    cancel_quietly,
    image_b64,
    preview_b64,
    run_sync,
    submit_as,
    validate_body,
)
from imagegate.api.common.failures import job_failure
from imagegate.api.common.images import alpha_mask_to_repaint_mask, upload_to_input
from imagegate.api.common.json_body import read_json
from imagegate.api.common.translate import resolve_alias
from imagegate.api.common.urls import base_url, signed_url
from imagegate.api.openai import translate as translate
from imagegate.api.openai.wire import (
    ImageData,
    ImageEditFields,
    ImageEditJson,
    ImageGenerateBody,
    ImageVariationFields,
)
from imagegate.domain.jobs import ImageRecord, Job, JobStatus
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest
from imagegate.errors import Conflict, ImagegateError, InvalidRequest, MalformedBody, UnknownModel
from imagegate.jobs.events import JobEvent
from imagegate.services import Services

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # OpenAI's own limit per image


def resolve_model(svc: Services, name: str | None) -> ModelSpec:
    try:
        return svc.admission.resolve_model(resolve_alias(name, svc.catalog.aliases))
    except UnknownModel as exc:
        hint = " (an operator can map it to a local model with IMAGEGATE_MODEL_ALIASES)" if name else ""
        raise UnknownModel(exc.message + hint, errors=exc.errors, code="model_not_found") from None


async def generate(svc: Services, key: ApiKey, body: ImageGenerateBody, request: Request) -> Response:
    how = translate.delivery(body)
    spec = resolve_model(svc, body.model)
    generation = translate.generation_request(body, spec)
    return await _run(svc, key, spec, generation, how, request, edit=False)


async def edit(svc: Services, key: ApiKey, request: Request) -> Response:
    if request.headers.get("content-type", "").lower().startswith("application/json"):
        body = validate_body(ImageEditJson, await read_json(request))
        fields: ImageEditFields = body
        images = [_url_input(ref.image_url, ref.file_id, f"images.{i}") for i, ref in enumerate(body.images)]
        mask = None
        if body.mask is not None:
            mask_url = _url_input(body.mask.image_url, body.mask.file_id, "mask")
            if not mask_url.startswith("data:"):
                raise InvalidRequest.for_field("mask", "send the mask as a data: URL or as a multipart upload")
            mask = await _repaint_mask(svc, _data_url_bytes(mask_url, "mask"))
    else:
        form = await _form(request)
        fields = validate_body(ImageEditFields, _text_fields(form, files={"image", "image[]", "mask"}))
        uploads = [*form.getlist("image"), *form.getlist("image[]")]
        images = [upload_to_input(await _read(f, "image"), "image") for f in uploads]
        mask_file = form.get("mask")
        mask = None
        if mask_file is not None:
            mask = await _repaint_mask(svc, await _read(mask_file, "mask"))
    how = translate.delivery(fields)
    spec = resolve_model(svc, fields.model)
    generation = translate.edit_request(fields, images, mask, spec)
    return await _run(svc, key, spec, generation, how, request, edit=True)


async def _repaint_mask(svc: Services, data: bytes) -> str:
    """An OpenAI alpha mask → a white-means-repaint image input, decoded off the event loop."""
    max_pixels = svc.settings.image_max_pixels
    repaint = await asyncio.to_thread(alpha_mask_to_repaint_mask, data, max_pixels=max_pixels)
    return upload_to_input(repaint, "mask")


async def variation(svc: Services, key: ApiKey, request: Request) -> Response:
    form = await _form(request)
    fields = validate_body(ImageVariationFields, _text_fields(form, files={"image"}))
    upload = form.get("image")
    if upload is None:
        raise InvalidRequest.for_field("image", "field required: upload the image to vary")
    image = upload_to_input(await _read(upload, "image"), "image")
    how = translate.delivery(fields)
    spec = resolve_model(svc, fields.model)
    generation = translate.variation_request(fields, image, spec)
    return await _run(svc, key, spec, generation, how, request, edit=False)


# -- the shared run: submit, then answer at once (stream) or when done ------------------------------


async def _run(
    svc: Services,
    key: ApiKey,
    spec: ModelSpec,
    generation: AnyRequest,
    how: translate.Delivery,
    request: Request,
    *,
    edit: bool,
) -> Response:
    job = await submit_as(svc, key, generation, translate.FIELDS, response_format=how.response_format, spec=spec)
    headers = {JOB_ID_HEADER: job.id}
    if how.stream:
        events = _stream(svc, key, job, how, edit=edit)
        return StreamingResponse(
            events, media_type="text/event-stream", headers={**headers, "Cache-Control": "no-cache"}
        )
    job = await run_sync(svc, key, job, request, timeout=svc.settings.dialect_timeout_s)
    _raise_unless_succeeded(job)
    base = base_url(svc, str(request.base_url))
    data = [await _image_data(svc, base, img, how, job) for img in job.images]
    body = translate.images_response(
        created=int(job.created_at.timestamp()),
        images=data,
        delivery=how,
        size=_size(job),
        cost=job.result.get("cost"),
        currency=job.result.get("currency"),
    )
    return JSONResponse(body, headers=headers)


def _raise_unless_succeeded(job: Job) -> None:
    if job.status is JobStatus.succeeded:
        return
    headers = {JOB_ID_HEADER: job.id}
    if job.status is JobStatus.canceled:
        raise Conflict(f"job {job.id} was canceled before it finished", code="job_canceled")
    error = job_failure(job)  # the status its cause maps to (429 with Retry-After, 422, 502, …)
    error.headers = {**error.headers, **headers}
    raise error


def _size(job: Job) -> str:
    if job.images:
        return f"{job.images[0].width}x{job.images[0].height}"
    return f"{job.params.get('width')}x{job.params.get('height')}"


async def _image_data(svc: Services, base: str, image: ImageRecord, how: translate.Delivery, job: Job) -> ImageData:
    prompt = job.params.get("prompt")
    if how.response_format == "b64_json":
        b64 = await image_b64(svc, image, how.output_format, how.output_compression)
        return ImageData(b64_json=b64, revised_prompt=prompt)
    return ImageData(url=converted_url(svc, base, image, how), revised_prompt=prompt)


def converted_url(svc: Services, base: str, image: ImageRecord, how: translate.Delivery) -> str:
    if how.output_format == "png":
        return signed_url(svc, base, image.id)[0]
    quality = how.output_compression
    expires, signature = svc.signer.sign(converted_resource(image.id, how.output_format, quality))
    query = f"expires={expires}&signature={signature}" + (f"&quality={quality}" if quality is not None else "")
    return f"{base}/v1/images/{image.id}/converted/{how.output_format}?{query}"


def converted_resource(image_id: str, output_format: str, quality: int | None) -> str:
    return f"{image_id}|{output_format}|{'' if quality is None else quality}"


async def _stream(svc: Services, key: ApiKey, job: Job, how: translate.Delivery, *, edit: bool) -> AsyncIterator[bytes]:
    """Partial images from the job's progress previews, then one ``completed`` event per image.

    Partial images need previews in the progress events; a model that reports none (or finishes
    early) sends fewer partials, as OpenAI allows. A client that goes away cancels the job."""
    created = int(job.created_at.timestamp())
    size = _size(job)
    queue: asyncio.Queue[JobEvent] = asyncio.Queue()

    async def pump() -> None:
        async for event in svc.events.subscribe(job.id):
            queue.put_nowait(event)

    pump_task = asyncio.create_task(pump())
    deadline = time.monotonic() + svc.settings.dialect_timeout_s
    finished = False
    sent = 0
    try:
        while True:
            try:
                event: JobEvent | None = await asyncio.wait_for(queue.get(), svc.settings.poll_interval_s)
            except TimeoutError:
                event = None
            if event is not None and event.type == "progress" and how.partial_images:
                preview = preview_b64(event.data.get("preview"))
                step, total = int(event.data.get("step", 0)), int(event.data.get("total", 0))
                if preview and translate.partial_due(step, total, sent, how.partial_images):
                    b64, fmt = preview
                    yield translate.stream_event(
                        "partial_image", edit=edit, b64_json=b64, created=created, size=size, delivery=how,
                        output_format=fmt, index=sent,
                    )  # fmt: skip
                    sent += 1
            if event is None or event.terminal:
                job = await handlers.get_job(svc, key, job.id)
                if job.status.terminal:
                    break
            if time.monotonic() > deadline:
                job = await cancel_quietly(svc, key, job)
                break
        finished = True
        if job.status is not JobStatus.succeeded:
            message = job.error_message or f"the job ended {job.status.value}"
            code = job.error_code or job.status.value
            yield translate.sse("error", translate.error_body(message, type_="server_error", code=code))
            return
        for image in job.images:
            b64 = await image_b64(svc, image, how.output_format, how.output_compression)
            yield translate.stream_event(
                "completed", edit=edit, b64_json=b64, created=created, size=size, delivery=how,
                cost=job.result.get("cost"), currency=job.result.get("currency"),
            )  # fmt: skip
    finally:
        pump_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pump_task
        if not finished:
            with anyio.CancelScope(shield=True):
                await cancel_quietly(svc, key, job)


# -- request parsing ------------------------------------------------------------------------------


async def _form(request: Request) -> FormData:
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise MalformedBody.for_field("body", "send multipart/form-data with the image file(s)")
    try:
        return await request.form(max_files=32, max_fields=64)
    except ImagegateError:
        raise
    except Exception as exc:  # python-multipart and Starlette raise several kinds for broken bodies
        raise MalformedBody.for_field("body", f"the multipart body could not be read: {exc}") from None


def _text_fields(form: FormData, *, files: set[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            if name not in files:
                raise InvalidRequest.for_field(name, "unexpected file field")
            continue
        if name in files:
            raise InvalidRequest.for_field(name, "must be a file upload")
        fields[name] = value
    return fields


async def _read(upload: UploadFile | str, field: str) -> bytes:
    if isinstance(upload, str):
        raise InvalidRequest.for_field(field, "must be a file upload")
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidRequest.for_field(field, "is larger than 50 MB")
    return data


def _url_input(url: str | None, file_id: str | None, field: str) -> str:
    if file_id is not None:
        raise InvalidRequest.for_field(f"{field}.file_id", "file ids are not supported here; send image_url")
    if not url:
        raise InvalidRequest.for_field(f"{field}.image_url", "field required")
    if not url.startswith(("https://", "http://", "data:")):
        raise InvalidRequest.for_field(f"{field}.image_url", "must be an http(s) URL or a data: URL")
    return url


def _data_url_bytes(url: str, field: str) -> bytes:
    try:
        return base64.b64decode(url.split(",", 1)[1], validate=True)
    except (IndexError, ValueError):
        raise InvalidRequest.for_field(field, "is not a valid base64 data: URL") from None

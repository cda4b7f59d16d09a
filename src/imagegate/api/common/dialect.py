"""Handler pieces every client dialect shares: admission with the dialect's field names in errors,
waiting on behalf of a synchronous API (the job is canceled when the caller gives up), and images as
bytes in the format the caller asked for."""

from __future__ import annotations

import asyncio
import base64
import io
import logging
import time
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from imagegate.admission import Submission
from imagegate.admission.keys import ApiKey
from imagegate.admission.options import SubmitOptions
from imagegate.api.common import jobs as handlers
from imagegate.api.common.images import sniff_type
from imagegate.api.common.translate import FieldNames, rename_fields
from imagegate.api.problems import validation_error
from imagegate.domain.jobs import ImageRecord, Job, JobStatus, Preview
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest
from imagegate.errors import Conflict, InvalidRequest, NotFound, WaitTimeout
from imagegate.services import Services
from imagegate.storage.encode import encode_image

log = logging.getLogger("imagegate.dialects")

JOB_ID_HEADER = "X-Imagegate-Job-Id"
M = TypeVar("M", bound=BaseModel)


async def submit_as(
    svc: Services,
    key: ApiKey,
    request: AnyRequest,
    names: FieldNames,
    *,
    response_format: str = "url",
    options: SubmitOptions | None = None,
    job_id: str | None = None,
    spec: ModelSpec | None = None,
) -> Job:
    """Admission (so keys, limits, quotas, costs and webhooks are the native API's), with errors
    that name the dialect's fields. ``spec``: the model, when the dialect resolved it to translate."""
    submission = Submission(
        key, request, response_format=response_format, options=options or SubmitOptions(), job_id=job_id, spec=spec
    )
    try:
        admitted = await svc.admission.admit(submission)
    except InvalidRequest as exc:
        raise rename_fields(exc, names) from None
    return admitted.job


async def cancel_quietly(svc: Services, key: ApiKey, job: Job) -> Job:
    try:
        return await handlers.cancel_job(svc, key, job.id)
    except (Conflict, NotFound):  # it ended meanwhile
        return await handlers.get_job(svc, key, job.id)


async def run_sync(svc: Services, key: ApiKey, job: Job, request: Request, *, timeout: float) -> Job:
    """Hold until the job ends, for an API whose callers expect the result in the response.

    Nobody could collect the result of a job whose caller has gone, so it is canceled when the client
    disconnects or the wait runs out (``WaitTimeout``), instead of spending the device on it."""
    deadline = time.monotonic() + timeout
    while not job.status.terminal:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            job = await cancel_quietly(svc, key, job)
            if job.status is JobStatus.succeeded:  # it finished while being canceled
                return job
            raise WaitTimeout(
                f"the job did not finish within {timeout:g} s and is canceled (job {job.id}); "
                "raise IMAGEGATE_DIALECT_TIMEOUT_S or use a smaller request",
                headers={JOB_ID_HEADER: job.id},
            )
        job = await handlers.wait_for(svc, key, job, min(remaining, 1.0))
        if not job.status.terminal and await request.is_disconnected():
            log.info("job %s: client disconnected while waiting; canceling it", job.id)
            return await cancel_quietly(svc, key, job)
    return job


async def image_bytes(
    svc: Services, image: ImageRecord, output_format: str = "png", quality: int | None = None
) -> bytes:
    """The stored image, re-encoded when another format is asked for (stored images are PNG)."""
    data = await svc.blobs.get(image.digest)
    if output_format == "png" and image.content_type == "image/png":
        return data
    return await asyncio.to_thread(convert, data, output_format, quality)


def convert(data: bytes, output_format: str, quality: int | None) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        img.load()
        return encode_image(img, fmt=output_format, quality=quality)


async def image_b64(svc: Services, image: ImageRecord, output_format: str = "png", quality: int | None = None) -> str:
    return base64.b64encode(await image_bytes(svc, image, output_format, quality)).decode()


def validate_body(model: type[M], data: Any) -> M:
    """Validate a parsed body against a wire model; errors name the offending fields."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(RequestValidationError(list(exc.errors()))) from None


def preview_b64(preview: Any) -> tuple[str, str] | None:
    """A progress preview (a ``Preview``, bytes, or base64 with or without a data: prefix) → (base64, format)."""
    if isinstance(preview, Preview):
        data = preview.data
    elif isinstance(preview, bytes | bytearray):
        data = bytes(preview)
    elif isinstance(preview, str) and preview:
        text = preview.split(",", 1)[1] if preview.startswith("data:") else preview
        try:
            data = base64.b64decode(text, validate=True)
        except ValueError:
            return None
    else:
        return None
    fmt = {"image/png": "png", "image/jpeg": "jpeg", "image/webp": "webp"}.get(sniff_type(data) or "")
    return (base64.b64encode(data).decode(), fmt) if fmt else None

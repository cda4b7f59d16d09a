"""ModelsLab v6 handlers: key from the body, a header or Bearer; translate; admit like every
surface; answer ``success`` when the job ends within ``modelslab_wait_s``, else ``processing``
with an integer ``id`` to fetch, an ``eta`` and ``future_links`` that serve once the job is done. A
``webhook`` is delivered by the gateway's outbox like a native one, with ModelsLab's body."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from imagegate.admission.keys import ApiKey, Scope
from imagegate.admission.options import SubmitOptions
from imagegate.api.common import jobs as handlers
from imagegate.api.common.dialect import JOB_ID_HEADER, image_b64, submit_as, validate_body
from imagegate.api.common.json_body import read_json
from imagegate.api.common.translate import resolve_alias
from imagegate.api.common.urls import base_url
from imagegate.api.deps import authenticate, bearer_token
from imagegate.api.modelslab import translate
from imagegate.api.modelslab.envelopes import ended_envelope, file_link, file_resource
from imagegate.api.modelslab.state import ModelslabRecord, ModelslabRequests
from imagegate.api.modelslab.wire import Fetch, LoadModel, MLBody, ModelReload
from imagegate.catalog import EntryKind
from imagegate.domain.ids import new_id
from imagegate.domain.jobs import Job, JobStatus
from imagegate.domain.models import ModelSpec
from imagegate.errors import (
    AuthenticationError,
    InvalidRequest,
    MalformedBody,
    NotFound,
    PermissionDenied,
    UnknownModel,
)
from imagegate.services import Services
from imagegate.storage.signing import UrlSigner

Translator = Callable[[Any, Services], translate.Submission]
TRACK_ID_MAX = 200  # as the native API's track_id


# -- authentication -------------------------------------------------------------------------------


async def read_object(request: Request, *, allow_empty: bool = False) -> dict[str, Any]:
    if allow_empty and not await request.body():
        return {}
    body = await read_json(request)
    if not isinstance(body, dict):
        raise MalformedBody.for_field("body", "must be a JSON object")
    return body


async def authenticate_call(svc: Services, request: Request, body: dict[str, Any], *, generate: bool) -> ApiKey:
    """ModelsLab sends the key in the body; its SDKs also send it as Bearer or as a ``key`` header."""
    token = body.get("key") if isinstance(body.get("key"), str) and body["key"].strip() else None
    token = token or request.headers.get("key") or bearer_token(request)
    if not token:
        raise AuthenticationError('missing API key: send it as "key" in the JSON body')
    key = await authenticate(svc, token.strip())
    request.state.key_id = key.id
    if generate and not key.has(Scope.generate):
        raise PermissionDenied("generating images needs an API key with the 'generate' scope")
    return key


# -- generation -----------------------------------------------------------------------------------


async def generate(svc: Services, request: Request, wire: type[MLBody], convert: Translator, family: str) -> Response:
    raw = await read_object(request)
    key = await authenticate_call(svc, request, raw, generate=True)
    body = validate_body(wire, raw)
    submission = convert(body, svc)
    if submission.track_id is not None and len(submission.track_id) > TRACK_ID_MAX:
        raise InvalidRequest.for_field("track_id", f"must be at most {TRACK_ID_MAX} characters")
    response_format = "b64_json" if submission.options.get("base64") else "url"
    base = base_url(svc, str(request.base_url))
    # Numbered before the job exists: the job may end (and its webhook body, which carries the number,
    # be rendered) before this handler runs again. A refused request gives its number back.
    requests = ModelslabRequests(svc.db)
    job_id = new_id("job")
    record = await requests.create(
        job_id,
        family=family,
        webhook=submission.webhook,
        track_id=submission.track_id,
        options={**submission.options, "base_url": base},
    )
    # The webhook goes through the gateway like a native one: its address is checked now (refused
    # addresses are a 400 naming ``webhook``), the message is queued with the job's final bookkeeping,
    # signed, and retried; only the body is ModelsLab's (``webhooks.ModelslabWebhookBody``).
    options = SubmitOptions(webhook=submission.webhook, track_id=submission.track_id)
    try:
        job = await submit_as(
            svc,
            key,
            submission.request,
            translate.FIELDS,
            response_format=response_format,
            options=options,
            job_id=job_id,
        )
    except BaseException:
        await requests.discard(job_id)
        raise
    if not submission.options.get("instant_response") and svc.settings.modelslab_wait_s > 0:
        job = await handlers.wait_for(svc, key, job, svc.settings.modelslab_wait_s)
    return JSONResponse(await envelope(svc, job, record, base), headers={JOB_ID_HEADER: job.id})


def default_upscaler(svc: Services) -> str | None:
    return svc.catalog.default_upscaler_id


async def envelope(
    svc: Services, job: Job, record: ModelslabRecord, base: str, *, signer: UrlSigner | None = None, inline: bool = True
) -> dict[str, Any]:
    """The request's envelope as it stands. ``signer`` signs the links (the server's, by default);
    with ``inline`` False, ``output`` holds links even when ``base64`` was asked for."""
    signer = signer or svc.signer
    if job.status is JobStatus.succeeded and inline and record.options.get("base64"):
        outputs = [await image_b64(svc, img) for img in job.images]
        return ended_envelope(job, record, base, signer, outputs=outputs)
    if not job.status.terminal:
        meta = translate.meta(job.params, record.options, number=record.number, job_id=job.id)
        count = int(job.params.get("num_images") or 1)
        _, eta = await handlers.eta(svc, job)
        return translate.processing(
            number=record.number,
            job_id=job.id,
            fetch_result=f"{base}/api/v6/{record.family}/fetch/{record.number}",
            eta=round(eta, 2) if eta is not None else 1.0,
            links=[file_link(signer, base, record.number, i) for i in range(count)],
            meta=meta,
        )
    return ended_envelope(job, record, base, signer)


# -- fetch ----------------------------------------------------------------------------------------


async def fetch(svc: Services, request: Request, request_id: str | None) -> Response:
    """``…/fetch/{id}`` (id in the path) or ``…/fetch`` with ``request_id`` in the body."""
    raw = await read_object(request, allow_empty=True)
    key = await authenticate_call(svc, request, raw, generate=False)
    field = "id"
    if request_id is None:
        request_id, field = validate_body(Fetch, raw).request_id, "request_id"
    number = _number(request_id, field)
    record = await ModelslabRequests(svc.db).by_number(number)
    job = await svc.jobs.get(record.job_id, key_id=key.id) if record is not None else None
    if record is None or job is None:
        # Numbers are one sequence for every key: another key's request reads exactly as a missing
        # one, and the answer names nothing of it (not its job id, which encodes its creation time).
        raise NotFound(f"no request with id {number}", code="request_not_found")
    base = base_url(svc, str(request.base_url))
    return JSONResponse(await envelope(svc, job, record, base), headers={JOB_ID_HEADER: job.id})


def _number(value: str | None, field: str) -> int:
    if value is None or not str(value).strip():
        raise InvalidRequest.for_field(field, "field required: the id a generation call answered")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidRequest.for_field(field, f"'{value}' is not a request id (an integer)") from None
    if number < 1:
        raise InvalidRequest.for_field(field, "must be a positive integer")
    return number


# -- the files behind future_links ---------------------------------------------------------------


async def file(svc: Services, name: str, expires: int, signature: str) -> Response:
    """A signed link works before the image exists: the request is held until the job ends (clients
    download ``future_links`` as soon as they are handed out)."""
    stem, _, ext = name.partition(".")
    number_text, _, index_text = stem.partition("-")
    if ext != "png" or not number_text.isdigit() or not index_text.isdigit():
        raise NotFound(f"no file '{name}'", code="file_not_found")
    number, index = int(number_text), int(index_text)
    if not svc.signer.verify(file_resource(number, index), expires, signature):
        raise PermissionDenied("this link is invalid or has expired; fetch the request again", code="invalid_signature")
    record = await ModelslabRequests(svc.db).by_number(number)
    job = await _wait_unowned(svc, record.job_id, svc.settings.dialect_timeout_s) if record else None
    if job is None or job.status is not JobStatus.succeeded or index >= len(job.images):
        status = "not finished yet" if job is not None and not job.status.terminal else "not available"
        raise NotFound(f"file '{name}' is {status}", code="file_not_found")
    image = job.images[index]
    headers = {"Cache-Control": "private, max-age=3600, immutable", "ETag": f'"{image.digest}"'}
    return Response(await svc.blobs.get(image.digest), media_type=image.content_type, headers=headers)


async def _wait_unowned(svc: Services, job_id: str, seconds: float) -> Job | None:
    # The signature already proved the caller was handed this link, so no key is involved.
    deadline = time.monotonic() + seconds
    while True:
        job = await svc.jobs.get(job_id)
        remaining = deadline - time.monotonic()
        if job is None or job.status.terminal or remaining <= 0:
            return job
        await svc.events.wait_done(job_id, min(remaining, svc.settings.poll_interval_s))


# -- models ---------------------------------------------------------------------------------------


async def model_list(svc: Services, request: Request) -> Response:
    raw = await read_object(request, allow_empty=True)
    await authenticate_call(svc, request, raw, generate=False)
    models = [
        {
            "model_id": spec.id,
            "status": "model_ready",
            "created_at": None,
            "instance_prompt": "",
            "model_name": spec.name or spec.id,
            "description": spec.description,
            "screenshots": "",
            "model_category": svc.engines[spec.engine].describe(spec).get("family") or spec.engine,
            "tasks": [t.value for t in spec.tasks],
        }
        for spec in svc.catalog
    ]
    return JSONResponse(models)


async def _admin_call(svc: Services, request: Request) -> dict[str, Any]:
    raw = await read_object(request)
    key = await authenticate_call(svc, request, raw, generate=False)
    if Scope.admin not in key.scopes:
        # Loading a model can evict others from memory: it changes the server for every key.
        raise PermissionDenied(
            "loading models affects every key of this server; it needs an API key with the 'admin' scope"
        )
    return raw


async def model_reload(svc: Services, request: Request) -> Response:
    """Loads (or keeps loaded) a catalog model; admin keys only."""
    raw = await _admin_call(svc, request)
    body = validate_body(ModelReload, raw)
    return JSONResponse(await _load(svc, _catalog_model(svc, body.model_id)))


async def load_model(svc: Services, request: Request) -> Response:
    """Loads a catalog model into memory; a model_id the catalog lacks, given with a ``url``, is
    pulled first (the model manager's POST /v1/models) and answered ``processing`` until it is
    ready. Admin keys only."""
    raw = await _admin_call(svc, request)
    body = validate_body(LoadModel, raw)
    if body.model_id in svc.catalog.pending:
        message = f"model '{body.model_id}' {svc.catalog.pending[body.model_id]}"
        return JSONResponse({"status": "processing", "message": message, "model_id": body.model_id})
    try:
        spec = _catalog_model(svc, body.model_id)
    except UnknownModel:
        if not body.url:
            raise InvalidRequest.for_field(
                "model_id",
                f"'{body.model_id}' is not in this server's catalog; give its url (a hub repo id or a "
                ".safetensors URL) to download it",
                code="unknown_model",
            ) from None
        fields = {"id": body.model_id, "source": body.url, "name": body.model_name}
        try:
            await svc.models.add(EntryKind.model, {k: v for k, v in fields.items() if v})
        except InvalidRequest as exc:
            if exc.param != "source":
                raise
            raise InvalidRequest.for_field("url", exc.errors[0].message, code=exc.code) from None
        message = "model download started; call load_model again to see its progress"
        return JSONResponse({"status": "processing", "message": message, "model_id": body.model_id})
    result = await _load(svc, spec)
    if result["status"] != "error":
        result["message"] = "model load started" if result["status"] == "processing" else "model is loaded"
    return JSONResponse(result)


def _catalog_model(svc: Services, name: str) -> ModelSpec:
    model_id = resolve_alias(name, svc.catalog.aliases)
    spec = svc.catalog.get(model_id) if model_id else None
    if spec is None:
        raise UnknownModel.for_field("model_id", f"unknown model '{name}'; /api/v4/dreambooth/model_list lists them")
    return spec


async def _load(svc: Services, spec: ModelSpec) -> dict[str, Any]:
    if spec.id in svc.engines[spec.engine].loaded_models():
        return {"status": "success", "message": "model is loaded", "model_id": spec.id}
    task = svc.loads.start(spec)  # one load per model at a time; it outlasts this call if slow
    done, _ = await asyncio.wait({task}, timeout=svc.settings.modelslab_wait_s)
    if not done:
        return {"status": "processing", "message": "model is loading; try again shortly", "model_id": spec.id}
    if task.exception() is not None:
        return translate.error(f"model '{spec.id}' failed to load: {task.exception()}", model_id=spec.id)
    return {"status": "success", "message": "model is loaded", "model_id": spec.id}

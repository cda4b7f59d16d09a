"""Native jobs API: POST/GET/DELETE /v1/jobs."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Body, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from imagegate.admission import Submission
from imagegate.admission.options import SubmitOptions
from imagegate.api.common import jobs as handlers
from imagegate.api.common.multipart import JsonOrMultipartRoute
from imagegate.api.common.urls import base_url
from imagegate.api.deps import CurrentKey, GenerateKey, ServicesDep
from imagegate.api.native.views import job_out
from imagegate.api.native.wire import OPTION_FIELDS, JobCreate, JobList, JobOut
from imagegate.domain.jobs import JobStatus
from imagegate.domain.requests import parse_request
from imagegate.errors import InvalidRequest

# POST /v1/jobs also takes multipart/form-data (image files as parts), turned into the JSON body.
router = APIRouter(prefix="/v1/jobs", tags=["jobs"], route_class=JsonOrMultipartRoute)

_MULTIPART_DOC = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "description": "The same fields as the JSON body. Image fields (init_image, mask_image, image, "
                    "controlnets.0.control_image, or control_image) may be file parts; loras, controlnets and "
                    "upscale are JSON text.",
                    "additionalProperties": True,
                }
            }
        }
    }
}

_WAIT = re.compile(r"(?:^|[,;\s])wait\s*=\s*(\d+(?:\.\d+)?)", re.IGNORECASE)


def prefer_wait(prefer: str | None, limit: float) -> float:
    """Seconds from an RFC 7240 ``Prefer: wait=N`` header, capped at ``limit``."""
    if not prefer:
        return 0.0
    match = _WAIT.search(prefer)
    return min(float(match.group(1)), limit) if match else 0.0


@router.post(
    "",
    status_code=202,
    response_model=JobOut,
    responses={200: {"model": JobOut, "description": "Finished within the Prefer: wait time."}},
    summary="Create a generation job",
    openapi_extra=_MULTIPART_DOC,
)
async def create_job(
    body: Annotated[JobCreate, Body()],
    key: GenerateKey,
    svc: ServicesDep,
    request: Request,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
    prefer: Annotated[str | None, Header()] = None,
) -> Response:
    """Queue a job and answer at once with 202 and its id, or hold the request up to
    ``Prefer: wait=N`` seconds (N ≤ 60) and answer 200 with the finished job."""
    options = body.model_dump(include=set(OPTION_FIELDS))
    generation = parse_request(body.model_dump(exclude=set(OPTION_FIELDS), exclude_unset=True))
    submitted = await svc.admission.admit(
        Submission(
            key,
            generation,
            response_format=options["response_format"],
            idempotency_key=idempotency_key,
            options=SubmitOptions(
                webhook=options["webhook"],
                webhook_events_filter=options["webhook_events_filter"],
                track_id=options["track_id"],
                cache=options["cache"],
                safety_checker=options["safety_checker"],
            ),
        )
    )
    job = submitted.job
    headers = {"Location": f"/v1/jobs/{job.id}"}
    if not submitted.created:
        headers["Idempotent-Replayed"] = "true"
    wait = prefer_wait(prefer, svc.settings.max_wait_s)
    if wait > 0:
        job = await handlers.wait_for(svc, key, job, wait)
        headers["Preference-Applied"] = f"wait={wait:g}"
    out = await job_out(svc, job, base_url(svc, str(request.base_url)))
    status = 200 if job.status.terminal else 202
    return JSONResponse(out.model_dump(mode="json"), status_code=status, headers=headers)


@router.get("", response_model=JobList, summary="List your jobs, newest first")
async def list_jobs(
    key: CurrentKey,
    svc: ServicesDep,
    request: Request,
    status: Annotated[list[str] | None, Query(description="Filter: one or more statuses, comma-separated.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
) -> JobList:
    """Your jobs, newest first, one page at a time (``limit``, then ``cursor`` from ``next_cursor``);
    ``status`` filters. Images come as signed URLs."""
    statuses = _statuses(status)
    jobs, next_cursor = await handlers.list_jobs(svc, key, status=statuses, limit=limit, cursor=cursor)
    base = base_url(svc, str(request.base_url))
    return JobList(
        data=[await job_out(svc, job, base, b64=False) for job in jobs],
        has_more=next_cursor is not None,
        next_cursor=next_cursor,
    )


def _statuses(values: list[str] | None) -> list[JobStatus] | None:
    if not values:
        return None
    names = [v.strip() for value in values for v in value.split(",") if v.strip()]
    try:
        return [JobStatus(n) for n in names]
    except ValueError:
        allowed = ", ".join(s.value for s in JobStatus)
        raise InvalidRequest.for_field("status", f"use one or more of: {allowed}") from None


@router.get("/{job_id}", response_model=JobOut, summary="Get a job")
async def get_job(
    job_id: str,
    key: CurrentKey,
    svc: ServicesDep,
    request: Request,
    response_format: Annotated[str | None, Query(pattern="^(url|b64_json)$")] = None,
    prefer: Annotated[str | None, Header()] = None,
) -> Response:
    """The job as it stands; with ``Prefer: wait=N`` (N ≤ 60) the answer is held until the job ends
    or N seconds pass (a long poll: ask again until ``status`` is final)."""
    job = await handlers.get_job(svc, key, job_id)
    headers = {}
    wait = prefer_wait(prefer, svc.settings.max_wait_s)
    if wait > 0:
        job = await handlers.wait_for(svc, key, job, wait)
        headers["Preference-Applied"] = f"wait={wait:g}"
    b64 = None if response_format is None else response_format == "b64_json"
    out = await job_out(svc, job, base_url(svc, str(request.base_url)), b64=b64)
    return JSONResponse(out.model_dump(mode="json"), headers=headers)


@router.delete("/{job_id}", response_model=JobOut, summary="Cancel a job")
async def cancel_job(job_id: str, key: CurrentKey, svc: ServicesDep, request: Request) -> JobOut:
    """A queued job is canceled at once; a running one stops at its next denoising step."""
    job = await handlers.cancel_job(svc, key, job_id)
    return await job_out(svc, job, base_url(svc, str(request.base_url)))

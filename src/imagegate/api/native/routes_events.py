"""Live job events: GET /v1/jobs/{id}/events (server-sent events)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse

from imagegate.api.common.json_body import JsonRoute
from imagegate.api.deps import CurrentKey, ServicesDep
from imagegate.api.native import serving_events as handlers

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], route_class=JsonRoute)

EVENTS_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/event-stream": {}},
        "description": "Events `queued` (queue_position, eta_s), `started`, `progress` (step, total, eta_s, "
        "sometimes `preview`: a small JPEG as base64), then one of `succeeded`, `failed`, `canceled`; "
        "each `data` line is one JSON object and each event's `id` is its number for `Last-Event-ID`.",
    },
    204: {"description": "The job has ended and the client has already received its final event."},
}


@router.get("/{job_id}/events", response_class=Response, responses=EVENTS_DOC, summary="Follow a job live")
async def job_events(
    job_id: str,
    key: CurrentKey,
    svc: ServicesDep,
    request: Request,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    after: Annotated[int | None, Query(ge=0, description="Resume after this event id (as Last-Event-ID).")] = None,
) -> Response:
    """Stream a job's events until it ends. Only the key that created the job may listen."""
    start = after if after is not None else handlers.parse_last_event_id(last_event_id)
    draining = getattr(request.app.state, "draining", None)
    stream = await handlers.open_stream(svc, key, job_id, after=start, draining=draining)
    if stream is None:
        return Response(status_code=204)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)

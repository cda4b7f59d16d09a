"""Operating the server: liveness and readiness without authentication (for load balancers and
orchestrators), and Prometheus metrics."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST

from imagegate.api.common.json_body import JsonRoute
from imagegate.api.deps import ServicesDep, bearer_token
from imagegate.errors import AuthenticationError
from imagegate.storage import same_secret

log = logging.getLogger("imagegate.api")

router = APIRouter(tags=["health"], route_class=JsonRoute)


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    """Liveness: 200 whenever the process answers (no key, nothing checked). For load balancers' and
    orchestrators' liveness probes."""
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness: database, schema, scheduler and catalog are ready")
async def readyz(request: Request) -> JSONResponse:
    """Readiness: 200 once the server can take jobs (started, database reachable, scheduler running,
    catalog loaded), else 503 with the failing checks. No key."""
    svc = getattr(request.app.state, "services", None)
    checks: dict[str, bool] = {"started": svc is not None}
    if svc is not None:
        checks["database"] = await svc.db.ping()
        checks["schema"] = checks["database"] and await svc.db.schema_current()
        if svc.role != "api":  # an API replica runs no jobs: workers elsewhere do
            checks["scheduler"] = svc.scheduler.running
        checks["catalog"] = len(svc.catalog) > 0
    ready = all(checks.values())
    if not ready and svc is not None:
        log.warning("not ready: %s", ", ".join(name for name, ok in checks.items() if not ok))
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks}, status_code=200 if ready else 503
    )


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(request: Request, svc: ServicesDep) -> Response:
    """Open unless ``metrics_token`` is set; then scrape with ``Authorization: Bearer <token>``."""
    expected = svc.settings.metrics_token
    if expected is not None:
        token = bearer_token(request) or ""
        if not same_secret(token, expected.get_secret_value()):
            raise AuthenticationError("/metrics needs 'Authorization: Bearer <metrics_token>'")
    await svc.refresh_gauges()
    return Response(svc.metrics.render(), media_type=CONTENT_TYPE_LATEST)

"""Liveness and readiness, without authentication (for load balancers and orchestrators)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness: database, schema, scheduler and catalog are ready")
async def readyz(request: Request) -> JSONResponse:
    svc = getattr(request.app.state, "services", None)
    checks: dict[str, bool] = {"started": svc is not None}
    if svc is not None:
        checks["database"] = await svc.db.ping()
        checks["schema"] = checks["database"] and await svc.db.schema_current()
        checks["scheduler"] = svc.scheduler.running
        checks["catalog"] = len(svc.catalog) > 0
    ready = all(checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks}, status_code=200 if ready else 503
    )

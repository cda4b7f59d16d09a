"""Prometheus metrics at /metrics (text exposition format)."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from imagegate.api.deps import ServicesDep, bearer_token
from imagegate.errors import AuthenticationError
from imagegate.gateway import gateway_of

router = APIRouter(tags=["health"])


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(request: Request, svc: ServicesDep) -> Response:
    """Open unless ``metrics_token`` is set; then scrape with ``Authorization: Bearer <token>``."""
    expected = svc.settings.metrics_token
    if expected is not None:
        token = bearer_token(request) or ""
        if not hmac.compare_digest(token.encode(), expected.get_secret_value().encode()):
            raise AuthenticationError("/metrics needs 'Authorization: Bearer <metrics_token>'")
    gateway = gateway_of(svc)
    await gateway.refresh_gauges()
    return Response(gateway.metrics.render(), media_type=CONTENT_TYPE_LATEST)

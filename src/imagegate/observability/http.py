"""The gateway's HTTP middleware (pure ASGI): per-request metrics by route template, one JSON
access-log line per request, and the admission headers (``RateLimit-*``) that handlers leave in
``response_headers_var`` for whichever response the route renders."""

from __future__ import annotations

import contextvars
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("imagegate.access")

# A mutable dict per request: admission (deep inside a handler) adds headers, the middleware sends them.
response_headers_var: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "response_headers", default=None
)


def add_response_headers(headers: dict[str, str]) -> None:
    holder = response_headers_var.get()
    if holder is not None:
        holder.update(headers)


def _route(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"


class GatewayMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        extra: dict[str, str] = {}
        token = response_headers_var.set(extra)
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                if extra:
                    present = {k.lower() for k, _ in message.get("headers", [])}
                    headers = message.setdefault("headers", [])
                    for name, value in extra.items():
                        if name.lower().encode() not in present:
                            headers.append((name.lower().encode(), value.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            response_headers_var.reset(token)
            elapsed = time.perf_counter() - started
            self._observe(scope, status, elapsed)

    def _observe(self, scope: Scope, status: int, elapsed: float) -> None:
        route = _route(scope)
        method = scope.get("method", "")
        metrics = _metrics(scope)
        if metrics is not None and route != "/metrics":
            metrics.http_requests.labels(method, route, str(status)).inc()
            metrics.http_latency.labels(method, route).observe(elapsed)
        state = scope.get("state") or {}
        log.info(
            "%s %s %d",
            method,
            scope.get("path", ""),
            status,
            extra={
                "http_method": method,
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 3),
                "key_id": state.get("key_id"),
            },
        )


def _metrics(scope: Scope) -> Any:
    app = scope.get("app")
    services = getattr(getattr(app, "state", None), "services", None)
    gateway = services.extras.get("gateway") if services is not None else None
    return getattr(gateway, "metrics", None)

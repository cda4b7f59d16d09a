"""The HTTP middlewares, pure ASGI so they cost next to nothing per request:

- ``RequestIdMiddleware``: the request id, taken from ``X-Request-ID`` or made up, echoed in the
  response and in every log line written while the request is handled;
- ``AccessMiddleware``: per-request metrics by route template, one JSON access-log line per
  request, and the admission headers (``RateLimit-*``) that handlers leave in
  ``observability.context.response_headers_var`` for whichever response the route renders;
- ``BodyLimitMiddleware``: request bodies up to ``max_body_bytes``, checked before routing,
  authentication or parsing.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from imagegate.errors import ImagegateError, PayloadTooLarge
from imagegate.observability.context import request_id_var, response_headers_var
from imagegate.observability.metrics import Metrics

log = logging.getLogger("imagegate.access")
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next((v.decode() for k, v in scope["headers"] if k == b"x-request-id"), None)
        request_id = incoming if incoming and _VALID_ID.match(incoming) else "req_" + secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


class AccessMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics):
        self.app = app
        self.metrics = metrics

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
            self._observe(scope, status, time.perf_counter() - started)

    def _observe(self, scope: Scope, status: int, elapsed: float) -> None:
        route = _route(scope)
        method = scope.get("method", "")
        if route != "/metrics":
            self.metrics.http_requests.labels(method, route, str(status)).inc()
            self.metrics.http_latency.labels(method, route).observe(elapsed)
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


def _route(scope: Scope) -> str:
    path = getattr(scope.get("route"), "path", None)  # the matched route's template, set by Starlette
    return str(path) if path else "unmatched"


class BodyLimitMiddleware:
    """A declared ``Content-Length`` over ``max_bytes`` is answered 413 at once, before routing,
    authentication or reading a byte of the body; a body sent without one (chunked) is cut off
    as soon as it passes the limit, with a 413 rendered by the surface's error handlers.
    ``render`` draws the immediate answer the way the path's surface renders errors."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, render: Callable[[Request, ImagegateError], Response]):
        self.app = app
        self.max_bytes = max_bytes
        self.render = render

    def _message(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes (the server's max_body_bytes)"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next((v for k, v in scope["headers"] if k == b"content-length"), b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response = self.render(Request(scope), PayloadTooLarge(self._message()))
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException passes through FastAPI's body reading (which turns other
                    # errors into a 400) to the error handlers, which render it as a 413.
                    raise HTTPException(413, detail=self._message())
            return message

        await self.app(scope, limited_receive, send)

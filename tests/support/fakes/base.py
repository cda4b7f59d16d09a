"""A loopback stand-in for a hosted provider: a real HTTP server (Starlette under uvicorn, in a
thread) that checks every request against the provider's documented wire format.

A request that breaks the format (wrong auth header shape, content type, unknown or missing field,
a value out of the documented range) is recorded in ``violations`` and answered the way the
provider answers bad requests; the ``fake_provider`` fixtures fail the test when any violation was
seen. Tests script failures with ``override`` (the next matching requests get a canned answer),
and read ``requests`` to see what was sent.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

AUTH_HEADERS = ("authorization", "x-key", "x-goog-api-key", "key")


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any = None  # parsed JSON, or a dict of multipart fields (files as (filename, bytes, type))


@dataclass
class Override:
    method: str
    path_contains: str
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1


def png(width: int, height: int, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


class FakeProvider:
    """Subclasses list their routes in ``routes()``; every handler calls ``self.seen(request)``."""

    name = "fake"

    def __init__(self, key: str):
        self.key = key
        self.requests: list[Seen] = []
        self.violations: list[str] = []
        self.overrides: list[Override] = []
        self.files: dict[str, bytes] = {}
        self.hold_s = 0.0  # delay every answer (to test timeouts and cancels)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- life cycle ------------------------------------------------------------------------

    def routes(self) -> list[BaseRoute]:
        raise NotImplementedError

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeProvider:
        app = Starlette(routes=[*self.routes(), Route("/files/{name}", self._file, methods=["GET"])])
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError(f"fake {self.name} did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> FakeProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers for handlers --------------------------------------------------------------

    def new_id(self) -> str:
        return f"{next(self._ids)}-{uuid.uuid4().hex[:8]}"

    def violate(self, message: str) -> None:
        with self._lock:
            self.violations.append(message)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.violations.clear()
            self.overrides.clear()
        self.hold_s = 0.0

    def override(
        self,
        path_contains: str,
        status: int,
        body: Any,
        *,
        method: str = "POST",
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        with self._lock:
            self.overrides.append(Override(method, path_contains, status, body, headers or {}, times))

    async def seen(self, request: Request, body: Any = None) -> Response | None:
        """Record a request; returns a scripted answer if one matches (after the format checks)."""
        headers = {k.lower(): v for k, v in request.headers.items()}
        with self._lock:
            self.requests.append(Seen(request.method, request.url.path, headers, body))
        if self.hold_s:
            await asyncio.sleep(self.hold_s)
        with self._lock:
            for item in self.overrides:
                if item.method == request.method and item.path_contains in request.url.path and item.times > 0:
                    item.times -= 1
                    if item.times == 0:
                        self.overrides.remove(item)
                    if isinstance(item.body, bytes | str):
                        return Response(item.body, status_code=item.status, headers=item.headers)
                    return JSONResponse(item.body, status_code=item.status, headers=item.headers)
        return None

    def of(self, method: str, path_contains: str = "") -> list[Seen]:
        return [r for r in self.requests if r.method == method and path_contains in r.path]

    def image_url(self, width: int, height: int, color: tuple[int, int, int] = (200, 30, 30)) -> str:
        name = f"{uuid.uuid4().hex}.png"
        self.files[name] = png(width, height, color)
        return f"{self.url}/files/{name}"

    async def _file(self, request: Request) -> Response:
        headers = {k.lower(): v for k, v in request.headers.items()}
        with self._lock:
            self.requests.append(Seen(request.method, request.url.path, headers))
        # Result URLs are public CDN links: our credentials must never travel there.
        for header in AUTH_HEADERS:
            if header in request.headers:
                self.violate(f"credential header {header!r} sent to a result URL")
        data = self.files.get(request.path_params["name"])
        if data is None:
            return Response(b"not found", status_code=404)
        return Response(data, media_type="image/png")

    # -- checks ----------------------------------------------------------------------------

    async def json_body(self, request: Request) -> Any:
        kind = request.headers.get("content-type", "")
        if not kind.startswith("application/json"):
            self.violate(f"{request.url.path}: content-type {kind!r}, expected application/json")
            return None
        try:
            return await request.json()
        except ValueError:
            self.violate(f"{request.url.path}: body is not JSON")
            return None

    async def multipart(self, request: Request) -> dict[str, Any] | None:
        kind = request.headers.get("content-type", "")
        if not kind.startswith("multipart/form-data") or "boundary=" not in kind:
            self.violate(f"{request.url.path}: content-type {kind!r}, expected multipart/form-data with a boundary")
            return None
        out: dict[str, Any] = {}
        async with request.form() as form:
            for key, value in form.multi_items():
                if hasattr(value, "read"):
                    data = await value.read()
                    item: Any = (value.filename, data, value.content_type)
                else:
                    item = value
                if key in out:
                    existing = out[key] if isinstance(out[key], list) else [out[key]]
                    out[key] = [*existing, item]
                else:
                    out[key] = item
        return out

    def check_fields(self, where: str, body: dict[str, Any], *, required: set[str], allowed: set[str]) -> list[str]:
        """Violations for missing and unknown fields (returned so the handler can answer them)."""
        problems = [f"{where}: missing required field {name!r}" for name in sorted(required - set(body))]
        problems += [f"{where}: unknown field {name!r}" for name in sorted(set(body) - allowed)]
        for problem in problems:
            self.violate(problem)
        return problems

    def check(self, condition: bool, message: str, problems: list[str]) -> None:
        if not condition:
            self.violate(message)
            problems.append(message)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


Handler = Callable[[Request], Any]

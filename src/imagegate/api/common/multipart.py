"""Multipart uploads for JSON routes: ``multipart/form-data`` becomes the equivalent JSON body.

A file part becomes its field's value in base64, so it then goes through the same admission as a
JSON body (auth, validation, image checks, storage), with nothing stored before the key is known.
Other parts are field values; ``loras``, ``controlnets`` and ``upscale`` (and any value starting
with ``[`` or ``{``) are read as JSON. Dotted names reach nested fields, e.g.
``controlnets.0.control_image``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from starlette.datastructures import UploadFile
from starlette.types import Message

from imagegate.api.common.json_body import JsonRoute, parse_json
from imagegate.errors import FieldError, MalformedBody

JSON_FIELDS = frozenset({"loras", "controlnets", "upscale"})


def _set(body: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    container: Any = body
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        following = parts[index + 1] if not last else ""
        key: Any = int(part) if isinstance(container, list) and part.isdigit() else part
        if isinstance(container, list):
            if not isinstance(key, int) or key > len(container) or key > 64:
                raise MalformedBody(f"{path}: list index out of order", errors=[FieldError(path, "bad index")])
            if key == len(container):
                container.append(value if last else ([] if following.isdigit() else {}))
        elif not last and part not in container:
            container[part] = [] if following.isdigit() else {}
        if last:
            container[key] = value
        else:
            container = container[key]
            if not isinstance(container, dict | list):
                raise MalformedBody(f"{path}: {part} is not an object", errors=[FieldError(path, "not an object")])


async def form_as_json(request: Request) -> bytes:
    # The body's size is capped before it gets here (api/middleware.py, BodyLimitMiddleware).
    form = await request.form(max_files=16, max_fields=256)
    body: dict[str, Any] = {}
    try:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                item: Any = base64.b64encode(await value.read()).decode()
            elif name in JSON_FIELDS or value.lstrip()[:1] in ("[", "{"):
                try:
                    item = parse_json(value)
                except ValueError:
                    raise MalformedBody(
                        f"{name}: not valid JSON", errors=[FieldError(name, "not valid JSON")]
                    ) from None
            else:
                item = value
            _set(body, name, item)
    finally:
        await form.close()
    return json.dumps(body).encode()


class JsonOrMultipartRoute(JsonRoute):
    """An APIRoute whose JSON body may also be sent as ``multipart/form-data``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            content_type = request.headers.get("content-type", "").lower()
            if request.method == "POST" and content_type.startswith("multipart/form-data"):
                payload = await form_as_json(request)
                headers = [(k, v) for k, v in request.scope["headers"] if k not in (b"content-type", b"content-length")]
                headers += [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
                sent = False

                async def receive() -> Message:
                    nonlocal sent
                    if sent:
                        return {"type": "http.disconnect"}
                    sent = True
                    return {"type": "http.request", "body": payload, "more_body": False}

                request = Request({**request.scope, "headers": headers}, receive)
            return await handler(request)

        return route

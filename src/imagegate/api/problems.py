"""Rendering errors. The native API speaks RFC 9457 problem details with a stable ``code``; each
dialect has its own renderer for its path prefixes (handed to ``install_error_handlers`` by the app
factory), so one exception tree serves all of them."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from imagegate.domain.requests import Task
from imagegate.errors import (
    AuthenticationError,
    FieldError,
    ImagegateError,
    InvalidRequest,
    MalformedBody,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    RequestError,
)

log = logging.getLogger("imagegate.api")

Renderer = Callable[[Request, ImagegateError], Response]
PROBLEM_JSON = "application/problem+json"


class FieldProblem(BaseModel):
    field: str = Field(description="A dotted path such as `width` or `loras.0.weight`.")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, as every native route answers an error; some errors add fields
    (``retry_after`` on 429, the budget's figures on 402, the provider on 502)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="`urn:imagegate:error:<code>`.")
    title: str
    status: int
    detail: str = Field(description="What went wrong and what to do, for a person.")
    instance: str = Field(description="The request's path.")
    code: str = Field(description="The stable, machine-readable error code.")
    request_id: str | None = Field(default=None, description="Also in the X-Request-ID header and the server log.")
    errors: list[FieldProblem] | None = Field(default=None, description="The invalid fields, when there are any.")
    retry_after: float | None = Field(default=None, description="Seconds to wait before trying again.")


def problem(request: Request, exc: ImagegateError) -> Response:
    body: dict[str, Any] = {
        "type": f"urn:imagegate:error:{exc.code}",
        "title": exc.title,
        "status": exc.status,
        "detail": exc.message,
        "instance": request.url.path,
        "code": exc.code,
        **exc.extra(),
    }
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    return JSONResponse(body, status_code=exc.status, headers=exc.headers, media_type=PROBLEM_JSON)


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    # Drop the discriminated union's tag (pydantic puts the chosen member's tag in the path).
    if parts and parts[0] in {t.value for t in Task}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _error_field(err: dict[str, Any]) -> str:
    if err.get("type") == "union_tag_invalid":  # its location is the body, but the culprit is "task"
        return "task"
    return _field_path(tuple(err.get("loc", ())))


# Names other APIs use for fields this one calls by diffusers' names, to say which was meant.
_DIFFUSERS_NAMES = {
    "steps": "num_inference_steps",
    "num_steps": "num_inference_steps",
    "cfg_scale": "guidance_scale",
    "cfg": "guidance_scale",
    "guidance": "guidance_scale",
    "sampler": "scheduler",
    "sampler_name": "scheduler",
    "n": "num_images",
    "samples": "num_images",
    "batch_size": "num_images",
    "num_images_per_prompt": "num_images",
    "negative": "negative_prompt",
    "denoising_strength": "strength",
    "mask": "mask_image",
    "size": "width and height",
}


def _message(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        name = str(tuple(err.get("loc", ()))[-1:][0]) if err.get("loc") else ""
        if name == "mask_image":
            return "this task takes no mask; only inpaint does"
        if name in _DIFFUSERS_NAMES:
            return f"unknown field; did you mean {_DIFFUSERS_NAMES[name]}? (this API uses diffusers' names)"
        return "unknown field; remove it (GET /docs lists the accepted fields)"
    if kind == "union_tag_invalid":
        tasks = ", ".join(t.value for t in Task)
        return f"unknown task {err.get('ctx', {}).get('tag')!r}; use one of: {tasks}"
    if kind == "missing":
        return "field required"
    # Our own validators' messages read better without pydantic's prefix.
    return str(err.get("msg", "invalid value")).removeprefix("Value error, ")


def validation_error(exc: RequestValidationError) -> InvalidRequest:
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        detail = next(e for e in errors if e.get("type") == "json_invalid").get("ctx", {}).get("error", "")
        return MalformedBody(
            f"the request body is not valid JSON: {detail}".rstrip(": "),
            errors=[FieldError("body", "not valid JSON")],
        )
    fields = [
        FieldError(
            "task" if e.get("type") == "union_tag_invalid" else _field_path(tuple(e.get("loc", ()))), _message(e)
        )
        for e in errors
    ]
    summary = "; ".join(f"{f.field}: {f.message}" for f in fields[:5])
    if len(fields) > 5:
        summary += f"; and {len(fields) - 5} more (see errors)"
    return InvalidRequest(summary, errors=fields)


def allowed_methods(request: Request) -> str:
    """The methods this path answers. Starlette's own 405 names only the first route that matched
    (GET and POST of one path are often two routes). A route for exactly this path shadows those
    that match it through a parameter, as in the OpenAPI document (``/v1/images/generations`` is
    not an image id), and a route whose parameters are single segments shadows one whose parameter
    spans several (``/v1/models/{id}/events`` is not a model id with a slash)."""
    path = request.scope.get("path", "")
    matched: dict[tuple[int, int], set[str]] = {}
    for route in iter_route_contexts(request.app.router.routes):
        regex = getattr(route, "path_regex", None)
        if route.methods and regex is not None and regex.match(path):
            # Exact paths first, then the routes with the most fixed text (``/v1/models/{id}/events``
            # before ``/v1/models/{id:path}``, which also matches it).
            literal = len(re.sub(r"\{[^}]*\}", "", route.path or ""))
            matched.setdefault((0 if route.path_format == path else 1, -literal), set()).update(route.methods)
    return ", ".join(sorted(matched[min(matched)])) if matched else ""


def not_under(*sub_resources: str) -> Callable[[Request], None]:
    """A dependency for routes whose id parameter may hold slashes (``{model_id:path}``): a path that
    ends in one of ``sub_resources`` (``/events``) is that sub-resource, which this method does not
    serve — a 405 naming the methods it does, before the body is even read."""

    def check(request: Request) -> None:
        if request.url.path.endswith(sub_resources):
            allow = allowed_methods(request)
            raise MethodNotAllowed(
                f"{request.method} is not allowed on {request.url.path}; use {allow}", headers={"Allow": allow}
            )

    return check


def install_error_handlers(app: FastAPI, renderers: Mapping[str, Renderer]) -> Renderer:
    """Render every error: under a prefix of ``renderers`` (the longest that matches) with that
    renderer, elsewhere as problem details. Returns that choice as one renderer, for the
    middlewares that answer before the app's handlers (the body limit)."""
    by_length = sorted(renderers.items(), key=lambda item: -len(item[0]))

    def renderer_for(request: Request) -> Renderer:
        path = request.url.path
        return next((render for prefix, render in by_length if path.startswith(prefix)), problem)

    async def on_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ImagegateError)
        return renderer_for(request)(request, exc)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return renderer_for(request)(request, validation_error(exc))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        mapped: ImagegateError
        if exc.status_code == 404:
            mapped = NotFound(f"no route {request.method} {request.url.path}", code="route_not_found")
        elif exc.status_code == 401:
            mapped = AuthenticationError(str(exc.detail))
        elif exc.status_code == 413:
            mapped = PayloadTooLarge(str(exc.detail))
        elif exc.status_code == 405:
            allow = allowed_methods(request)
            mapped = MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}; use {allow}")
            mapped.headers["Allow"] = allow  # RFC 9110: a 405 names the methods that are allowed
        else:
            mapped = RequestError(str(exc.detail), code=f"http_{exc.status_code}")
            mapped.status = exc.status_code
        mapped.headers = {**(exc.headers or {}), **mapped.headers}
        return renderer_for(request)(request, mapped)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return renderer_for(request)(request, ImagegateError("internal error; the server log has details"))

    app.add_exception_handler(ImagegateError, on_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)

    def render(request: Request, exc: ImagegateError) -> Response:
        return renderer_for(request)(request, exc)

    return render

"""The OpenAPI document, told the truth about errors.

FastAPI documents only the 422 of its own request validation, as plain JSON. The server answers
more than that, and each surface in its own shape: problem details (``application/problem+json``)
on the native API, each dialect's envelope under its path prefixes. ``document_errors`` adds to
every operation the error answers it really gives: which errors an operation can raise follows from
what it is (it takes parameters or a body, needs a key, needs a scope, names a resource, is a signed
link, admits a job); the status and media type of each come from rendering a sample of that error
through the surface's own renderer, so a dialect that answers 400 where the native API says 422 is
documented with 400; the body schema is the surface's error model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel

from imagegate.api.problems import Problem, Renderer, problem
from imagegate.errors import (
    AuthenticationError,
    BudgetExceeded,
    Conflict,
    ContentRejected,
    ImagegateError,
    InvalidRequest,
    MalformedBody,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    ProviderError,
    ProviderTimeout,
    RateLimited,
    RouteExhausted,
    Unavailable,
    UnknownModel,
    WaitTimeout,
)

# Operations that admit a job (admission/): budgets, quotas, rate limits, moderation, unknown models,
# hosted providers and the wait of the synchronous dialects all answer here.
GENERATES = re.compile(
    r"^POST (/v1/jobs"
    r"|/v1/images/(generations|edits|variations)"
    r"|/api/v6/(images|realtime|image_editing)/(?!fetch|model_reload)[a-z_0-9]+"
    r"|/api/v5/controlnet"
    r"|/sdapi/v1/(txt2img|img2img|extra-single-image))$"
)
# Operations that read their body themselves (ModelsLab's JSON, OpenAI's multipart uploads), so
# FastAPI knows of no body to document, though a bad one is refused all the same.
READS_BODY = re.compile(r"^POST (/api/|/v1/images/(edits|variations)$)")
# Answered without an API key: probes for load balancers (``/metrics`` may ask for its own token).
PUBLIC = frozenset({"GET /healthz", "GET /readyz"})
# Dependencies that refuse a key lacking a scope.
SCOPE_CHECKS = frozenset({"require_admin", "require_generate", "_generate_key"})
# Errors that one operation raises in its handler, beyond what the rules below infer.
SPECIFIC: Mapping[str, tuple[ImagegateError, ...]] = {
    "DELETE /v1/jobs/{job_id}": (Conflict("the job has already ended"),),
    # /v1/images/generations, /edits and /variations are the OpenAI dialect's, POST only.
    "GET /v1/images/{image_id}": (MethodNotAllowed("use POST"),),
    "GET /v1/usage": (PermissionDenied("only admin keys can read other keys' usage"),),
    "POST /v1/webhooks/endpoints/enable": (NotFound("that endpoint is not disabled for this key"),),
    # Loading models is an operator's action: admin keys only.
    "POST /api/v3/load_model": (PermissionDenied("this action needs an admin key"),),
    "POST /api/v6/images/model_reload": (PermissionDenied("this action needs an admin key"),),
    **{
        # The model manager: an id taken, an entry of the read-only catalog files, jobs still queued;
        # and ids may hold slashes, so an id ending in a sub-resource's name (…/events) is a 405.
        f"{method} /v1/{kind}{suffix}": (
            Conflict("the entry exists, is read-only, or is in use"),
            *((MethodNotAllowed("use the sub-resource's methods"),) if suffix else ()),
        )
        for kind, param in (
            ("models", "model_id"),
            ("loras", "lora_id"),
            ("controlnets", "controlnet_id"),
            ("annotators", "annotator_id"),
        )
        for method, suffix in (("POST", ""), ("PATCH", f"/{{{param}}}"), ("DELETE", f"/{{{param}}}"))
    },
    "GET /v1/models/{model_id}": (MethodNotAllowed("use the sub-resource's methods"),),
}


def _generation_errors() -> tuple[ImagegateError, ...]:
    return (
        ContentRejected("refused", field="prompt", rule="rule", category="category"),
        UnknownModel("no such model"),
        PermissionDenied("the key may not use this model"),
        BudgetExceeded("over budget", period="day", budget=1.0, committed=1.0, estimate=1.0),
        RateLimited("too many requests", retry_after=1),
        Conflict("the job was canceled before it finished"),
        ProviderError("the provider failed", provider="provider"),
        ProviderTimeout("the provider did not answer", provider="provider"),
        RouteExhausted("every target failed"),
        WaitTimeout("the job did not end in time"),
    )


def operation_errors(
    method: str, path: str, operation: Mapping[str, Any], route: APIRoute | None
) -> list[ImagegateError]:
    """The errors an operation can answer, one sample of each kind."""
    label = f"{method.upper()} {path}"
    params = operation.get("parameters", [])
    signed = any(p.get("name") == "signature" and p.get("in") == "query" for p in params)
    signature_required = any(p.get("name") == "signature" and p.get("required") for p in params)
    errors: list[ImagegateError] = [ImagegateError("internal error")]
    if label not in PUBLIC:
        errors.append(Unavailable("the server is starting or stopping"))
    body = "requestBody" in operation or READS_BODY.match(label)
    if params or body:
        errors.append(InvalidRequest("a field has a bad value"))
    if body:
        errors += [MalformedBody("not JSON"), PayloadTooLarge("the request body is too large")]
    if label not in PUBLIC and not signature_required:
        errors.append(AuthenticationError("missing API key"))
    if signed:
        errors.append(PermissionDenied("this link is invalid or has expired"))
    if route is not None and SCOPE_CHECKS & set(_dependency_names(route.dependant)):
        errors.append(PermissionDenied("the key lacks a scope"))
    if "{" in path:
        errors.append(NotFound("no such resource"))
    if GENERATES.match(label):
        errors += _generation_errors()
    errors += SPECIFIC.get(label, ())
    return errors


# How keys are sent (the Authorize dialog of /docs offers each): Bearer everywhere; A1111 clients
# use HTTP Basic with the key as the password; ModelsLab clients put it in the JSON body as "key"
# (which OpenAPI cannot name as a scheme) or send it as a "key" header.
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "description": "An imagegate API key (ig_…)."},
    "basic": {
        "type": "http",
        "scheme": "basic",
        "description": "A1111 clients: any user name, the API key as password.",
    },
    "modelslabKey": {
        "type": "apiKey",
        "in": "header",
        "name": "key",
        "description": 'ModelsLab clients: the API key in this header, or as "key" in the JSON body.',
    },
}
# Answered with or without a key (a signed link instead; /metrics unless a metrics token is set).
KEY_OPTIONAL = frozenset({"GET /metrics"})


def operation_security(label: str, path: str, errors: list[ImagegateError]) -> list[dict[str, list[str]]] | None:
    """The security requirement of an operation: None where no key is asked (probes, signed links)."""
    if not any(isinstance(e, AuthenticationError) for e in errors):
        return None
    schemes: list[dict[str, list[str]]]
    if path.startswith("/sdapi/"):
        schemes = [{"bearer": []}, {"basic": []}]
    elif path.startswith("/api/"):
        schemes = [{"modelslabKey": []}, {"bearer": []}]
    else:
        schemes = [{"bearer": []}]
    signed = any(isinstance(e, PermissionDenied) and "link" in e.message for e in errors)
    return [*schemes, {}] if signed or label in KEY_OPTIONAL else schemes


def _dependency_names(dependant: Dependant) -> Iterator[str]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield getattr(sub.call, "__name__", "")
        yield from _dependency_names(sub)


def _sample_request(path: str) -> Request:
    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": [], "state": {}}
    scope |= {"scheme": "http", "server": ("localhost", 80), "root_path": ""}
    return Request(scope)


def document_errors(
    app: FastAPI,
    routers: Iterable[APIRouter],
    renderers: Mapping[str, Renderer],
    models: Mapping[str, type[BaseModel]],
) -> Callable[[], dict[str, Any]]:
    """Make ``app.openapi()`` document every operation's error answers. ``routers`` are those the
    app includes (without a prefix); ``renderers`` and ``models`` map a path prefix to its surface's
    renderer and error model (as handed to ``install_error_handlers``); elsewhere errors are problem
    details."""
    base = app.openapi
    by_length = sorted(renderers, key=len, reverse=True)
    routes = {
        (method.lower(), route.path_format): route
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }

    def surface(path: str) -> tuple[Renderer, type[BaseModel]]:
        prefix = next((p for p in by_length if path.startswith(p)), None)
        return (renderers[prefix], models[prefix]) if prefix is not None else (problem, Problem)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = base()
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        doc["components"]["securitySchemes"] = SECURITY_SCHEMES
        for path, operations in doc["paths"].items():
            render, model = surface(path)
            _add_schema(schemas, model)
            for method, operation in operations.items():
                route = routes.get((method, path))
                errors = operation_errors(method, path, operation, route)
                _document(operation, errors, render, model, path)
                security = operation_security(f"{method.upper()} {path}", path, errors)
                if security is not None:
                    operation["security"] = security
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
    return openapi


def _document(
    operation: dict[str, Any], errors: list[ImagegateError], render: Renderer, model: type[BaseModel], path: str
) -> None:
    responses = operation.setdefault("responses", {})
    # FastAPI's own 422 says HTTPValidationError; the handlers never answer that shape.
    responses.pop("422", None)
    request = _sample_request(path)
    for exc in errors:
        answer = render(request, exc)
        status = str(answer.status_code)
        media_type = answer.media_type or "application/json"
        entry = responses.setdefault(status, {"description": _description(exc, answer.status_code)})
        content = entry.setdefault("content", {})
        content.setdefault(media_type, {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}})
        for header in answer.headers:
            if header.lower() in ("retry-after", "www-authenticate", "x-should-retry"):
                entry.setdefault("headers", {}).setdefault(header.title(), {"schema": {"type": "string"}})


def _description(exc: ImagegateError, status: int) -> str:
    return {
        400: "The request is malformed or was refused by the content policy.",
        401: "Missing, malformed, unknown or revoked API key.",
        402: "The job's estimated cost does not fit the key's budget.",
        403: "The key lacks a scope or may not use the model, or a signed link is invalid or has expired.",
        404: "No such resource for this key (or, on some dialects, no such model).",
        409: "The resource is in a state that forbids the action.",
        413: "The request body is larger than the server accepts.",
        422: "A field has an invalid value; the body names the fields.",
        429: "Too many requests, or the key's quota is used up; Retry-After says when to try again.",
        500: "Internal error; the server log has details (under the request id).",
        502: "A hosted provider failed.",
        503: "The server is starting or stopping, or every target of a route is unavailable.",
        504: "The job or the hosted provider did not finish in time.",
    }.get(status, exc.title)


def _add_schema(schemas: dict[str, Any], model: type[BaseModel]) -> None:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in {**schema.pop("$defs", {}), model.__name__: schema}.items():
        if name in schemas and json.dumps(schemas[name], sort_keys=True) != json.dumps(sub, sort_keys=True):
            raise ValueError(f"two different schemas are named {name!r} in the OpenAPI document")
        schemas[name] = sub

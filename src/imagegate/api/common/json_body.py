"""The one JSON reader of every surface, for bodies FastAPI parses (through ``JsonRoute``) and for
those a surface reads itself (``read_json``): standard JSON only — ``NaN`` and ``Infinity`` are
refused, not read as numbers that then fail a range check with a puzzling message — and nesting
capped, so a deeply nested body is a 400 that says so rather than a ``RecursionError``."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from imagegate.errors import MalformedBody

MAX_DEPTH = 64  # the deepest request of any surface nests 5 levels; 64 leaves room, far from recursion limits


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number; send a finite number")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def _depth(value: Any) -> int:
    """How deep lists and objects nest in a parsed value (iterative: no recursion to exhaust)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def parse_json(raw: bytes | str) -> Any:
    """Parse a request body; raises ``json.JSONDecodeError`` naming what is wrong."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError("the body is not UTF-8 text", "", exc.start) from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # a refused constant or number
        raise json.JSONDecodeError(str(exc), text, 0) from None
    except RecursionError:  # nesting too deep for the parser itself
        raise json.JSONDecodeError(f"nested deeper than {MAX_DEPTH} levels", text, 0) from None
    # Counting brackets costs next to nothing; only a body with many walks the parsed value.
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        raise json.JSONDecodeError(f"nested deeper than {MAX_DEPTH} levels", text, 0)
    return value


async def read_json(request: Request) -> Any:
    """The body of a request a surface reads itself, as JSON; a 400 naming the problem if it is not."""
    try:
        return parse_json(await request.body())
    except json.JSONDecodeError as exc:
        raise MalformedBody.for_field("body", f"the request body is not valid JSON: {exc.msg}") from None


class _JsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body())
        return self._json


class JsonRoute(APIRoute):
    """An APIRoute whose JSON body is read by ``parse_json``: FastAPI turns its ``JSONDecodeError``
    into the usual validation error (a 400, ``malformed_body``, with the reason)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handler(_JsonRequest(request.scope, request.receive))

        return route

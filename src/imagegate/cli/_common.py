"""What every client command shares: connection options, the SDK client, exit codes, output.

Exit codes (stable, for scripts):

====  =====================================================================
0     success
1     the job failed or was canceled
2     bad command line or client config
3     the server refused the request (4xx other than below)
4     the server could not be reached, timed out, or failed (5xx)
5     authentication or permission refused (401, 403)
6     not found (404)
7     rate limited or out of quota (429) after the SDK's retries
130   interrupted (Ctrl-C); a job being waited for is canceled
====  =====================================================================
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from imagegate.client import Client

EXIT_JOB_FAILED = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_UNREACHABLE = 4
EXIT_AUTH = 5
EXIT_NOT_FOUND = 6
EXIT_RATE_LIMITED = 7
EXIT_INTERRUPTED = 130

UrlOpt = Annotated[
    str | None, typer.Option("--url", envvar="IMAGEGATE_URL", help="Server base URL.", show_default=False)
]
KeyOpt = Annotated[
    str | None, typer.Option("--api-key", envvar="IMAGEGATE_API_KEY", help="API key.", show_default=False)
]
ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile", envvar="IMAGEGATE_PROFILE", help="Profile of the client config file.", show_default=False
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def make_client(url: str | None, api_key: str | None, profile: str | None) -> Client:
    from imagegate.client import Client, ClientConfigError

    try:
        return Client(base_url=url, api_key=api_key, profile=profile)
    except ClientConfigError as exc:
        fail(str(exc), EXIT_USAGE)


def fail(message: str, code: int, *, as_json: bool = False, detail: dict[str, Any] | None = None) -> NoReturn:
    if as_json:
        emit_json({"error": {"message": message, "exit_code": code, **(detail or {})}})
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def emit_json(value: Any) -> None:
    typer.echo(json.dumps(value, default=str))


def dump(model: Any) -> Any:
    """A pydantic model (or a list of them) as plain JSON data."""
    if isinstance(model, list):
        return [dump(m) for m in model]
    return model.model_dump(mode="json") if hasattr(model, "model_dump") else model


def exit_code_for(exc: Exception) -> int:
    from imagegate.client import (
        APIConnectionError,
        APIStatusError,
        AuthenticationError,
        InternalServerError,
        JobFailedError,
        NotFoundError,
        PermissionDeniedError,
        QuotaExceededError,
        RateLimitError,
    )

    if isinstance(exc, JobFailedError):
        return EXIT_JOB_FAILED
    if isinstance(exc, AuthenticationError | PermissionDeniedError):
        return EXIT_AUTH
    if isinstance(exc, NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(exc, RateLimitError | QuotaExceededError):
        return EXIT_RATE_LIMITED
    if isinstance(exc, APIConnectionError | InternalServerError):
        return EXIT_UNREACHABLE
    if isinstance(exc, APIStatusError):
        return EXIT_REFUSED
    return EXIT_UNREACHABLE


@contextmanager
def api_errors(*, as_json: bool = False) -> Iterator[None]:
    """Turn SDK errors into a one-line message (or a JSON error object) and the documented exit code."""
    from imagegate.client import APIStatusError, ImagegateError

    try:
        yield
    except ImagegateError as exc:
        detail: dict[str, Any] = {"type": type(exc).__name__}
        if isinstance(exc, APIStatusError):
            detail |= {"status": exc.status_code, "code": exc.code, "errors": exc.errors}
        fail(str(exc), exit_code_for(exc), as_json=as_json, detail=detail)


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()

"""Errors the SDK raises, one class per HTTP status, each carrying the server's ``code``.

* ImagegateError
  + APIConnectionError            the server could not be reached (after retries)
    - APITimeoutError             no answer in time
  + APIStatusError                the server answered with an error status (after retries)
    - BadRequestError          400
    - AuthenticationError      401
    - PermissionDeniedError    403
    - NotFoundError            404
    - ConflictError            409
    - UnprocessableEntityError 422  ``errors`` names the fields
    - RateLimitError           429  ``retry_after`` seconds
    - QuotaExceededError       429/402 with a quota or budget code: waiting seconds will not help
    - InternalServerError      5xx
  + JobFailedError                a job ended failed or canceled where images were expected
  + WebhookVerificationError      a webhook's signature, timestamp or headers do not check out
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from imagegate.client._retry import PERMANENT_CODES, parse_retry_after

if TYPE_CHECKING:
    from imagegate.client.types import Job


class ImagegateError(Exception):
    """Base of every SDK error."""


class APIConnectionError(ImagegateError):
    """The request did not get an answer: refused, dropped, DNS, TLS…"""

    def __init__(self, message: str, *, method: str | None = None, url: str | None = None):
        super().__init__(message)
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """The server did not answer (or the job did not finish) in time."""


class APIStatusError(ImagegateError):
    """An error answer. ``code`` is the server's stable machine-readable code; ``message`` its text;
    ``errors`` the offending fields of a 422; ``request_id`` quotes the request in the server's logs."""

    status_code: int = 0

    def __init__(self, status_code: int, body: Any, headers: Mapping[str, str] | None = None):
        self.status_code = status_code
        self.body = body
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        detail = body if isinstance(body, dict) else {}
        nested: dict[str, Any] = detail["error"] if isinstance(detail.get("error"), dict) else {}
        self.code: str | None = detail.get("code") or nested.get("code")
        self.message: str = str(detail.get("detail") or detail.get("message") or nested.get("message") or body)
        self.errors: list[dict[str, str]] = list(detail.get("errors") or [])
        self.request_id: str | None = detail.get("request_id") or self.headers.get("x-request-id")
        code = f" {self.code}" if self.code else ""
        super().__init__(f"{status_code}{code}: {self.message}")

    @property
    def status(self) -> int:
        return self.status_code


class BadRequestError(APIStatusError):
    status_code = 400


class AuthenticationError(APIStatusError):
    status_code = 401


class PermissionDeniedError(APIStatusError):
    status_code = 403


class NotFoundError(APIStatusError):
    status_code = 404


class ConflictError(APIStatusError):
    status_code = 409


class UnprocessableEntityError(APIStatusError):
    status_code = 422


class _RetryAfter(APIStatusError):
    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (``Retry-After`` header, else the body's ``retry_after``)."""
        found = parse_retry_after(self.headers)
        if found is None and isinstance(self.body, dict) and isinstance(self.body.get("retry_after"), int | float):
            return float(self.body["retry_after"])
        return found


class RateLimitError(_RetryAfter):
    """Too many requests right now; ``retry_after`` says when to come back."""

    status_code = 429


class QuotaExceededError(_RetryAfter):
    """A daily quota or a budget is used up. Not retried: it resets on the quota's own schedule."""

    status_code = 429


class InternalServerError(APIStatusError):
    status_code = 500


class JobFailedError(ImagegateError):
    """The job ended ``failed`` or ``canceled``; ``job`` has its ``error``."""

    def __init__(self, job: Job):
        self.job = job
        error = job.error
        detail = f"{error.code}: {error.message}" if error else "no error given"
        super().__init__(f"job {job.id} {job.status}: {detail}")

    @property
    def code(self) -> str | None:
        return self.job.error.code if self.job.error else None


class WebhookVerificationError(ImagegateError):
    """Raised by ``verify_webhook`` for anything short of a valid, fresh, correctly signed delivery."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for(status_code: int, body: Any, headers: Mapping[str, str]) -> APIStatusError:
    """The typed error for an error answer."""
    code = body.get("code") if isinstance(body, dict) else None
    if status_code in (402, 429) and code in PERMANENT_CODES:
        return QuotaExceededError(status_code, body, headers)
    cls = _BY_STATUS.get(status_code) or (InternalServerError if status_code >= 500 else APIStatusError)
    return cls(status_code, body, headers)

"""Errors the SDK raises, one class per HTTP status family, each carrying the server's ``code``.

* ImagegateError
  + APIConnectionError            the server could not be reached
    - APITimeoutError             no answer in time
  + APIStatusError                the server answered with an error status
    - BadRequestError        400
    - AuthenticationError    401
    - PermissionDeniedError  403
    - NotFoundError          404
    - ConflictError          409
    - UnprocessableEntityError 422
    - RateLimitError         429  (``retry_after`` seconds)
    - InternalServerError    5xx
  + JobFailedError                a job ended failed or canceled while waiting for it
"""

from __future__ import annotations

from typing import Any


class ImagegateError(Exception):
    """Base of every SDK error."""


class APIConnectionError(ImagegateError):
    pass


class APITimeoutError(APIConnectionError):
    pass


class APIStatusError(ImagegateError):
    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None):
        self.status = status
        self.body = body
        self.headers = headers or {}
        detail = body if isinstance(body, dict) else {}
        self.code: str | None = detail.get("code")
        self.message: str = str(detail.get("detail") or detail.get("message") or body)
        self.errors: list[dict[str, str]] = list(detail.get("errors") or [])
        super().__init__(f"{status} {self.code or ''}: {self.message}".replace("  ", " "))


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    @property
    def retry_after(self) -> float | None:
        value = self.headers.get("retry-after")
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None


class InternalServerError(APIStatusError):
    pass


class JobFailedError(ImagegateError):
    def __init__(self, job: dict[str, Any]):
        self.job = job
        error = job.get("error") or {}
        super().__init__(f"job {job.get('id')} {job.get('status')}: {error.get('code')}: {error.get('message')}")


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for(status: int, body: Any, headers: dict[str, str]) -> APIStatusError:
    cls = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    return cls(status, body, headers)

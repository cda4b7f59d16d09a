"""The one exception tree of imagegate.

Every error a user can cause or see is an ``ImagegateError`` with a stable machine-readable ``code``
and an HTTP ``status``. Handlers raise these; each API dialect renders them in its own wire shape
(RFC 9457 problem details in the native API). Lower layers' exceptions (SQLAlchemy, diffusers, httpx)
are translated at the boundary where they occur, never leaked to clients.

* ImagegateError
  + ConfigError                    start-up refused: bad settings or catalog (not an HTTP error)
  + RequestError (4xx)
    - InvalidRequest        422    a field has a bad value; ``errors`` names the fields
      · MalformedBody       400    the body is not JSON / not parseable
      · UnknownModel        404→422 the model id is not in the catalog
      · TaskNotSupported    422    the model cannot do the requested task
      · IdempotencyMismatch 422    an Idempotency-Key was reused with a different body
    - AuthenticationError   401    missing, malformed, unknown or revoked key
    - PermissionDenied      403    the key lacks a scope
    - NotFound              404    no such resource *for this key*
      · BlobMissing         404    the image is on record but its bytes are gone from the image store
    - MethodNotAllowed      405    the path exists, the method does not (``Allow`` lists those that do)
    - Conflict              409    the resource is in a state that forbids the action
    - PayloadTooLarge       413    the request body is over the size limit
    - RateLimited           429    try again after ``retry_after`` seconds
      · QuotaExceeded       429    the key's daily image quota is used up (until the next day)
      · ProviderRateLimited 429    a hosted provider said so (its Retry-After is kept)
    - BudgetExceeded        402    the job's estimated cost does not fit the key's budget
    - ContentRejected       400    a moderation rule refused the prompt; names the rule
    - ContentModerated      422    a provider's moderation refused the prompt or input (its reason is kept)
    - ProviderRejected      422    a provider refused the request as invalid (its message is kept)
  + ServerError (5xx)
    - EngineError           500    the model failed while generating
    - Unavailable           503    not ready (start-up, shutting down)
      · StorageError        503    the image store failed a read or write (a job that hits it fails)
      · RouteExhausted      503    every target of a route failed or is cooling down
    - WaitTimeout           504    a synchronous dialect gave up waiting for its job
    - ProviderError         502    a hosted provider failed or answered something unusable
      · ProviderAuthError   502    it refused our credentials (operator-facing; never shows them)
      · ProviderTimeout     504    it did not answer in time
  + JobInterrupted                 internal: a running job was canceled or timed out

Provider errors are raised by remote engines (``engines/remote``); messages built from a provider's
answer are redacted of the credential before they are raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One invalid input: ``field`` is a dotted path such as ``width`` or ``loras.0.weight``."""

    field: str
    message: str


class ImagegateError(Exception):
    status: int = 500
    code: str = "internal_error"
    title: str = "Internal error"
    # What an engine tried before failing (a route's targets), kept in the failed job's info.
    attempts: list[dict[str, Any]] | None = None

    def __init__(self, message: str, *, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.headers = headers or {}

    def extra(self) -> dict[str, Any]:
        """Fields added to the rendered error beyond code and message."""
        return {}


class ConfigError(ImagegateError):
    code = "config_error"
    title = "Invalid configuration"


class RequestError(ImagegateError):
    status = 400
    code = "bad_request"
    title = "Bad request"


class InvalidRequest(RequestError):
    status = 422
    code = "invalid_request"
    title = "Invalid request"

    def __init__(self, message: str, *, errors: list[FieldError] | None = None, code: str | None = None):
        super().__init__(message, code=code)
        self.errors = errors or []

    @classmethod
    def for_field(cls, field_name: str, message: str, *, code: str | None = None) -> InvalidRequest:
        return cls(f"{field_name}: {message}", errors=[FieldError(field_name, message)], code=code)

    @property
    def param(self) -> str | None:
        return self.errors[0].field if self.errors else None

    def extra(self) -> dict[str, Any]:
        return {"errors": [{"field": e.field, "message": e.message} for e in self.errors]}


class MalformedBody(InvalidRequest):
    status = 400
    code = "malformed_body"
    title = "Malformed request body"


class UnknownModel(InvalidRequest):
    code = "unknown_model"
    title = "Unknown model"


class TaskNotSupported(InvalidRequest):
    code = "task_not_supported"
    title = "Task not supported by this model"


class IdempotencyMismatch(InvalidRequest):
    code = "idempotency_key_reused"
    title = "Idempotency key reused with a different request"


class AuthenticationError(RequestError):
    status = 401
    code = "unauthenticated"
    title = "Authentication required"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message, code=code, headers={"WWW-Authenticate": 'Bearer realm="imagegate"'})


class PermissionDenied(RequestError):
    status = 403
    code = "permission_denied"
    title = "Permission denied"


class NotFound(RequestError):
    status = 404
    code = "not_found"
    title = "Not found"


class BlobMissing(NotFound):
    """The record of an image exists, its bytes do not (deleted from the store behind our back, or
    written by a server whose storage this one does not share). Never a 500."""

    code = "image_missing"
    title = "Image bytes not in storage"


class MethodNotAllowed(RequestError):
    status = 405
    code = "method_not_allowed"
    title = "Method not allowed"


class Conflict(RequestError):
    status = 409
    code = "conflict"
    title = "Conflict"


class PayloadTooLarge(RequestError):
    status = 413
    code = "payload_too_large"
    title = "Request body too large"


class RateLimited(RequestError):
    status = 429
    code = "rate_limited"
    title = "Too many requests"

    def __init__(
        self,
        message: str,
        *,
        retry_after: float,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        merged = {"Retry-After": str(max(1, round(retry_after + 0.499)))} | (headers or {})
        super().__init__(message, code=code, headers=merged)
        self.retry_after = retry_after

    def extra(self) -> dict[str, Any]:
        return {"retry_after": self.retry_after}


class QuotaExceeded(RateLimited):
    code = "quota_exceeded"
    title = "Daily quota exceeded"


class BudgetExceeded(RequestError):
    status = 402
    code = "budget_exceeded"
    title = "Budget exceeded"

    def __init__(self, message: str, *, period: str, budget: float, committed: float, estimate: float):
        super().__init__(message)
        self.period, self.budget, self.committed, self.estimate = period, budget, committed, estimate

    def extra(self) -> dict[str, Any]:
        return {"period": self.period, "budget": self.budget, "committed": self.committed, "estimate": self.estimate}


class ContentRejected(RequestError):
    status = 400
    code = "content_policy_violation"
    title = "Refused by the content policy"

    def __init__(self, message: str, *, field: str, rule: str, category: str):
        super().__init__(message)
        self.field, self.rule, self.category = field, rule, category

    def extra(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "errors": [{"field": self.field, "message": self.message}],
        }


class ServerError(ImagegateError):
    status = 500


class EngineError(ServerError):
    code = "engine_error"
    title = "Generation failed"


class Unavailable(ServerError):
    status = 503
    code = "unavailable"
    title = "Service unavailable"


class StorageError(Unavailable):
    """The image store (local folder or S3) could not read or write; the message names the store."""

    code = "storage_error"
    title = "Image storage failed"


class WaitTimeout(ServerError):
    status = 504
    code = "job_timeout"
    title = "Timed out waiting for the job"


class JobInterrupted(ImagegateError):
    """Raised inside a running job to stop it at the next denoising step."""

    def __init__(self, reason: str, message: str | None = None):
        # reason is "canceled" or "timeout"; it doubles as the job's error code.
        super().__init__(message or f"job {reason}", code=reason)
        self.reason = reason


# -- hosted providers ---------------------------------------------------------------------------


class ProviderRateLimited(RateLimited):
    code = "provider_rate_limited"
    title = "Provider rate limit"

    def __init__(self, message: str, *, provider: str, retry_after: float, code: str | None = None):
        super().__init__(message, retry_after=retry_after, code=code)
        self.provider = provider

    def extra(self) -> dict[str, Any]:
        return {**super().extra(), "provider": self.provider}


class ContentModerated(RequestError):
    status = 422
    code = "content_moderated"
    title = "Refused by content moderation"

    def __init__(
        self, message: str, *, provider: str | None = None, reason: str | None = None, code: str | None = None
    ):
        super().__init__(message, code=code)
        self.provider = provider
        self.reason = reason

    def extra(self) -> dict[str, Any]:
        return {"provider": self.provider, "reason": self.reason}


class ProviderRejected(InvalidRequest):
    code = "provider_rejected_request"
    title = "The provider refused the request"

    def __init__(self, message: str, *, provider: str, errors: list[FieldError] | None = None, code: str | None = None):
        super().__init__(message, errors=errors, code=code)
        self.provider = provider

    def extra(self) -> dict[str, Any]:
        return {**super().extra(), "provider": self.provider}


class ProviderError(ServerError):
    status = 502
    code = "provider_error"
    title = "The upstream provider failed"

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        upstream_status: int | None = None,
        retry_after: float | None = None,
        code: str | None = None,
    ):
        headers = {"Retry-After": str(max(1, round(retry_after + 0.499)))} if retry_after else None
        super().__init__(message, code=code, headers=headers)
        self.provider = provider
        self.upstream_status = upstream_status
        self.retry_after = retry_after

    def extra(self) -> dict[str, Any]:
        out: dict[str, Any] = {"provider": self.provider, "upstream_status": self.upstream_status}
        if self.retry_after:
            out["retry_after"] = self.retry_after
        return out


class ProviderAuthError(ProviderError):
    code = "provider_auth_failed"
    title = "The upstream provider refused our credentials"


class ProviderTimeout(ProviderError):
    status = 504
    code = "provider_timeout"
    title = "The upstream provider did not answer in time"


class RouteExhausted(Unavailable):
    code = "route_exhausted"
    title = "No target of the route could serve the request"

    def __init__(self, message: str, *, retry_after: float | None = None):
        headers = {"Retry-After": str(max(1, round(retry_after + 0.499)))} if retry_after else None
        super().__init__(message, headers=headers)
        self.retry_after = retry_after

    def extra(self) -> dict[str, Any]:
        return {"retry_after": self.retry_after} if self.retry_after else {}


def falls_back(exc: BaseException) -> bool:
    """Whether another target may succeed where this failure happened: provider outages, rate
    limits, timeouts and local engine failures — never the user's own mistakes or moderation."""
    return isinstance(exc, RateLimited | ProviderError | EngineError | Unavailable)

"""Turning a provider's HTTP answer into our exception tree.

The classification is shared; each provider only says how its error bodies read and which of them
are moderation. Rules (docs/providers.md has the table):

* moderation (the provider's own verdict)        → ContentModerated 422, the provider's reason kept
* 401 / 403                                      → ProviderAuthError 502, operator-facing, no credential
* 402 (credits exhausted)                        → ProviderError 502 ``provider_payment_required``
* 429                                            → ProviderRateLimited 429 with the provider's Retry-After
* 408                                            → ProviderTimeout 504
* 400 / 409 / 413 / 422                          → ProviderRejected 422 (the request itself is wrong)
* 404 and everything else, 5xx included          → ProviderError 502 (another target may do better)
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from imagegate.client import parse_retry_after
from imagegate.errors import (
    ContentModerated,
    ImagegateError,
    ProviderAuthError,
    ProviderError,
    ProviderRateLimited,
    ProviderRejected,
    ProviderTimeout,
)

DEFAULT_RETRY_AFTER_S = 10.0
MAX_MESSAGE_CHARS = 500
_MASKED = re.compile(r"\S*\*{3,}\S*")  # how providers echo a key back: "sk-ab***yz"


class Redactor:
    """Removes a credential from text: the whole secret, any long piece of it, and masked echoes."""

    def __init__(self, secret: str | None):
        self._secret = secret or ""

    def __call__(self, text: str) -> str:
        secret = self._secret
        if secret:
            text = text.replace(secret, "[redacted]")
            # A provider that echoes "Incorrect API key provided: sk-abc123…" leaks a prefix; drop any
            # token that is a sizeable piece of the secret.
            text = re.sub(
                r"[A-Za-z0-9_\-.:]{6,}",
                lambda m: "[redacted]" if m.group(0) in secret else m.group(0),
                text,
            )
        return _MASKED.sub("[redacted]", text)


def retry_after_of(response: httpx.Response, body: Any = None) -> float | None:
    """Seconds to wait, from the headers (the SDK's reading, ``parse_retry_after``) or, failing
    them, a body field."""
    seconds = parse_retry_after(response.headers)
    if seconds is not None:
        return seconds
    if isinstance(body, dict) and isinstance(body.get("retry_after"), int | float):
        return float(body["retry_after"])
    return None


def json_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def clip(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def classify(
    provider: str,
    status: int,
    message: str,
    *,
    credential_env: str | None,
    retry_after: float | None = None,
    moderation: bool = False,
    code: str | None = None,
) -> ImagegateError:
    """The error for an HTTP failure ``status`` whose (already redacted) provider message is ``message``."""
    message = clip(message) or f"HTTP {status}"
    if moderation:
        return ContentModerated(
            f"{provider} moderation refused the request: {message}", provider=provider, reason=message
        )
    if status in (401, 403):
        where = f"environment variable {credential_env}" if credential_env else "the configured credential"
        return ProviderAuthError(
            f"{provider} refused the credentials from {where} (HTTP {status}: {message}); "
            "the server operator must check that key",
            provider=provider,
            upstream_status=status,
        )
    if status == 402:
        return ProviderError(
            f"{provider} refused for lack of credits (HTTP 402: {message}); the operator must top up the account",
            provider=provider,
            upstream_status=status,
            code="provider_payment_required",
        )
    if status == 429:
        wait = retry_after if retry_after is not None else DEFAULT_RETRY_AFTER_S
        return ProviderRateLimited(f"{provider} is rate limiting us: {message}", provider=provider, retry_after=wait)
    if status == 408:
        return ProviderTimeout(f"{provider} timed out: {message}", provider=provider, upstream_status=status)
    if status in (400, 409, 413, 422):
        return ProviderRejected(f"{provider} refused the request: {message}", provider=provider, code=code)
    if status >= 500:
        return ProviderError(
            f"{provider} failed (HTTP {status}): {message}",
            provider=provider,
            upstream_status=status,
            retry_after=retry_after,
            code="provider_unavailable",
        )
    return ProviderError(f"{provider} answered HTTP {status}: {message}", provider=provider, upstream_status=status)

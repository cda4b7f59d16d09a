"""The retry policy, as pure functions: which answers to retry and how long to wait.

Retried: connection errors and timeouts, 408, 409, 429 and 5xx — unless the server says
``X-Should-Retry: false`` (it may also force a retry with ``true``), and never a quota or budget
refusal, which no amount of waiting within a request fixes. The wait is exponential backoff with
full jitter (uniformly random between 0 and ``initial · 2^attempt``, capped), so many clients that
failed together do not come back together; a ``Retry-After`` (seconds, HTTP date, or
``retry-after-ms``) from the server replaces it. A server-directed wait longer than
``max_retry_after`` is not waited out: the error is raised with its ``retry_after`` for the caller.

Every POST carries an ``Idempotency-Key`` that stays the same across its retries, so retrying a
request whose answer was lost never creates a second job.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

RETRYABLE_STATUS = frozenset({408, 409, 429})
# Refusals that waiting a few seconds cannot fix (issue 5's quota and budget codes).
PERMANENT_CODES = frozenset({"quota_exceeded", "daily_quota_exceeded", "budget_exceeded", "insufficient_quota"})


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 120.0


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds a server asks to wait, from ``retry-after-ms`` (OpenAI's) or ``Retry-After`` —
    delay-seconds or an HTTP date (RFC 9110) — never negative; None when absent or unreadable.
    The one reading of these headers in imagegate: the server uses it too (hosted providers,
    webhook endpoints)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    millis = _seconds(lowered.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    value = lowered.get("retry-after")
    if value is None:
        return None
    seconds = _seconds(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _seconds(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return max(0.0, value) if math.isfinite(value) else None


def is_retryable(status: int, headers: Mapping[str, str], code: str | None = None) -> bool:
    """Whether an error answer is worth another try."""
    should = {k.lower(): v for k, v in headers.items()}.get("x-should-retry")
    if should == "true":
        return True
    if should == "false" or (code is not None and code in PERMANENT_CODES):
        return False
    return status in RETRYABLE_STATUS or status >= 500


def backoff(attempt: int, policy: RetryPolicy, rand: Callable[[], float] = random.random) -> float:
    """Full jitter: uniform in [0, min(max_delay, initial · 2^attempt)] for the ``attempt``-th retry (from 0)."""
    return rand() * min(policy.max_delay, policy.initial_delay * 2**attempt)


def retry_delay(
    attempt: int,
    policy: RetryPolicy,
    *,
    retry_after: float | None = None,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """How long to wait before the next try, or None to give up now.

    ``attempt`` counts the retries already made. A ``retry_after`` from the server is honoured in
    full, plus up to 10 % (at most 1 s) of jitter so that clients told the same second spread out."""
    if attempt >= policy.max_retries:
        return None
    if retry_after is not None:
        if retry_after > policy.max_retry_after:
            return None
        return retry_after + rand() * min(1.0, 0.1 * retry_after)
    return backoff(attempt, policy, rand)

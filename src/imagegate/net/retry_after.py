"""How long a server asks us to wait before trying again: the one reading of ``Retry-After`` for
every outbound call of the server (hosted providers, webhook endpoints)."""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Mapping


def retry_after_s(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds from ``retry-after-ms`` (OpenAI's) or ``Retry-After`` — delay-seconds or an HTTP
    date (RFC 9110) — never negative; None when absent or unreadable. ``headers`` is looked up
    case-insensitively when it is httpx's ``Headers``; plain dicts should use lower-case names."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        seconds = _number(millis)
        if seconds is not None:
            return seconds / 1000
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _number(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return max(0.0, value) if math.isfinite(value) else None

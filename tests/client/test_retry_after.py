"""The one reading of Retry-After: the SDK's, which the server uses too (providers, webhook endpoints)."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from imagegate.client import parse_retry_after

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after": " 2.5 "}, 2.5),
        ({"Retry-After": "-3"}, 0.0),
        ({"Retry-After": email.utils.formatdate(NOW + 90, usegmt=True)}, 90.0),
        ({"Retry-After": email.utils.formatdate(NOW - 90, usegmt=True)}, 0.0),  # a date past: now
        ({"retry-after-ms": "1500", "Retry-After": "9"}, 1.5),  # the precise one first
        ({"retry-after-ms": "soon", "Retry-After": "9"}, 9.0),
        ({"Retry-After": "tomorrow-ish"}, None),
        ({"Retry-After": "inf"}, None),
        ({}, None),
    ],
)
def test_retry_after(headers: dict[str, str], seconds: float | None) -> None:
    got = parse_retry_after(httpx.Headers(headers), now=NOW)
    assert got == (pytest.approx(seconds, abs=1) if seconds else seconds)

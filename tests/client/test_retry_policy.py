"""The SDK's retry policy and SSE decoding: pure functions, checked directly."""

from __future__ import annotations

import email.utils

import pytest

from imagegate.client._retry import RetryPolicy, backoff, is_retryable, parse_retry_after, retry_delay
from imagegate.client._sse import SSEDecoder
from imagegate.client.errors import (
    ConflictError,
    InternalServerError,
    NotFoundError,
    QuotaExceededError,
    RateLimitError,
    error_for,
)

POLICY = RetryPolicy(max_retries=3, initial_delay=0.5, max_delay=8.0, max_retry_after=120)


@pytest.mark.parametrize(
    ("status", "headers", "code", "expected"),
    [
        (408, {}, None, True),
        (409, {}, None, True),
        (429, {}, "rate_limited", True),
        (500, {}, None, True),
        (503, {}, None, True),
        (400, {}, None, False),
        (401, {}, None, False),
        (404, {}, None, False),
        (422, {}, None, False),
        (409, {"X-Should-Retry": "false"}, "job_not_cancelable", False),
        (400, {"x-should-retry": "true"}, None, True),
        (429, {}, "quota_exceeded", False),
        (429, {}, "budget_exceeded", False),
    ],
)
def test_which_answers_are_retried(status: int, headers: dict[str, str], code: str | None, expected: bool) -> None:
    assert is_retryable(status, headers, code) is expected


def test_backoff_is_full_jitter_within_an_exponential_cap() -> None:
    assert backoff(0, POLICY, lambda: 1.0) == 0.5
    assert backoff(3, POLICY, lambda: 1.0) == 4.0
    assert backoff(10, POLICY, lambda: 1.0) == 8.0  # capped
    assert backoff(3, POLICY, lambda: 0.0) == 0.0  # full jitter reaches down to zero
    assert backoff(2, POLICY, lambda: 0.5) == 1.0


def test_retry_after_is_honoured_in_full_with_a_little_jitter_on_top() -> None:
    assert retry_delay(0, POLICY, retry_after=5, rand=lambda: 0.0) == 5.0
    assert retry_delay(0, POLICY, retry_after=5, rand=lambda: 1.0) == 5.5
    assert retry_delay(0, POLICY, retry_after=30, rand=lambda: 1.0) == 31.0  # jitter at most 1 s
    assert retry_delay(0, POLICY, retry_after=121) is None  # too long to wait inside a call
    assert retry_delay(3, POLICY, retry_after=1) is None  # retries used up
    assert retry_delay(2, POLICY, rand=lambda: 1.0) == 2.0


def test_parse_retry_after_in_all_its_forms() -> None:
    assert parse_retry_after({"Retry-After": "7"}) == 7.0
    assert parse_retry_after({"retry-after": "1.5"}) == 1.5
    assert parse_retry_after({"retry-after-ms": "250", "Retry-After": "9"}) == 0.25
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert parse_retry_after({"Retry-After": date}, now=1_000_000) == 30.0
    assert parse_retry_after({"Retry-After": "soon"}) is None
    assert parse_retry_after({}) is None


def test_errors_are_typed_by_status_and_code() -> None:
    body = {"code": "rate_limited", "detail": "slow down", "retry_after": 3}
    error = error_for(429, body, {"Retry-After": "4"})
    assert isinstance(error, RateLimitError) and error.retry_after == 4.0 and error.code == "rate_limited"
    quota = error_for(429, {"code": "quota_exceeded", "detail": "100 images/day"}, {})
    assert isinstance(quota, QuotaExceededError) and not isinstance(quota, RateLimitError)
    assert isinstance(error_for(404, {"code": "job_not_found", "detail": "no job"}, {}), NotFoundError)
    assert isinstance(error_for(409, {}, {}), ConflictError)
    assert isinstance(error_for(502, "Bad Gateway", {}), InternalServerError)
    invalid = error_for(
        422, {"code": "invalid_request", "detail": "width: too big", "errors": [{"field": "width"}]}, {}
    )
    assert invalid.errors == [{"field": "width"}] and str(invalid) == "422 invalid_request: width: too big"


def test_sse_decoder_follows_the_event_stream_format() -> None:
    decoder = SSEDecoder()
    lines = ["retry: 1000", "", ": keep-alive", "", "id: 3", "event: progress", 'data: {"a":', "data: 1}", "", ""]
    events = [e for e in (decoder.decode(line) for line in lines) if e is not None]
    assert len(events) == 1
    assert (events[0].id, events[0].event, events[0].data) == ("3", "progress", '{"a":\n1}')
    assert decoder.last_event_id == "3"

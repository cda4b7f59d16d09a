"""What both clients share: options, request building, and the request flow with its retries."""

from __future__ import annotations

import logging
import platform
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from imagegate import __version__
from imagegate.client._flow import Flow, Read, Send, Sleep
from imagegate.client._retry import RetryPolicy, is_retryable, parse_retry_after, retry_delay
from imagegate.client.errors import APIConnectionError, APIStatusError, APITimeoutError, error_for

log = logging.getLogger("imagegate.client")

DEFAULT_TIMEOUT = 60.0
USER_AGENT = f"imagegate-python/{__version__} python/{platform.python_version()}"


@dataclass(frozen=True)
class Options:
    base_url: str
    api_key: str | None
    timeout: float = DEFAULT_TIMEOUT
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    default_headers: Mapping[str, str] = field(default_factory=dict)


class Api:
    """Handed to every flow: builds requests and runs them with the retry policy."""

    def __init__(self, options: Options, *, rand: Any = None):
        self.options = options
        self.rand = rand or random.random

    def with_options(self, **changes: Any) -> Api:
        return Api(replace(self.options, **changes), rand=self.rand)

    def headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **self.options.default_headers}
        if self.options.api_key:
            headers["Authorization"] = f"Bearer {self.options.api_key}"
        headers.update(extra or {})
        return headers

    def build_request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> httpx.Request:
        url = path if path.startswith(("http://", "https://")) else self.options.base_url + path
        query = {k: v for k, v in (params or {}).items() if v is not None}
        seconds = self.options.timeout if timeout is None else timeout
        return httpx.Request(
            method,
            url,
            params=query or None,
            json=json,
            headers=self.headers(headers),
            extensions={"timeout": httpx.Timeout(seconds, connect=min(seconds, 10.0)).as_dict()},
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        stream: bool = False,
    ) -> Flow[httpx.Response]:
        """Send with retries; returns the successful response (unread with ``stream``) or raises
        the typed error of the last answer. Every POST gets an ``Idempotency-Key`` (the caller's,
        or a new one) that its retries repeat."""
        extra = dict(headers or {})
        if method.upper() == "POST" and not any(k.lower() == "idempotency-key" for k in extra):
            extra["Idempotency-Key"] = f"ig-sdk-{uuid.uuid4()}"
        policy = self.options.retry
        attempt = 0
        while True:
            request = self.build_request(method, path, params=params, json=json, headers=extra, timeout=timeout)
            try:
                response: httpx.Response = yield Send(request, stream=stream)
            except httpx.TransportError as exc:
                error: Exception = _connection_error(exc, request)
                delay = retry_delay(attempt, policy, rand=self.rand)
                cause: BaseException | None = exc
            else:
                if response.is_success:
                    return response
                if stream:
                    yield Read(response)
                error = _status_error(response)
                retryable = is_retryable(response.status_code, response.headers, getattr(error, "code", None))
                delay = None
                if retryable:
                    delay = retry_delay(
                        attempt, policy, retry_after=parse_retry_after(response.headers), rand=self.rand
                    )
                cause = None
            if delay is None:
                raise error from cause
            log.info("%s %s failed (%s); retry %d in %.2f s", method, request.url.path, error, attempt + 1, delay)
            yield Sleep(delay)
            attempt += 1

    def json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Flow[Any]:
        response = yield from self.request(method, path, params=params, json=json, headers=headers, timeout=timeout)
        return response.json()


def _status_error(response: httpx.Response) -> APIStatusError:
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    return error_for(response.status_code, body, response.headers)


def _connection_error(exc: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    where = f"{request.method} {request.url.copy_with(query=None)}"
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"{where}: timed out", method=request.method, url=str(request.url))
    detail = str(exc) or type(exc).__name__
    return APIConnectionError(f"{where}: {detail}", method=request.method, url=str(request.url))

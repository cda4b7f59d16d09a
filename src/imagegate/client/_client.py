"""``Client`` and ``AsyncClient``: the same resources over blocking or async HTTP.

    from imagegate.client import Client

    with Client(base_url="http://127.0.0.1:8000", api_key="ig_…") as client:
        result = client.images.generate(prompt="a red circle on a blue background", seed=1)
        result.save("circle.png")

Both read ``IMAGEGATE_URL`` / ``IMAGEGATE_API_KEY`` and then ``~/.config/imagegate/client.toml``
when no argument is given (see ``_config``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from imagegate.client._config import resolve
from imagegate.client._core import DEFAULT_TIMEOUT, Api, Options
from imagegate.client._retry import RetryPolicy
from imagegate.client.resources import (
    AsyncImages,
    AsyncJobs,
    AsyncKeys,
    AsyncModels,
    AsyncUsageResource,
    Images,
    Jobs,
    Keys,
    Models,
    UsageResource,
)


def _options(
    base_url: str | None,
    api_key: str | None,
    profile: str | None,
    timeout: float,
    max_retries: int,
    default_headers: Mapping[str, str] | None,
) -> Options:
    where = resolve(base_url=base_url, api_key=api_key, profile=profile)
    if max_retries < 0:
        raise ValueError("max_retries must be 0 or more")
    return Options(
        base_url=where.base_url,
        api_key=where.api_key,
        timeout=timeout,
        retry=RetryPolicy(max_retries=max_retries),
        default_headers=dict(default_headers or {}),
    )


class Client:
    """A blocking client of one imagegate server.

    Args:
        base_url: The server, e.g. ``http://127.0.0.1:8000``.
        api_key: An ``ig_…`` key.
        profile: A profile of the client config file.
        timeout: Seconds per HTTP request (waiting for a job has its own ``timeout``).
        max_retries: Retries of a failed request (connection errors, 408/409/429/5xx).
        default_headers: Sent with every request.
        http_client: Your own ``httpx.Client`` (proxies, certificates, transports).
    """

    jobs: Jobs
    images: Images
    models: Models
    usage: UsageResource
    keys: Keys

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        profile: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ):
        options = _options(base_url, api_key, profile, timeout, max_retries, default_headers)
        self._setup(Api(options), http_client or httpx.Client(), owns_http=http_client is None)

    def _setup(self, api: Api, http: httpx.Client, *, owns_http: bool) -> None:
        self._api, self._http, self._owns_http = api, http, owns_http
        self.jobs, self.images, self.models = Jobs(self), Images(self), Models(self)
        self.usage, self.keys = UsageResource(self), Keys(self)

    @property
    def base_url(self) -> str:
        """The server this client talks to."""
        return self._api.options.base_url

    def with_options(self, *, timeout: float | None = None, max_retries: int | None = None) -> Client:
        """A client sharing this one's connections, with other per-request settings."""
        copy = object.__new__(Client)
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = timeout
        if max_retries is not None:
            changes["retry"] = RetryPolicy(max_retries=max_retries)
        copy._setup(self._api.with_options(**changes), self._http, owns_http=False)
        return copy

    def close(self) -> None:
        """Close the connections (only those of an HTTP client this client created)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient:
    """An asyncio client of one imagegate server; the same arguments and resources as ``Client``,
    with every method awaitable and ``jobs.stream`` an async iterator."""

    jobs: AsyncJobs
    images: AsyncImages
    models: AsyncModels
    usage: AsyncUsageResource
    keys: AsyncKeys

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        profile: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ):
        options = _options(base_url, api_key, profile, timeout, max_retries, default_headers)
        self._setup(Api(options), http_client or httpx.AsyncClient(), owns_http=http_client is None)

    def _setup(self, api: Api, http: httpx.AsyncClient, *, owns_http: bool) -> None:
        self._api, self._http, self._owns_http = api, http, owns_http
        self.jobs, self.images, self.models = AsyncJobs(self), AsyncImages(self), AsyncModels(self)
        self.usage, self.keys = AsyncUsageResource(self), AsyncKeys(self)

    @property
    def base_url(self) -> str:
        """The server this client talks to."""
        return self._api.options.base_url

    def with_options(self, *, timeout: float | None = None, max_retries: int | None = None) -> AsyncClient:
        """A client sharing this one's connections, with other per-request settings."""
        copy = object.__new__(AsyncClient)
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = timeout
        if max_retries is not None:
            changes["retry"] = RetryPolicy(max_retries=max_retries)
        copy._setup(self._api.with_options(**changes), self._http, owns_http=False)
        return copy

    async def aclose(self) -> None:
        """Close the connections (only those of an HTTP client this client created)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

"""One job's conversation with a provider: authenticated, interruptible and redacted.

Every request a provider engine makes goes through ``ProviderCall.send``: it adds the engine's auth
headers (only for the configured origin), races the job's cancel and timeout, maps transport
failures and HTTP errors onto our exception tree with the credential redacted, and downloads
results without credentials through the SSRF guard.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import httpx

from imagegate.domain.jobs import GeneratedImage
from imagegate.domain.models import ModelSpec, ProviderConfig
from imagegate.engines.base import RunContext
from imagegate.engines.remote import images as imgs
from imagegate.engines.remote.errors import Redactor, classify, clip, json_body, retry_after_of
from imagegate.errors import ImagegateError, ProviderError, ProviderTimeout

if TYPE_CHECKING:
    from imagegate.engines.remote.base import RemoteEngine

T = TypeVar("T")
CHECK_EVERY_S = 0.1  # how often a waiting call looks for a cancel or a timeout
MAX_RESULT_BYTES = 64 << 20
CONNECT_TIMEOUT_S = 10.0


@dataclass
class ProviderOutput:
    """What one provider conversation produced."""

    images: list[GeneratedImage]
    info: dict[str, Any] = field(default_factory=dict)
    reported_cost: float | None = None  # in the provider's unit (Price.reported_unit converts)


class ProviderCall:
    """One job's conversation with a provider: authenticated, interruptible and redacted."""

    def __init__(self, engine: RemoteEngine, spec: ModelSpec, ctx: RunContext, secret: str | None):
        self.engine = engine
        self.spec = spec
        self.ctx = ctx
        self.config: ProviderConfig = spec.provider or ProviderConfig()
        self.base_url = (self.config.base_url or engine.default_base_url).rstrip("/")
        self.secret = secret
        self.redact = Redactor(secret)
        self.warnings: list[str] = []
        self.request_ids: list[str] = []
        self.provider = engine.name

    @property
    def poll_interval(self) -> float:
        return self.config.poll_interval_s or self.engine.default_poll_s

    @property
    def options(self) -> dict[str, Any]:
        return dict(self.config.options)

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}/{path.lstrip('/')}"

    def trusted(self, url: str) -> bool:
        """Whether a URL the provider handed back (a polling URL) may receive our credentials:
        the configured origin, or a sibling host of the same domain (regional API hosts)."""
        base, other = urlsplit(self.base_url), urlsplit(url)
        if other.scheme not in ("http", "https"):
            return False
        if (base.hostname, base.port, base.scheme) == (other.hostname, other.port, other.scheme):
            return True
        if other.scheme != "https" or not base.hostname or not other.hostname:
            return False
        domain = ".".join(base.hostname.split(".")[-2:])
        return "." in domain and not domain.replace(".", "").isdigit() and other.hostname.endswith("." + domain)

    async def send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: dict[str, Any] | None = None,
        files: Any = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        ok: Sequence[int] = (),
    ) -> httpx.Response:
        """An authenticated request; raises the mapped error on any 4xx/5xx not listed in ``ok``."""
        url = self.url(path)
        if not self.trusted(url):
            raise ProviderError(
                f"{self.provider} pointed us at {urlsplit(url).hostname}, outside its configured base URL; "
                "refusing to send it our credentials",
                provider=self.provider,
                code="provider_bad_response",
            )
        merged = {**self.engine.auth_headers(self.secret), **(headers or {})}
        client = self.engine.client
        request = client.build_request(
            method,
            url,
            json=json,
            data=data,
            files=files,
            headers=merged,
            params=params,
            timeout=httpx.Timeout(self.config.timeout_s, connect=min(CONNECT_TIMEOUT_S, self.config.timeout_s)),
        )
        try:
            response = await self.interruptible(client.send(request))
        except httpx.TimeoutException:
            raise ProviderTimeout(
                f"{self.provider} did not answer within {self.config.timeout_s:g} s", provider=self.provider
            ) from None
        except httpx.TransportError as exc:
            raise ProviderError(
                f"cannot reach {self.provider} at {urlsplit(url).netloc}: {self.redact(type(exc).__name__)}",
                provider=self.provider,
                code="provider_unreachable",
            ) from None
        if response.status_code >= 400 and response.status_code not in ok:
            raise self.error(response)
        return response

    def error(self, response: httpx.Response) -> ImagegateError:
        body = json_body(response)
        message, moderation = self.engine.read_error(response, body)
        return classify(
            self.provider,
            response.status_code,
            self.redact(message),
            credential_env=self.config.api_key_env,
            retry_after=retry_after_of(response, body),
            moderation=moderation,
        )

    def fail(self, message: str, *, code: str = "provider_bad_response") -> ProviderError:
        """A provider answer we cannot use (missing fields, unknown states)."""
        return ProviderError(clip(self.redact(message)), provider=self.provider, code=code)

    async def interruptible(self, awaitable: Awaitable[T]) -> T:
        """Await while watching the job: a cancel or timeout stops the wait (and the request) at once."""
        task = asyncio.ensure_future(awaitable)
        try:
            while True:
                done, _ = await asyncio.wait({task}, timeout=CHECK_EVERY_S)
                if done:
                    return task.result()
                self.ctx.check()
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task

    async def sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while True:
            self.ctx.check()
            left = deadline - time.monotonic()
            if left <= 0:
                return
            await asyncio.sleep(min(CHECK_EVERY_S, left))

    async def best_effort(self, action: Callable[[], Awaitable[Any]], *, timeout_s: float = 5.0) -> None:
        """Run a clean-up call (e.g. cancel at the provider) even while the job is being stopped."""
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(action()), timeout_s)

    async def download(self, url: str) -> bytes:
        """A result file: a data: URI, or a URL fetched without our credentials, size-capped and
        refused if it points at a private address other than the provider's own origin."""
        if url.startswith("data:"):
            return imgs.b64decode(url, provider=self.provider)
        client = self.engine.download_client(self.base_url)
        try:

            async def get() -> bytes:
                async with client.stream("GET", url) as response:
                    if response.status_code >= 400:
                        raise self.fail(
                            f"{self.provider} result {urlsplit(url).path} answered HTTP {response.status_code}"
                        )
                    chunks, size = [], 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > MAX_RESULT_BYTES:
                            raise self.fail(f"{self.provider} result is larger than {MAX_RESULT_BYTES} bytes")
                        chunks.append(chunk)
                    return b"".join(chunks)

            return await self.interruptible(asyncio.wait_for(get(), self.config.timeout_s))
        except TimeoutError:
            raise ProviderTimeout(
                f"downloading the {self.provider} result took over {self.config.timeout_s:g} s", provider=self.provider
            ) from None
        except httpx.HTTPError as exc:
            raise ProviderError(
                f"downloading the {self.provider} result from {urlsplit(url).hostname} failed: {type(exc).__name__}",
                provider=self.provider,
                code="provider_unreachable",
            ) from None

    async def image(self, data: bytes) -> Any:
        return await imgs.decode(data, provider=self.provider)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

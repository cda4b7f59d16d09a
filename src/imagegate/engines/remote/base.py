"""What every hosted-provider engine shares: credentials by environment variable, one httpx client
per engine created at start, calls that a cancel or timeout interrupts at once, errors mapped onto
our tree with the credential redacted, parameter checks, result downloads, and pricing.

A provider engine subclasses ``RemoteEngine`` and writes ``run`` (one provider conversation) plus
what it accepts (``model_tasks``, ``accepted``). Everything it sends goes through ``ProviderCall``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

import httpx

from imagegate.config import Settings
from imagegate.domain.jobs import EngineResult, GeneratedImage
from imagegate.domain.models import ModelSpec, ProviderConfig
from imagegate.domain.requests import AnyRequest, DiffusionParams, Task
from imagegate.engines.base import EngineKind, RunContext
from imagegate.engines.remote import images as imgs
from imagegate.engines.remote.errors import Redactor, classify, clip, json_body, retry_after_of
from imagegate.errors import (
    ConfigError,
    ImagegateError,
    InvalidRequest,
    JobInterrupted,
    ProviderAuthError,
    ProviderError,
    ProviderTimeout,
    TaskNotSupported,
)
from imagegate.net.guard import UrlPolicy, guarded_client

T = TypeVar("T")
log = logging.getLogger("imagegate.providers")

# The optional diffusion parameters a provider may or may not take. prompt, width, height and
# num_images are always mapped (sizes per sizes.py; several requests when a provider makes fewer).
OPTIONAL_PARAMS = ("negative_prompt", "seed", "num_inference_steps", "guidance_scale", "scheduler")
# What else provider.inputs may name: image inputs and size inputs of models with their own schema.
IMAGE_INPUTS = ("init_image", "mask_image", "strength", "aspect_ratio", "image_size")
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


class RemoteEngine:
    """Base of every hosted-provider engine. Subclasses set the class attributes and write ``run``."""

    name: ClassVar[str]
    kind: EngineKind = "remote"
    tasks: ClassVar[frozenset[Task]] = frozenset({Task.txt2img})
    default_base_url: ClassVar[str]
    needs_key: ClassVar[bool] = True
    uses_inputs: ClassVar[bool] = False  # provider.inputs maps our parameters to the model's inputs
    max_per_request: ClassVar[int] = 1  # images one provider request can make (overridable per model)

    def __init__(self, settings: Settings | None = None):
        self.settings = settings
        self._client: httpx.AsyncClient | None = None
        self._downloads: dict[str, httpx.AsyncClient] = {}

    # -- life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        self._client = httpx.AsyncClient(follow_redirects=False, headers={"user-agent": "imagegate"})

    async def close(self) -> None:
        clients = [self._client, *self._downloads.values()]
        self._client, self._downloads = None, {}
        for client in clients:
            if client is not None:
                await client.aclose()

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise ProviderError(f"the {self.name} engine is not started", provider=self.name)
        return self._client

    def download_client(self, base_url: str) -> httpx.AsyncClient:
        origin = urlsplit(base_url)
        port = origin.port or (443 if origin.scheme == "https" else 80)
        key = f"{origin.hostname}:{port}"
        if key not in self._downloads:
            # Result URLs are public CDN addresses; the provider's own origin is trusted too (an
            # operator may run an OpenAI-compatible server on the LAN). Nothing else private.
            self._downloads[key] = guarded_client(UrlPolicy.from_entries([key]), timeout=60.0)
        return self._downloads[key]

    # -- catalog time ----------------------------------------------------------------------

    @classmethod
    def model_tasks(cls, spec: ModelSpec) -> frozenset[Task]:
        """Tasks this provider model can do."""
        return frozenset({Task.txt2img})

    default_inputs: ClassVar[dict[str, str]] = {}

    @classmethod
    def inputs(cls, spec: ModelSpec) -> dict[str, str]:
        """Our parameter → the model's input name (engines with ``uses_inputs``); the catalog's
        ``provider.inputs`` replace the engine's defaults."""
        configured = spec.provider.inputs if spec.provider else {}
        return dict(configured or cls.default_inputs)

    @classmethod
    def accepted(cls, spec: ModelSpec) -> set[str]:
        """Which of OPTIONAL_PARAMS this provider model takes."""
        if cls.uses_inputs:
            return {name for name in OPTIONAL_PARAMS if name in cls.inputs(spec)}
        return set()

    @classmethod
    def check_config(cls, spec: ModelSpec, config: ProviderConfig) -> None:
        """Provider-specific catalog checks; raise ValueError with a message naming the field."""

    @classmethod
    def prepare(cls, spec: ModelSpec) -> ModelSpec:
        """Check a catalog entry for this engine and fill in what its model accepts."""
        where = f"model '{spec.id}'"
        config = spec.provider
        if config is None:
            hint = "api_key_env" if cls.needs_key else "base_url"
            raise ConfigError(f"{where}: provider: required for engine '{cls.name}' (at least {hint})")
        if cls.needs_key and not config.api_key_env:
            raise ConfigError(f"{where}: provider.api_key_env: required (the environment variable with the key)")
        if not spec.source:
            raise ConfigError(f"{where}: source: required (the {cls.name} model name)")
        base = config.base_url or getattr(cls, "default_base_url", "")
        if not base or urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).hostname:
            raise ConfigError(f"{where}: provider.base_url: must be an http(s) URL (got {base!r})")
        unknown = [name for name in config.drop if name not in OPTIONAL_PARAMS]
        if unknown:
            raise ConfigError(f"{where}: provider.drop: unknown parameter {unknown[0]!r} (one of {OPTIONAL_PARAMS})")
        if config.inputs and not cls.uses_inputs:
            raise ConfigError(f"{where}: provider.inputs: engine '{cls.name}' has a fixed API; remove it")
        known_inputs = {"prompt", "width", "height", "num_images", *OPTIONAL_PARAMS, *IMAGE_INPUTS}
        odd = [name for name in config.inputs if name not in known_inputs]
        if odd:
            raise ConfigError(f"{where}: provider.inputs: unknown parameter {odd[0]!r} (one of {sorted(known_inputs)})")
        try:
            cls.check_config(spec, config)
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        can = cls.model_tasks(spec)
        missing = [t.value for t in spec.tasks if t not in can]
        if missing:
            raise ConfigError(
                f"{where}: tasks: {cls.name} model '{spec.source}' cannot do {', '.join(missing)} "
                f"(it can: {', '.join(sorted(t.value for t in can)) or 'nothing known'})"
            )
        accepted = sorted(cls.accepted(spec))
        if spec.params is not None:
            extra = [p for p in spec.params if p not in accepted]
            if extra:
                raise ConfigError(f"{where}: params: {cls.name} model '{spec.source}' does not take {extra[0]}")
            return spec
        return spec.model_copy(update={"params": accepted})

    # -- admission -------------------------------------------------------------------------

    def validate(self, spec: ModelSpec, request: AnyRequest) -> None:
        if request.task not in self.model_tasks(spec):
            raise TaskNotSupported.for_field(
                "task", f"model '{spec.id}' ({self.name} {spec.source}) cannot do {request.task.value}"
            )
        if isinstance(request, DiffusionParams):
            accepted = self.accepted(spec)
            drop = spec.provider.drop if spec.provider else []
            for name in OPTIONAL_PARAMS:
                if getattr(request, name) is not None and name not in accepted and name not in drop:
                    raise InvalidRequest.for_field(
                        name,
                        f"model '{spec.id}' ({self.name} {spec.source}) does not take {name}; remove it",
                        code="unsupported_parameter",
                    )
        self.check(spec, request)

    def check(self, spec: ModelSpec, request: AnyRequest) -> None:
        """Provider-specific admission checks (bounds the provider documents)."""

    def loaded_models(self) -> list[str]:
        return []

    def describe(self, spec: ModelSpec) -> dict[str, Any]:
        config = spec.provider or ProviderConfig()
        configured = not self.needs_key or bool(config.api_key_env and os.environ.get(config.api_key_env))
        per_request = config.max_images_per_request or self.max_per_request
        return {
            "family": None,
            "loaded": configured,
            "kind": "remote",
            "provider": {
                "name": self.name,
                "model": spec.source,
                "credentials": "configured" if configured else "missing",
                "images_per_request": per_request,
            },
            "capabilities": {
                "tasks": sorted(t.value for t in self.model_tasks(spec) if t in spec.tasks),
                "params": ["prompt", "width", "height", "num_images", *sorted(self.accepted(spec))],
                "dropped_params": list(config.drop),
                "sizes": self.size_rule(spec),
                "moderation": self.moderation_note,
                "cancel_reaches_provider": self.cancels_at_provider,
            },
        }

    moderation_note: ClassVar[str] = "a refused request fails with content_moderated (422)"
    cancels_at_provider: ClassVar[bool] = False

    def size_rule(self, spec: ModelSpec) -> dict[str, Any]:
        """How width/height become the provider's size (shown in GET /v1/models)."""
        return {"mode": "pixels"}

    # -- generation ------------------------------------------------------------------------

    def auth_headers(self, secret: str | None) -> dict[str, str]:
        return {"authorization": f"Bearer {secret}"} if secret else {}

    def read_error(self, response: httpx.Response, body: Any) -> tuple[str, bool]:
        """(message, is moderation) from an error answer. The default reads common JSON shapes."""
        if isinstance(body, dict):
            for key in ("message", "detail", "error", "messege"):
                value = body.get(key)
                if isinstance(value, str) and value:
                    return value, False
                if isinstance(value, dict) and isinstance(value.get("message"), str):
                    return value["message"], False
        return response.text[:500] or response.reason_phrase, False

    def credential(self, spec: ModelSpec) -> str | None:
        config = spec.provider or ProviderConfig()
        if not config.api_key_env:
            return None
        value = os.environ.get(config.api_key_env, "").strip()
        if not value and self.needs_key:
            raise ProviderAuthError(
                f"environment variable {config.api_key_env} is not set on the server; the operator must set it "
                f"to use model '{spec.id}'",
                provider=self.name,
                code="provider_credentials_missing",
            )
        return value or None

    async def generate(self, spec: ModelSpec, request: AnyRequest, ctx: RunContext) -> EngineResult:
        ctx.start_clock()
        ctx.check()
        call = ProviderCall(self, spec, ctx, self.credential(spec))
        if isinstance(request, DiffusionParams):
            for name in spec.provider.drop if spec.provider else []:
                if getattr(request, name) is not None and name not in self.accepted(spec):
                    call.warn(f"{name} dropped: {self.name} model '{spec.source}' does not take it")
        started = time.perf_counter()
        try:
            output = await self.run(call, request)
        except (JobInterrupted, ImagegateError):
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            # An answer of a shape we did not expect (HTML from a proxy, a changed field): a provider
            # failure another target may not have, not an internal error of ours.
            log.warning("%s answered something unexpected for model %s (%s)", self.name, spec.id, type(exc).__name__)
            raise call.fail(f"{self.name} answered something unexpected ({type(exc).__name__})") from None
        compute_s = time.perf_counter() - started
        width = getattr(request, "width", None)
        height = getattr(request, "height", None)
        if width and height:
            sizes = {(g.image.width, g.image.height) for g in output.images}
            if sizes and sizes != {(width, height)}:
                got = ", ".join(f"{w}×{h}" for w, h in sorted(sizes))
                call.warn(f"{self.name} returned {got} for the requested {width}×{height}")
        info: dict[str, Any] = {"provider": self.name, "provider_model": spec.source, **output.info}
        if call.request_ids:
            info["provider_request_ids"] = call.request_ids
        if call.warnings:
            info["warnings"] = call.warnings
        cost = self.cost(spec, output)
        if output.reported_cost is not None:
            info["provider_reported_cost"] = output.reported_cost
        return EngineResult(
            images=output.images, info=info, compute_s=compute_s, cost=cost, currency=spec.price.currency
        )

    def cost(self, spec: ModelSpec, output: ProviderOutput) -> float:
        price = spec.price
        if price.provider_reported and output.reported_cost is not None:
            return round(output.reported_cost * price.reported_unit, 8)
        total = 0.0
        for generated in output.images:
            total += price.estimate(width=generated.image.width, height=generated.image.height, steps=0, num_images=1)
        return round(total, 8)

    async def run(self, call: ProviderCall, request: AnyRequest) -> ProviderOutput:
        raise NotImplementedError

    # -- helpers for subclasses -----------------------------------------------------------

    def per_request(self, spec: ModelSpec) -> int:
        config = spec.provider
        return max(1, (config.max_images_per_request if config else None) or self.max_per_request)

    async def batches(
        self, call: ProviderCall, count: int, one: Callable[[int, int], Coroutine[Any, Any, list[GeneratedImage]]]
    ) -> list[GeneratedImage]:
        """Make ``count`` images with concurrent provider requests of at most ``per_request`` each;
        ``one(index, n)`` makes ``n`` images starting at image ``index``. If one request fails the
        others are stopped (and clean up at the provider)."""
        size = self.per_request(call.spec)
        chunks = [(start, min(size, count - start)) for start in range(0, count, size)]
        if len(chunks) == 1:
            return await one(*chunks[0])
        try:
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(one(start, n)) for start, n in chunks]
        except BaseExceptionGroup as group_error:
            # Surface the first real failure (a cancel or a provider error), not the group.
            first = group_error.exceptions[0]
            while isinstance(first, BaseExceptionGroup):
                first = first.exceptions[0]
            raise first from None
        return [image for task in tasks for image in task.result()]

    def seed_for(self, request: AnyRequest, index: int) -> int | None:
        seed = getattr(request, "seed", None)
        return None if seed is None else seed + index

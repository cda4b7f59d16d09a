"""What every hosted-provider engine shares: credentials by environment variable, one httpx client
per engine created at start, calls that a cancel or timeout interrupts at once, errors mapped onto
our tree with the credential redacted, parameter checks, result downloads, and pricing.

A provider engine subclasses ``RemoteEngine`` and writes ``run`` (one provider conversation) plus
what it accepts (``model_tasks``, ``accepted``). Everything it sends goes through ``ProviderCall``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable, Coroutine
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

from imagegate.config import Settings
from imagegate.domain.jobs import EngineResult, GeneratedImage
from imagegate.domain.models import ModelSpec, ProviderConfig
from imagegate.domain.requests import AnyRequest, DiffusionParams, InpaintRequest, Task
from imagegate.engines.base import Engine, EngineKind, RunContext
from imagegate.engines.remote.call import ProviderCall, ProviderOutput
from imagegate.engines.remote.inputs import LoadedImage, load_image, load_mask
from imagegate.errors import (
    ConfigError,
    ImagegateError,
    InvalidRequest,
    JobInterrupted,
    ProviderAuthError,
    ProviderError,
    TaskNotSupported,
)
from imagegate.net.guard import UrlPolicy, guarded_client

log = logging.getLogger("imagegate.providers")

# The optional diffusion parameters a provider may or may not take. prompt, width, height and
# num_images are always mapped (sizes per sizes.py; several requests when a provider makes fewer).
OPTIONAL_PARAMS = ("negative_prompt", "seed", "num_inference_steps", "guidance_scale", "scheduler")
# What else provider.inputs may name: image inputs and size inputs of models with their own schema.
IMAGE_INPUTS = ("init_image", "mask_image", "strength", "aspect_ratio", "image_size")
# Done by the local diffusion engine itself: no hosted API has them.
LOCAL_ONLY = ("tiling", "hires", "tiled_upscale", "padding_mask_crop")


class RemoteEngine(Engine):
    """Base of every hosted-provider engine. Subclasses set the class attributes and write ``run``."""

    name: ClassVar[str]
    kind: ClassVar[EngineKind] = "remote"
    tasks: ClassVar[frozenset[Task]] = frozenset({Task.txt2img})
    default_base_url: ClassVar[str]
    needs_key: ClassVar[bool] = True
    uses_inputs: ClassVar[bool] = False  # provider.inputs maps our parameters to the model's inputs
    max_per_request: ClassVar[int] = 1  # images one provider request can make (overridable per model)
    default_poll_s: ClassVar[float] = 1.0  # pause between status polls unless the catalog says otherwise

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

    # -- image inputs (blob: references written at admission) -------------------------------

    async def image(self, value: str | None, field_name: str) -> LoadedImage:
        return await load_image(value, field_name=field_name, settings=self.settings)

    async def mask(self, request: InpaintRequest) -> LoadedImage:
        """White = repaint: ``mask_image``, or the transparency of ``init_image`` without one."""
        return await load_mask(request, settings=self.settings)

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

    @staticmethod
    def mapped_params(inputs: dict[str, str], request: DiffusionParams, n: int, seed: int | None) -> dict[str, Any]:
        """The prompt, the image count and the optional parameters under the model's input names
        (engines with ``uses_inputs``); parameters the model has no input for are left out."""
        data: dict[str, Any] = {inputs["prompt"]: request.prompt}
        if "num_images" in inputs:
            data[inputs["num_images"]] = n
        for name in OPTIONAL_PARAMS:
            value = seed if name == "seed" else getattr(request, name)
            if value is not None and name in inputs:
                data[inputs[name]] = value
        return data

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
            for name in LOCAL_ONLY:
                if getattr(request, name, None):
                    raise InvalidRequest.for_field(
                        name,
                        f"model '{spec.id}' runs at {self.name}: {name} needs a local model",
                        code="unsupported_parameter",
                    )
            if isinstance(request, InpaintRequest) and request.masked_content != "original":
                raise InvalidRequest.for_field(
                    "masked_content",
                    f"model '{spec.id}' runs at {self.name}: masked_content needs a local model",
                    code="unsupported_parameter",
                )
            if not request.prompt and request.task is not Task.variation:
                # Local image tasks may run on the image alone; hosted APIs ask for a prompt.
                raise InvalidRequest.for_field("prompt", f"model '{spec.id}' ({self.name}) needs a prompt")
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

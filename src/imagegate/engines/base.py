"""The Engine base class: what every way of making images (diffusers, a hosted provider, an
upscaler, a route) offers admission and the scheduler. Engines never import the API; they receive a
catalog entry and a request."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from imagegate.config import Catalog
from imagegate.domain.jobs import EngineResult
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, Task
from imagegate.errors import EngineError, JobInterrupted

EngineKind = Literal["compute", "remote"]


@dataclass(frozen=True)
class DeviceStats:
    """One device's state for /metrics: jobs placed on it, the weights of its loaded models against
    its budget, and (CUDA) what PyTorch's allocator holds there now and at its peak."""

    device: str
    index: int
    jobs: int
    model_bytes: int
    budget_bytes: int
    memory_bytes: dict[str, int] = field(default_factory=dict)  # allocated, reserved, peak_allocated


@dataclass
class RunContext:
    """Handed to an engine for one job. Thread-safe: compute engines call it from their thread.

    ``step`` reports progress and raises ``JobInterrupted`` when the job must stop (the client
    canceled it, it ran past its timeout, or the server is shutting down). An engine that can draw
    previews asks ``preview_due`` first and passes one to ``step`` only then: previews cost compute,
    and nobody may be watching."""

    job_id: str
    timeout_s: float | None = None
    on_progress: Callable[[int, int, Any | None], None] | None = None
    wants_preview: Callable[[], bool] | None = None  # is anyone following the job right now?
    preview_every: int = 0  # steps between previews; 0 turns them off
    _last_preview: int = field(default=0, init=False)
    _stop_reason: str | None = field(default=None, init=False)
    _deadline: float | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def start_clock(self) -> None:
        """Called by the engine when compute really begins (not while waiting for the device)."""
        if self.timeout_s is not None:
            self._deadline = time.monotonic() + self.timeout_s

    def stop(self, reason: str) -> None:
        with self._lock:
            self._stop_reason = self._stop_reason or reason

    @property
    def stop_reason(self) -> str | None:
        return self._stop_reason

    def check(self) -> None:
        if self._stop_reason is not None:
            raise JobInterrupted(self._stop_reason)
        if self._deadline is not None and time.monotonic() > self._deadline:
            self.stop("timeout")
            raise JobInterrupted("timeout", f"job ran longer than its {self.timeout_s:g} s timeout")

    def preview_due(self, step: int, total: int) -> bool:
        """Whether to attach a preview to this step: someone is following the job and ``preview_every``
        steps have passed (fewer in short jobs, so each shows at least one midway), never on the last
        step, whose image follows at once."""
        if self.preview_every <= 0 or self.wants_preview is None or step >= total:
            return False
        every = max(1, min(self.preview_every, total // 2))
        if step - self._last_preview < every or not self.wants_preview():
            return False
        self._last_preview = step
        return True

    def step(self, step: int, total: int, preview: Any | None = None) -> None:
        if self.on_progress is not None:
            self.on_progress(step, total, preview)
        self.check()


class Engine:
    """Base of every way of producing images (diffusers pipelines, hosted providers, upscalers,
    routes), registered by name in ``engines.registry``. A subclass sets ``name``, ``kind`` and
    ``tasks`` and writes ``generate``; every other capability has a default here, so callers ask the
    engine instead of probing for attributes."""

    name: ClassVar[str]
    kind: ClassVar[EngineKind]
    tasks: ClassVar[frozenset[Task]]
    supports_loras: ClassVar[bool] = False  # whether requests for its models may name LoRAs

    def bind(self, catalog: Catalog, engines: Mapping[str, Engine]) -> None:
        """Called once every engine is built and before any starts: engines that resolve catalog
        entries (LoRAs, ControlNets) or run other engines' models (routes) keep what they need, and
        may refuse a catalog they cannot serve with ``ConfigError``."""

    async def start(self) -> None:
        """Acquire what the engine needs (devices, HTTP clients)."""

    async def close(self) -> None:
        """Release it again."""

    def kind_for(self, spec: ModelSpec) -> EngineKind:
        """Whether jobs for this model take the compute slot or run as remote I/O (a route's kind
        depends on its targets)."""
        return self.kind

    def size_multiple(self, spec: ModelSpec) -> int:
        """What width and height of this model's images must be multiples of."""
        return 8

    def validate(self, spec: ModelSpec, request: AnyRequest) -> None:
        """Raise ``InvalidRequest`` for what this engine cannot do with this model (cheap; no loading)."""

    async def generate(self, spec: ModelSpec, request: AnyRequest, ctx: RunContext) -> EngineResult:
        """Make the images. Long compute must not run on the event loop."""
        raise NotImplementedError

    async def upscale_result(
        self, spec: ModelSpec, result: EngineResult, scale: float, ctx: RunContext
    ) -> EngineResult:
        """Enlarge another job's images (the ``upscale`` post-step); only upscalers can."""
        raise EngineError(f"model '{spec.id}' is not an upscaler", code="unknown_model")

    async def load(self, spec: ModelSpec) -> None:
        """Load a model before a request needs it (nothing to do for engines that load nothing)."""

    def loaded_models(self) -> list[str]:
        """Model ids that are ready without loading (the scheduler prefers their jobs)."""
        return []

    def describe(self, spec: ModelSpec) -> dict[str, Any]:
        """Extra catalog facts for GET /v1/models (e.g. the detected family)."""
        return {}

    def device_stats(self) -> list[DeviceStats]:
        """The devices this engine runs jobs on, once started (none for engines that run nothing here)."""
        return []

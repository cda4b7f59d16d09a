"""One Ray Serve replica of the compute deployment: a diffusers engine of its own (one compute
thread, its own model cache) whose loaded models are Serve's multiplexed models, so that Serve
routes a job to a replica that already holds its model.

A job is one streaming call: progress items (step, total, an optional preview) while it runs, then
one final item with the images (PIL) and what the engine reported, or the error it raised. The
dispatcher encodes, checks and stores the images itself. Ray is imported here only inside a replica
(this module is never imported by a server that runs ``executor = "local"``).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import pickle
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from imagegate.config import Catalog, Settings
from imagegate.domain.jobs import EngineResult
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest
from imagegate.engines.base import RunContext
from imagegate.engines.diffusers import DiffusersEngine
from imagegate.errors import EngineError, ImagegateError
from imagegate.executors.local import LocalExecutor

log = logging.getLogger("imagegate.engines.ray")


@dataclass(frozen=True)
class RunOptions:
    """What a replica needs of the job besides its model and request."""

    job_id: str
    timeout_s: float | None
    preview_every: int


@dataclass(frozen=True)
class ReplicaOptions:
    """How the deployment is built: the server's settings (its own secrets left out) and catalog."""

    settings: Settings
    catalog: Catalog
    models_per_replica: int
    torch_threads: int


class _Resident:
    """A model Serve counts as loaded on this replica. Serve calls ``__del__`` when it evicts the
    model (least recently used first, past ``models_per_replica``): the pipeline leaves the engine's
    cache and its memory is given back (``gc``, then the CUDA allocator's cache)."""

    def __init__(self, engine: DiffusersEngine, model_id: str):
        self.engine = engine
        self.model_id = model_id
        self.released = False

    def __del__(self) -> None:
        # Serve calls this on eviction; the collector may call it again later: free only once, so
        # a later load of the same model is never dropped by its predecessor.
        if self.released:
            return
        self.released = True
        self.engine.cache.drop(self.model_id)
        gc.collect()
        try:
            import torch
        except ImportError:  # interpreter shutdown
            return
        if torch.cuda.is_available():
            torch.cuda.empty_cache()


class ComputeReplica:
    """The deployment's class (``engines.ray.dispatch`` wraps it with ``serve.deployment``)."""

    def __init__(self, options: ReplicaOptions):
        from ray import serve

        from imagegate.engines.registry import engine_table

        # The replica's CPUs are its own (Ray reserves them): one torch thread per CPU it asked for.
        threads = options.torch_threads or max(1, round(options.settings.ray_num_cpus))
        self.executor = LocalExecutor(torch_threads=threads, name="replica-compute")
        engine = engine_table()["diffusers"].build(options.settings, self.executor)
        assert isinstance(engine, DiffusersEngine)
        engine.bind(options.catalog, {engine.name: engine})
        self.engine = engine
        self.replica = serve.get_replica_context().replica_id.unique_id
        self._specs: dict[str, ModelSpec] = {}
        self._started: asyncio.Task[None] | None = None

        async def resident(model_id: str) -> _Resident:
            await self.engine.load(self._specs[model_id])
            return _Resident(self.engine, model_id)

        # Wired here, not as a decorated method, so the number of models comes from the settings.
        self._resident = serve.multiplexed(max_num_models_per_replica=options.models_per_replica)(resident)

    async def _start(self) -> None:
        if self._started is None:
            self._started = asyncio.create_task(self.engine.start())
        await asyncio.shield(self._started)

    async def load(self, spec: ModelSpec) -> list[str]:
        """Load ``spec`` here (the handle's ``multiplexed_model_id`` chose this replica)."""
        await self._start()
        self._specs[spec.id] = spec
        await self._resident(spec.id)
        return self.engine.loaded_models()

    async def run(self, spec: ModelSpec, request: AnyRequest, options: RunOptions) -> AsyncIterator[dict[str, Any]]:
        """Run one job, streaming ``{"step", "total", "preview"}`` items and then ``{"result": …}``
        or ``{"error": …}``. Canceled by the caller (Serve raises ``CancelledError`` here), the
        pipeline stops at its next step."""
        await self._start()
        resident = spec.id in self.engine.loaded_models()
        self._specs[spec.id] = spec
        try:
            await self._resident(spec.id)
        except ImagegateError as exc:
            yield {"error": _portable(exc)}
            return
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[int, int, Any]] = asyncio.Queue()

        def on_progress(step: int, total: int, preview: Any | None) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, (step, total, preview))

        # Previews are drawn whenever due: only the dispatcher knows whether anyone follows the job
        # now (it drops them otherwise); they are decoded from the latents, not by the VAE.
        ctx = RunContext(
            options.job_id,
            timeout_s=options.timeout_s,
            on_progress=on_progress,
            wants_preview=lambda: True,
            preview_every=options.preview_every,
        )
        task = asyncio.create_task(self.engine.generate(spec, request, ctx))
        task.add_done_callback(_retrieve)
        try:
            while not task.done() or not queue.empty():
                getter = asyncio.ensure_future(queue.get())
                await asyncio.wait({getter, task}, return_when=asyncio.FIRST_COMPLETED)
                if not getter.done():
                    getter.cancel()
                    continue
                step, total, preview = getter.result()
                yield {"step": step, "total": total, "preview": preview}
            result: EngineResult = task.result()
        except ImagegateError as exc:
            yield {"error": _portable(exc)}
            return
        except Exception as exc:  # the engine translates its own errors; anything else is a bug here
            log.exception("job %s failed on replica %s", options.job_id, self.replica)
            yield {"error": EngineError(f"model '{spec.id}' failed on a Ray replica: {exc}")}
            return
        finally:
            if not task.done():  # canceled by the dispatcher, or the stream was dropped
                ctx.stop("canceled")
        result.info["ray"] = {"replica": self.replica, "model_resident": resident}
        yield {"result": result, "replica": self.replica, "models": self.engine.loaded_models()}


def _retrieve(task: asyncio.Task[Any]) -> None:
    """A job canceled by its dispatcher still ends on the compute thread (at its next step); its
    exception is expected and read here, so it is not reported as lost."""
    if not task.cancelled():
        task.exception()


def _portable(exc: ImagegateError) -> ImagegateError:
    """The error as the dispatcher will see it: every error of the tree pickles with its code; one
    that would not arrives as an ``EngineError`` with its message."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return EngineError(exc.message, code=exc.code)
    return exc

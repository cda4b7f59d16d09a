"""Running one claimed job: engine → post-processing (the safety check) → storage → its end in the
store (settled by the job lifecycle in the same transaction) → events → the lifecycle's follow-up.

The compute slot is handed back as soon as the engine returns, before encoding and storing, so the
next job starts on the device while this one is finished off on the post-processing thread. The
runner needs no HTTP app: a worker process builds one from its collaborators alone.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Protocol

from imagegate.config import Catalog
from imagegate.domain.ids import new_id
from imagegate.domain.jobs import EngineResult, ImageRecord, Job, JobStatus
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, DiffusionParams, parse_request
from imagegate.engines.base import Engine, RunContext
from imagegate.errors import EngineError, ImagegateError, JobInterrupted
from imagegate.executors.local import lower_thread_priority
from imagegate.images.pixels import resize
from imagegate.jobs.events import JobEvents
from imagegate.jobs.lifecycle import JobLifecycle
from imagegate.jobs.rows import UsageEntry
from imagegate.jobs.store import JobStore
from imagegate.storage.blobs import BlobStore
from imagegate.storage.encode import CONTENT_TYPES, encode_image, metadata_text

log = logging.getLogger("imagegate.jobs")


class ImageCheck(Protocol):
    """Runs on the post-processing thread over a finished job's images: the safety check
    (``safety.ImageSafety``). It may change images or refuse the result with an ``ImagegateError``."""

    def __call__(self, job: Job, spec: ModelSpec, result: EngineResult) -> EngineResult: ...


@dataclass
class ComputeStats:
    """Moving average of compute seconds per model, for queue ETAs."""

    alpha: float = 0.2

    def __post_init__(self) -> None:
        self._avg: dict[str, float] = {}

    def add(self, model_id: str, seconds: float) -> None:
        prev = self._avg.get(model_id)
        self._avg[model_id] = seconds if prev is None else prev + self.alpha * (seconds - prev)

    def get(self, model_id: str) -> float | None:
        return self._avg.get(model_id)


def usage_of(job: Job, spec: ModelSpec, result: EngineResult | None) -> UsageEntry:
    params = job.params
    count = sum(1 for img in result.images if img.kind == "image") if result else 0
    width, height = int(params.get("width") or 0), int(params.get("height") or 0)
    steps = int(params.get("num_inference_steps") or 0)
    cost = spec.price.estimate(width=width, height=height, steps=steps, num_images=count)
    currency = spec.price.currency
    if result is not None and result.cost is not None:
        cost, currency = result.cost, result.currency or currency
    return UsageEntry(
        images=count,
        megapixel_steps=count * width * height / 1e6 * steps,
        compute_s=result.compute_s if result else 0.0,
        cost=round(cost, 8),
        currency=currency,
    )


def failure_result(exc: ImagegateError) -> dict[str, Any]:
    """What a failed job keeps besides its code and message: the HTTP status and details (e.g.
    ``retry_after``) its error maps to, so every dialect can render it, and what an engine tried
    (a route's attempts) when it says so."""
    error: dict[str, Any] = {"status": exc.status, **exc.extra()}
    result: dict[str, Any] = {"error": error}
    if exc.attempts:
        result["info"] = {"attempts": exc.attempts}
    return result


class JobRunner:
    """Runs claimed jobs. ``lifecycle`` is told when a job starts and when its end has committed
    (the store settles it inside the end itself); ``image_check`` sees every result before it is
    stored (None: images are stored unchecked)."""

    def __init__(
        self,
        *,
        store: JobStore,
        catalog: Catalog,
        engines: Mapping[str, Engine],
        blobs: BlobStore,
        events: JobEvents,
        lifecycle: JobLifecycle,
        worker: str,
        image_check: ImageCheck | None = None,
        png_compress_level: int = 4,
        post_thread_nice: int = 0,
    ):
        self.store = store
        self.catalog = catalog
        self.engines = engines
        self.blobs = blobs
        self.events = events
        self.lifecycle = lifecycle
        self.worker = worker
        self.image_check = image_check
        self.png_compress_level = png_compress_level
        self.stats = ComputeStats()
        self._pending_hooks: set[asyncio.Task[None]] = set()
        # One thread: on a small CPU a second one would steal cycles from the compute thread.
        self._post = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="post", initializer=lower_thread_priority, initargs=(post_thread_nice,)
        )

    def shutdown(self) -> None:
        self._post.shutdown(wait=True)

    async def run(self, job: Job, ctx: RunContext, release: Callable[[], None]) -> None:
        released = False

        def release_once() -> None:
            nonlocal released
            if not released:
                released = True
                release()

        try:
            await self._run(job, ctx, release_once)
        except Exception:  # never let one job take the scheduler down
            log.exception("job %s: unexpected failure", job.id)
            await self._end(job, JobStatus.failed, "internal_error", "internal error while finishing the job")
        finally:
            release_once()

    async def _run(self, job: Job, ctx: RunContext, release: Callable[[], None]) -> None:
        self.events.publish(job.id, "started", {"attempt": job.attempts})
        try:
            await self.lifecycle.started(job)
        except Exception:
            log.exception("job %s: its start's bookkeeping failed", job.id)
        spec = self.catalog.get(job.model_id)
        if spec is None:
            await self._end(
                job,
                JobStatus.failed,
                "unknown_model",
                f"model '{job.model_id}' is no longer in this server's catalog",
            )
            return
        engine = self.engines[spec.engine]
        request = parse_request(job.params)
        try:
            result = await engine.generate(spec, request, ctx)
            result = await self._upscale_step(request, result, ctx)
        except JobInterrupted as exc:
            release()
            if exc.reason == "shutdown":
                await self.store.release(job.id, self.worker)  # another start picks it up again
                return
            status = JobStatus.canceled if exc.reason == "canceled" else JobStatus.failed
            message = "canceled by the client" if exc.reason == "canceled" else exc.message
            await self._end(job, status, exc.reason, message)
            return
        except ImagegateError as exc:
            release()
            await self._end(job, JobStatus.failed, exc.code, exc.message, result=failure_result(exc))
            return
        release()
        self.stats.add(spec.id, result.compute_s)
        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        try:
            result, records = await loop.run_in_executor(self._post, self._post_process, job, spec, result)
        except ImagegateError as exc:  # the safety check refused the result
            await self._end(job, JobStatus.failed, exc.code, exc.message)
            return
        post_s = time.perf_counter() - started
        usage = usage_of(job, spec, result)
        summary: dict[str, Any] = {
            "seeds": [img.seed for img in result.images],
            "info": result.info,
            "compute_s": round(result.compute_s, 4),
            "kinds": [img.kind for img in result.images],
            "post_s": round(post_s, 4),
            "cost": usage.cost,
            "currency": usage.currency,
        }
        ended = await self.store.succeed(
            job.id, self.worker, image_rows=records, result=summary, usage=usage, terms=job.terms
        )
        if ended is not None:
            self.events.publish(job.id, "succeeded", {"status": "succeeded"}, job=ended)
            self._after(ended)
        else:
            log.warning("job %s: lease lost before the result was saved; result dropped", job.id)

    async def _upscale_step(self, request: AnyRequest, result: EngineResult, ctx: RunContext) -> EngineResult:
        """The ``upscale`` option of a generation: still on the compute slot (it is compute)."""
        option = request.upscale if isinstance(request, DiffusionParams) else None
        if option is None:
            return result
        spec = self.catalog.get(option.model or "")
        if spec is None or spec.engine not in self.engines:
            raise EngineError(f"upscaler '{option.model}' is no longer in this server's catalog", code="unknown_model")
        return await self.engines[spec.engine].upscale_result(spec, result, option.scale, ctx)

    def _post_process(self, job: Job, spec: ModelSpec, result: EngineResult) -> tuple[EngineResult, list[ImageRecord]]:
        resize_to = job.params.get("resize_to")
        if resize_to:  # drawn at the model's size, delivered at the size asked (size_policy "fit")
            size = (int(resize_to["width"]), int(resize_to["height"]))
            images = [replace(g, image=resize(g.image, size)) if g.kind == "image" else g for g in result.images]
            result = replace(result, images=images)
        if self.image_check is not None:
            result = self.image_check(job, spec, result)
        fmt = "png"
        records = []
        for index, generated in enumerate(result.images):
            image = generated.image
            text = metadata_text(job.params, seed=generated.seed, model=spec.id, info=result.info, size=image.size)
            data = encode_image(image, fmt=fmt, text=text, png_compress_level=self.png_compress_level)
            digest = self.blobs.put_sync(data)
            records.append(
                ImageRecord(
                    id=new_id("img"),
                    job_id=job.id,
                    key_id=job.key_id,
                    index=index,
                    digest=digest,
                    content_type=CONTENT_TYPES[fmt],
                    width=image.width,
                    height=image.height,
                    seed=generated.seed,
                    size_bytes=len(data),
                    nsfw_content_detected=generated.nsfw_content_detected,
                )
            )
        return result, records

    async def _end(
        self, job: Job, status: JobStatus, code: str, message: str, *, result: dict[str, Any] | None = None
    ) -> None:
        spec = self.catalog.get(job.model_id)
        usage = usage_of(job, spec, None) if spec else None
        ended = await self.store.finish(
            job.id, self.worker, status, code=code, message=message, usage=usage, result=result, terms=job.terms
        )
        if ended is not None:
            data = {"status": status.value, "code": code, "message": message}
            self.events.publish(job.id, status.value, data, job=ended)
            self._after(ended)

    def _after(self, job: Job) -> None:
        """The lifecycle's follow-up runs beside the job's waiters instead of before them: what must
        commit with the job's end did so in its transaction; this is what may follow (delivery,
        alerts, metrics, logs)."""
        task = asyncio.create_task(self.lifecycle.finished(job), name=f"finished-{job.id}")
        self._pending_hooks.add(task)
        task.add_done_callback(self._pending_hooks.discard)

    async def drain(self) -> None:
        """Wait for follow-ups still running (at shutdown)."""
        if self._pending_hooks:
            await asyncio.wait(set(self._pending_hooks))

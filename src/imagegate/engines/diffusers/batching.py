"""Dynamic batching: compatible jobs share one pipeline call.

Jobs that differ only in prompt, negative prompt, seed and number of images (same model, task, size,
steps, scheduler, guidance, LoRA set…) join one *group* on a device. A group stays open until its
device starts it, so under load the jobs that queue behind a running call batch up at no added
latency; on an idle device a new group waits ``batch_window_ms`` for company first (or less, once
full). Each job keeps its own prompt, seeds (one generator per image: image *i* of a job is
``seed + i`` whether it ran alone or in a batch), progress, cancel, timeout and result.

Text-to-image (without the hires fix), image-to-image (without SD upscale's tiles) and variations
batch, each job with its own input image. Inpainting, outpainting and ControlNet jobs carry masks,
control maps and per-job paste-back, and run as a group of one, as does everything else.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any

from imagegate.domain.jobs import EngineResult
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, DiffusionParams, Img2ImgRequest, Txt2ImgRequest, VariationRequest
from imagegate.engines.base import RunContext
from imagegate.errors import JobInterrupted

# What may differ between the jobs of one call; the post-steps run after the engine, per job.
PER_JOB = frozenset(
    {"prompt", "negative_prompt", "seed", "num_images", "init_image", "upscale", "restore_faces", "resize_to"}
)


def batch_key(spec: ModelSpec, request: AnyRequest) -> tuple[Any, ...] | None:
    """Equal for jobs that can share one pipeline call; None for a job that runs alone."""
    if isinstance(request, Txt2ImgRequest):
        if request.hires is not None:
            return None
    elif isinstance(request, Img2ImgRequest):
        if request.tiled_upscale is not None:
            return None
    elif not isinstance(request, VariationRequest):
        return None
    fixed = request.model_dump(mode="json", exclude=set(PER_JOB))
    # SDXL encodes "no negative prompt" as zeros, not as the empty prompt: the two don't mix.
    return (spec.id, spec.version, type(request).__name__, bool(request.negative_prompt), repr(sorted(fixed.items())))


@dataclass(eq=False)
class Member:
    """One job in a group. ``settle`` may be called from the compute thread."""

    request: DiffusionParams
    ctx: RunContext
    seed: int
    future: asyncio.Future[EngineResult]
    loop: asyncio.AbstractEventLoop

    @property
    def count(self) -> int:
        return self.request.num_images

    def settle(self, outcome: EngineResult | BaseException) -> None:
        self.loop.call_soon_threadsafe(self._settle, outcome)

    def _settle(self, outcome: EngineResult | BaseException) -> None:
        if self.future.done():  # a job canceled mid-batch was settled at its step already
            return
        if isinstance(outcome, BaseException):
            self.future.set_exception(outcome)
        else:
            self.future.set_result(outcome)

    def stopped(self) -> bool:
        """Whether the job must not run (canceled or timed out); settles it if so."""
        try:
            self.ctx.check()
        except JobInterrupted as exc:
            self.settle(exc)
            return True
        return False


@dataclass(eq=False)
class Group:
    """Jobs bound for one pipeline call on one device; open until the device starts it."""

    key: tuple[Any, ...] | None
    limit: int  # images per call
    members: list[Member] = field(default_factory=list)
    images: int = 0
    sealed: bool = False
    device: Any = None  # the device it runs on, set by the engine as it makes the group
    full: asyncio.Event = field(default_factory=asyncio.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, member: Member) -> bool:
        """Join (on the event loop); False once sealed or if the job's images don't fit."""
        with self._lock:
            if self.sealed or (self.members and self.images + member.count > self.limit):
                return False
            self.members.append(member)
            self.images += member.count
            if self.key is None or self.images >= self.limit:
                self.full.set()
            return True

    def seal(self) -> list[Member]:
        """Close the group (on the compute thread, as the call starts): who is in it."""
        with self._lock:
            self.sealed = True
            return list(self.members)


def split(members: list[Member]) -> tuple[list[Member], list[Member]]:
    """Two halves by images, for a retry after the whole batch ran out of device memory."""
    total = sum(m.count for m in members)
    first: list[Member] = []
    taken = 0
    for member in members:
        if taken and taken + member.count > total / 2:
            break
        first.append(member)
        taken += member.count
    return first, members[len(first) :]

"""Step callbacks of one pipeline call, fanned out to the jobs in it: each job hears its own steps
and previews of its own images, and one that stops (canceled, timed out) leaves the call at that
step while the others run on. The call itself stops once every job has left."""

from __future__ import annotations

import logging
from typing import Any

from imagegate.domain.jobs import Preview
from imagegate.engines.diffusers.batching import Member
from imagegate.engines.diffusers.families import FamilyAdapter
from imagegate.errors import JobInterrupted

log = logging.getLogger("imagegate.engines.diffusers")


class Progress:
    def __init__(self, members: list[Member], adapter: FamilyAdapter, steps: int, extra: int):
        self.members = members
        self.running = list(members)  # jobs still wanted
        self.adapter = adapter
        self.steps = steps  # of the first pass, as asked
        self.extra = extra  # steps of a second pass (the hires fix) still to come
        self.ran = 0

    def reporter(self, offset: int, size: tuple[int, int], of: int | None = None) -> Any:
        """A step callback; a hires second pass or a later tile counts on (``offset``), out of ``of``
        steps in all when known; ``size`` is the images' size in this pass."""

        def on_step(pipeline: Any, index: int, _timestep: Any, tensors: dict[str, Any]) -> dict[str, Any]:
            self.ran = step = offset + index + 1
            total = of or (offset or int(getattr(pipeline, "num_timesteps", self.steps) or self.steps)) + self.extra
            first = 0
            for member in self.members:
                if member in self.running:
                    self._report(member, step, total, pipeline, tensors, first, size)
                first += member.count
            if not self.running:
                raise JobInterrupted(self.members[0].ctx.stop_reason or "canceled")
            return tensors

        return on_step

    def _report(
        self,
        member: Member,
        step: int,
        total: int,
        pipeline: Any,
        tensors: dict[str, Any],
        first: int,
        size: tuple[int, int],
    ) -> None:
        preview = None
        if member.ctx.preview_due(step, total) and "latents" in tensors:
            latents = tensors["latents"][first : first + member.count]  # this job's images
            preview = _preview(self.adapter, pipeline, latents, size)
        try:
            member.ctx.step(step, total, preview)
        except JobInterrupted as exc:
            if len(self.members) == 1:
                raise
            self.running.remove(member)
            member.settle(exc)


def _preview(adapter: FamilyAdapter, pipeline: Any, latents: Any, size: tuple[int, int]) -> Preview | None:
    try:
        return adapter.preview(pipeline, latents, *size)
    except Exception:  # a preview is a nicety: an odd latent layout must never fail the job
        log.warning("preview failed for a %s model", adapter.family.value, exc_info=True)
        return None

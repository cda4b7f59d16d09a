"""Which device runs a job when there are several: one that holds the job's model (loaded, or
loading for a job placed there already) unless it is backed up, else an idle one, else the least
busy. Loading a model costs seconds; waiting behind one running job on a device that has it costs
less, and more than that leaves an idle device's time unused."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from imagegate.domain.models import ModelSpec
from imagegate.engines.diffusers.device import Device

# Jobs a device holding the model may have (running and waiting) before an idle device takes one.
BACKLOG = 2


class Placement:
    def __init__(self) -> None:
        self._planned: dict[int, Counter[str]] = {}  # device -> model ids of the jobs placed on it

    def _has(self, device: Device, spec: ModelSpec) -> bool:
        return device.holds(spec) or self._planned.get(id(device), Counter())[spec.id] > 0

    def choose(self, devices: Sequence[Device], spec: ModelSpec) -> Device:
        if len(devices) == 1:
            return devices[0]
        holding = [d for d in devices if self._has(d, spec)]
        if holding:
            best = min(holding, key=lambda d: d.assigned)
            if best.assigned < BACKLOG:
                return best
        idle = [d for d in devices if d.assigned == 0]
        if idle:
            return idle[0]
        return min(holding or devices, key=lambda d: d.assigned)

    def placed(self, device: Device, spec: ModelSpec, jobs: int = 1) -> None:
        device.assigned += jobs
        self._planned.setdefault(id(device), Counter())[spec.id] += jobs

    def finished(self, device: Device, spec: ModelSpec, jobs: int = 1) -> None:
        device.assigned -= jobs
        planned = self._planned.setdefault(id(device), Counter())
        planned[spec.id] -= jobs
        if planned[spec.id] <= 0:
            del planned[spec.id]

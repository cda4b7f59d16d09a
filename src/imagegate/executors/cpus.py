"""How many CPUs this process may really use, and the compute thread counts chosen from them.

``os.cpu_count()`` counts the machine's CPUs, not this process's share: a container limited to 2
CPUs on a 64-core host (a cgroup quota) or a process pinned to a few cores (affinity) would start
a thread per host core and oversubscribe. On the 2-core box a pipeline with 2 torch threads beside
the server's other threads (event loop, post-processing) ran 15-40× slower than with 1 (OpenMP
threads spin-waiting for a core that is busy), so the default leaves one CPU to the rest.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")


def _cgroup_quota(root: Path) -> float | None:
    """CPUs allowed by a cgroup quota (v2 ``cpu.max``, v1 ``cpu.cfs_quota_us``), or None (no quota)."""
    try:
        fields = (root / "cpu.max").read_text().split()  # "max 100000" or "200000 100000"
        if len(fields) == 2:
            return None if fields[0] == "max" else int(fields[0]) / int(fields[1])
    except (OSError, ValueError):
        pass
    try:
        quota_us = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period_us = int((root / "cpu" / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota_us / period_us if quota_us > 0 and period_us > 0 else None


def available_cpus(cgroup: Path = CGROUP) -> int:
    """CPUs this process can use: its affinity, capped by a cgroup quota (rounded up: a 1.5-CPU
    quota keeps two threads busy part of the time), at least 1."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        count = os.cpu_count() or 1
    quota = _cgroup_quota(cgroup)
    if quota is not None:
        count = min(count, math.ceil(quota))
    return max(1, count)


def torch_threads(setting: int, cpus: int) -> int:
    """The compute thread's torch threads: the setting when given (>0), else one per CPU but one
    left for the event loop and post-processing (1 on a 1- or 2-CPU machine)."""
    return setting if setting > 0 else max(1, cpus - 1)

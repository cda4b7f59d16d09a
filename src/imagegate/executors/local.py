"""The in-process executor: one compute thread per device.

Pipelines run strictly one at a time on a device. Measured on a 2-core CPU, two concurrent torch
computations made each up to 3× slower than running them in turn, and on a GPU they would only
compete for memory. Post-processing (encoding, safety checks, storage) runs elsewhere so the device
is never idle waiting for it.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class LocalExecutor:
    def __init__(self, *, torch_threads: int = 0, name: str = "compute", switch_interval_ms: float = 0.0):
        self.torch_threads = torch_threads
        if switch_interval_ms > 0:
            # A pipeline gives the GIL up around every torch operator and must win it back each time.
            # While the event loop or the post-processing thread runs Python, Python makes the compute
            # thread wait up to the switch interval (5 ms by default) for it; with hundreds of
            # operators per step that cost a tiny model ~10 % of its speed here. Process-wide.
            sys.setswitchinterval(switch_interval_ms / 1000)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name, initializer=self._init_thread)

    def _init_thread(self) -> None:
        if self.torch_threads:
            import torch

            torch.set_num_threads(self.torch_threads)

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def lower_thread_priority(nice: int) -> None:
    """Raise the calling thread's nice value by ``nice`` (Linux, where each thread has its own), so
    that it yields the CPU to the compute thread when both want the same core. Measured on the
    2-core box: with the post-processing thread at the same priority, the compute thread of a
    saturated server waited ~45 ms more per 0.5 s job in the run queue than a bare pipeline did."""
    if nice <= 0 or not sys.platform.startswith("linux"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + nice))
    except OSError:  # not allowed here: run at the normal priority
        pass

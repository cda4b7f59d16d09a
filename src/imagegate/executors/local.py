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
            # A pipeline gives the GIL up around every torch operator and must win it back each time;
            # while another thread runs Python, the compute thread waits up to the switch interval
            # (5 ms by default) each time. Measured with a tiny pipeline beside a thread doing this
            # server's post-processing work: 571 ms per image at 5 ms, 457-493 ms at 0.5-1 ms, 478 ms
            # alone. Process-wide.
            sys.setswitchinterval(switch_interval_ms / 1000)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name, initializer=self._init_thread)
        self._pending = 0  # calls submitted and not yet returned (running or waiting for the device)

    def _init_thread(self) -> None:
        if self.torch_threads:
            import torch

            torch.set_num_threads(self.torch_threads)

    @property
    def busy(self) -> bool:
        """Whether the device has work now or queued (other threads then keep their hands off it)."""
        return self._pending > 0

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        self._pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)
        finally:
            self._pending -= 1

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def lower_thread_priority(nice: int) -> None:
    """Raise the calling thread's nice value by ``nice`` (Linux, where each thread has its own), so
    that it yields the CPU to the compute thread when both want the same core. On the 2-core box
    under other load, the compute thread of a saturated server waited 57 ms per 0.5 s job in the
    run queue where a bare pipeline waited 12 ms; on an idle machine this changes nothing."""
    if nice <= 0 or not sys.platform.startswith("linux"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + nice))
    except OSError:  # not allowed here: run at the normal priority
        pass

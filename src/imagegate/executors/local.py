"""The in-process executor: one compute thread per device.

Pipelines run strictly one at a time on a device. Measured on a 2-core CPU, two concurrent torch
computations made each up to 3× slower than running them in turn, and on a GPU they would only
compete for memory. Post-processing (encoding, safety checks, storage) runs elsewhere so the device
is never idle waiting for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class LocalExecutor:
    def __init__(self, *, torch_threads: int = 0, name: str = "compute"):
        self.torch_threads = torch_threads
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name, initializer=self._init_thread)

    def _init_thread(self) -> None:
        if self.torch_threads:
            import torch

            torch.set_num_threads(self.torch_threads)

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

"""The cyclic garbage collector of a server process: its long-lived heap kept out of full
collections, and its pauses measured.

A server holds ~600,000 objects that live as long as the process: the modules of torch,
diffusers, transformers, pydantic and FastAPI, and the loaded pipelines. CPython's full collection
walks every one of them, with the GIL held: ~0.3–0.45 s on the 2-core build box, every ~10–40 s
under steady request traffic, during which no request moves (500 pollers saw p99s of 0.2–2.6 s,
see bench/pollers.py). ``freeze_long_lived`` moves what is alive after start-up into the
permanent generation, which no collection walks (``gc.freeze``); a full collection then takes
~10–20 ms. Objects that die later are still freed by reference counting; only reference cycles
among frozen objects are never collected, which is why this is for objects that live as long as
the process, done by the process's owner (``imagegate serve``), never by a library.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from prometheus_client import Histogram


def freeze_long_lived(*, collect: bool = True) -> int:
    """Move every object alive now out of the collector's reach; returns how many are frozen.
    ``collect`` first frees the garbage there is (a full collection: a pause of its own, once)."""
    if collect:
        gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


class GcPauses:
    """Observes each collection's pause into a histogram labelled by generation, while installed."""

    def __init__(self, histogram: Histogram):
        self.histogram = histogram
        self._started = 0.0
        self._children = {generation: histogram.labels(str(generation)) for generation in range(3)}

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self._children[info["generation"]].observe(time.perf_counter() - self._started)

    def install(self) -> GcPauses:
        if self._callback not in gc.callbacks:
            gc.callbacks.append(self._callback)
        return self

    def uninstall(self) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

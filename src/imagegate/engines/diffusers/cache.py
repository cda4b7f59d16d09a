"""Loaded pipelines, least recently used first out, within a memory budget."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from imagegate.engines.diffusers.families import FamilyAdapter
from imagegate.engines.diffusers.memory import BUDGET_SETTING, free_device_memory
from imagegate.errors import EngineError


@dataclass
class LoadedModel:
    model_id: str
    version: str
    pipe: Any
    adapter: FamilyAdapter
    size_bytes: int
    default_scheduler: Any
    load_s: float
    schedulers: dict[str, Any] = field(default_factory=dict)  # built samplers, by normalised name
    task_pipes: dict[str, Any] = field(default_factory=dict)  # from_pipe views sharing the weights
    # LoRA adapters loaded into this pipeline, least recently used first: id -> (version, adapter name)
    loras: OrderedDict[str, tuple[str, str]] = field(default_factory=OrderedDict)


class PipelineCache:
    """Thread-safe: the compute thread loads and evicts; the event loop asks what is loaded.

    One cache per device: ``budget_bytes`` is that device's (see memory.budget_bytes), and
    ``budget_setting`` names the setting that holds it, for the message refusing a model that does
    not fit even alone."""

    def __init__(self, budget_bytes: int, *, device: str = "cpu", budget_setting: str = BUDGET_SETTING):
        self.budget_bytes = budget_bytes
        self.device = device
        self.budget_setting = budget_setting
        self._models: OrderedDict[str, LoadedModel] = OrderedDict()
        self._lock = threading.Lock()
        self.loads = 0
        self.evictions = 0

    def get(self, model_id: str, version: str) -> LoadedModel | None:
        with self._lock:
            loaded = self._models.get(model_id)
            if loaded is None or loaded.version != version:
                return None
            self._models.move_to_end(model_id)
            return loaded

    def check_fits(self, incoming_bytes: int, model_id: str | None = None) -> None:
        """Refuse a model larger than the whole budget: loading it would push every other model out
        and still overrun the device (or fail half-way with an out-of-memory error)."""
        if incoming_bytes > self.budget_bytes:
            raise EngineError(
                f"model '{model_id or '?'}' needs {_size(incoming_bytes)} on {self.device}, more than the "
                f"device's whole model budget of {_size(self.budget_bytes)}; raise {self.budget_setting}, "
                "or set the model's offload or a smaller dtype in the catalog",
                code="model_too_large",
            )

    def make_room(self, incoming_bytes: int, model_id: str | None = None) -> list[str]:
        """Evict least recently used models until ``incoming_bytes`` fits, and free what they held.
        A model that cannot fit even alone evicts nothing: with ``model_id`` (an estimate made before
        loading) it is refused here with EngineError (model_too_large); without, ``put`` refuses it."""
        if incoming_bytes > self.budget_bytes:
            if model_id is not None:
                self.check_fits(incoming_bytes, model_id)
            return []
        evicted: list[LoadedModel] = []
        with self._lock:
            while self._models and self.used_bytes() + incoming_bytes > self.budget_bytes:
                _, loaded = self._models.popitem(last=False)
                evicted.append(loaded)
        if not evicted:
            return []
        self.evictions += len(evicted)
        ids = [loaded.model_id for loaded in evicted]
        for loaded in evicted:
            _release(loaded)
        del evicted, loaded
        free_device_memory(self.device)
        return ids

    def put(self, loaded: LoadedModel) -> None:
        self.check_fits(loaded.size_bytes, loaded.model_id)
        with self._lock:
            self._models.pop(loaded.model_id, None)
            self._models[loaded.model_id] = loaded
            self.loads += 1

    def drop(self, model_id: str) -> None:
        with self._lock:
            loaded = self._models.pop(model_id, None)
        if loaded is not None:
            _release(loaded)
            del loaded
        free_device_memory(self.device)

    def used_bytes(self) -> int:
        return sum(m.size_bytes for m in self._models.values())

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._models)


def _size(n: int) -> str:
    return f"{n / (1 << 30):.2f} GiB" if n >= 1 << 27 else f"{n / (1 << 20):.1f} MiB"


def _release(loaded: LoadedModel) -> None:
    """Drop every reference an evicted model holds to its weights: the task pipelines made with
    ``from_pipe`` and built samplers point at the same modules, and offload hooks at the device."""
    loaded.task_pipes.clear()
    loaded.schedulers.clear()
    loaded.loras.clear()
    if loaded.pipe is not None:
        loaded.pipe.remove_all_hooks()  # offloaded models: accelerate's hooks hold the weights' map
    loaded.pipe = None
    loaded.default_scheduler = None

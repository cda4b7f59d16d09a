"""Loaded pipelines, least recently used first out, within a memory budget."""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from imagegate.engines.diffusers.families import FamilyAdapter


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
    """Thread-safe: the compute thread loads and evicts; the event loop asks what is loaded."""

    def __init__(self, budget_bytes: int):
        self.budget_bytes = budget_bytes
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

    def make_room(self, incoming_bytes: int) -> list[str]:
        """Evict least recently used models until ``incoming_bytes`` fits. A model larger than the
        whole budget still loads (alone): refusing would make it unusable."""
        evicted: list[str] = []
        with self._lock:
            while self._models and self.used_bytes() + incoming_bytes > self.budget_bytes:
                model_id, _ = self._models.popitem(last=False)
                evicted.append(model_id)
        if evicted:
            self.evictions += len(evicted)
            _free_memory()
        return evicted

    def put(self, loaded: LoadedModel) -> None:
        with self._lock:
            self._models.pop(loaded.model_id, None)
            self._models[loaded.model_id] = loaded
            self.loads += 1

    def drop(self, model_id: str) -> None:
        with self._lock:
            self._models.pop(model_id, None)
        _free_memory()

    def used_bytes(self) -> int:
        return sum(m.size_bytes for m in self._models.values())

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._models)


def _free_memory() -> None:
    gc.collect()
    import torch

    if torch.cuda.is_available():
        torch.cuda.empty_cache()

"""ControlNet models for the diffusers engine: loaded once, kept (a few, least recently used out)
and attached to a base model's pipeline with ``from_pipe``, which shares the base weights."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from imagegate.domain.adapters import ControlNetSpec
from imagegate.domain.requests import Task
from imagegate.engines.diffusers.cache import LoadedModel
from imagegate.engines.diffusers.loader import from_source
from imagegate.errors import EngineError


class ControlNets:
    def __init__(self, *, device: str, max_loaded: int = 4):
        self.device = device
        self.max_loaded = max_loaded
        self._models: OrderedDict[str, tuple[str, Any]] = OrderedDict()  # id -> (version+dtype, model)
        self._lock = threading.Lock()
        self.loads = 0

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._models)

    def clear(self) -> None:
        with self._lock:
            self._models.clear()

    def get(self, spec: ControlNetSpec, loaded: LoadedModel) -> tuple[Any, bool]:
        """The ControlNet for ``spec`` in the base pipeline's dtype; True when it was loaded now."""
        dtype = loaded.pipe.dtype
        key = f"{spec.version}/{dtype}"
        with self._lock:
            cached = self._models.get(spec.id)
            if cached is not None and cached[0] == key:
                self._models.move_to_end(spec.id)
                return cached[1], False
        model = self._load(spec, loaded, dtype)
        with self._lock:
            self._models[spec.id] = (key, model)
            while len(self._models) > self.max_loaded:
                self._models.popitem(last=False)
            self.loads += 1
        return model, True

    def _load(self, spec: ControlNetSpec, loaded: LoadedModel, dtype: Any) -> Any:
        import diffusers

        cls = getattr(diffusers, loaded.adapter.controlnet_model_class)
        try:
            model = from_source(cls, spec, dtype=dtype)
        except Exception as exc:  # diffusers raises many kinds; the job must say which net failed
            raise EngineError(
                f"could not load ControlNet '{spec.id}' from {spec.source}: {exc}", code="model_load_failed"
            ) from exc
        return model.to(self.device).eval()

    def pipeline(self, loaded: LoadedModel, models: list[Any]) -> Any:
        """The family's ControlNet pipeline over the loaded base weights (several nets: a list)."""
        import diffusers

        cls = getattr(diffusers, loaded.adapter.pipeline_class(Task.controlnet))
        pipe = cls.from_pipe(loaded.pipe, controlnet=models[0] if len(models) == 1 else models)
        pipe.set_progress_bar_config(disable=True)
        return pipe

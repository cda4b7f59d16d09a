"""LoRA adapters on a loaded pipeline, through diffusers' PEFT integration.

Adapters are loaded into the pipeline's own modules once, under a name derived from their catalog
id, and switched per request with ``set_adapters`` (or ``disable_lora`` when a request uses none),
so changing LoRAs between jobs never reloads the base model. Unfused LoRA layers cost a little
compute, but weight 0 then gives exactly the base model's output and switching is instant. The
least recently used adapters are deleted beyond ``max_loaded``.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Mapping
from typing import Any

from imagegate.domain.adapters import LoraSpec
from imagegate.domain.requests import LoraRef
from imagegate.engines.diffusers.cache import LoadedModel
from imagegate.errors import EngineError


def adapter_name(lora_id: str) -> str:
    """PEFT adapter names become module keys: no dots. A hash keeps distinct ids distinct."""
    safe = re.sub(r"[^A-Za-z0-9_]", "_", lora_id)[:40]
    return f"{safe}_{hashlib.sha256(lora_id.encode()).hexdigest()[:8]}"


def _adapters_in(pipe: Any) -> set[str]:
    return {name for names in pipe.get_list_adapters().values() for name in names}


class LoraManager:
    def __init__(self, *, max_loaded: int = 8):
        self.max_loaded = max_loaded
        self.loads = 0

    def _load(self, loaded: LoadedModel, spec: LoraSpec) -> None:
        pipe = loaded.pipe
        name = adapter_name(spec.id)
        kwargs: dict[str, Any] = {"adapter_name": name}
        if spec.weight_name:
            kwargs["weight_name"] = spec.weight_name
        if spec.revision:
            kwargs["revision"] = spec.revision
        try:
            pipe.load_lora_weights(spec.source, **kwargs)
        except Exception as exc:  # diffusers/PEFT raise many kinds for files that do not fit
            self._forget(loaded, spec.id, name)
            raise EngineError(
                f"could not load LoRA '{spec.id}' into model '{loaded.model_id}': {exc}", code="lora_load_failed"
            ) from exc
        if name not in _adapters_in(pipe):
            self._forget(loaded, spec.id, name)
            raise EngineError(
                f"LoRA '{spec.id}' has no weights that fit model '{loaded.model_id}' (is it for another family?)",
                code="lora_load_failed",
            )
        loaded.loras[spec.id] = (spec.version, name)
        self.loads += 1

    def _forget(self, loaded: LoadedModel, lora_id: str, name: str) -> None:
        loaded.loras.pop(lora_id, None)
        if name in _adapters_in(loaded.pipe):
            loaded.pipe.delete_adapters(name)

    def apply(self, loaded: LoadedModel, refs: list[LoraRef], specs: Mapping[str, LoraSpec]) -> dict[str, Any]:
        """Make exactly ``refs`` active on ``loaded`` (loading what is missing); returns job info."""
        pipe = loaded.pipe
        if not refs:
            if loaded.loras:
                pipe.disable_lora()
            return {}
        started = time.perf_counter()
        newly: list[str] = []
        for ref in refs:
            spec = specs.get(ref.id)
            if spec is None:
                raise EngineError(f"LoRA '{ref.id}' is no longer in this server's catalog", code="unknown_lora")
            current = loaded.loras.get(ref.id)
            if current is not None and current[0] != spec.version:
                self._forget(loaded, ref.id, current[1])
                current = None
            if current is None:
                self._load(loaded, spec)
                newly.append(ref.id)
            loaded.loras.move_to_end(ref.id)
        self._evict(loaded, keep={ref.id for ref in refs})
        pipe.enable_lora()
        pipe.set_adapters([loaded.loras[ref.id][1] for ref in refs], adapter_weights=[ref.weight for ref in refs])
        return {
            "loras": [{"id": ref.id, "weight": ref.weight} for ref in refs],
            "loras_loaded": newly,
            "lora_load_s": round(time.perf_counter() - started, 4),
        }

    def _evict(self, loaded: LoadedModel, keep: set[str]) -> None:
        for lora_id in list(loaded.loras):
            if len(loaded.loras) <= self.max_loaded:
                return
            if lora_id not in keep:
                self._forget(loaded, lora_id, loaded.loras[lora_id][1])

"""The model manager's handlers: listing entries with their download state, adding, changing and
removing them (a model with jobs queued or running is removed only with ``force``, which cancels
them), and following a pull as server-sent events."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from imagegate.api.native.views import model_out
from imagegate.api.native.wire import AnnotatorOut, ControlNetOut, DownloadOut, LoraOut, ModelOut
from imagegate.catalog import Entry, EntryKind, EntryStatus
from imagegate.domain.adapters import AnnotatorSpec, ControlNetSpec, LoraSpec
from imagegate.domain.models import ModelSpec
from imagegate.errors import Conflict, NotFound
from imagegate.services import Services

EVENT_POLL_S = 0.5
log = logging.getLogger("imagegate.catalog")
EVENT_MAX_S = 6 * 3600.0


def download_out(entry: Entry | None) -> DownloadOut | None:
    if entry is None or entry.origin is None:
        return None
    total = entry.bytes_total
    return DownloadOut(
        bytes_done=entry.bytes_done,
        bytes_total=total,
        fraction=round(min(1.0, entry.bytes_done / total), 4) if total else None,
        error=entry.error,
        size_bytes=entry.size_bytes,
        last_used_at=entry.last_used_at,
    )


def _pending_model(entry: Entry) -> ModelOut:
    spec = ModelSpec.model_validate(entry.spec)
    return ModelOut(
        id=spec.id,
        created=int(entry.created_at.timestamp()),
        owned_by=spec.owned_by,
        name=spec.name or spec.id,
        description=spec.description,
        engine=spec.engine,
        family=spec.family.value if spec.family else None,
        tasks=spec.tasks,
        defaults=spec.defaults.model_dump(),
        limits=spec.limits.model_dump(),
        price=spec.price.model_dump(),
        license=spec.license,
        commercial_use=spec.commercial_use,
        tags=spec.tags,
        size_policy=spec.size_policy,
        status=entry.status.value,
        managed=True,
        download=download_out(entry),
    )


def models(svc: Services) -> list[ModelOut]:
    """Every model: those that serve, then run-time ones still downloading or failed."""
    ready = [with_entry(svc, model_out(svc, spec)) for spec in svc.catalog]
    pending = [
        _pending_model(entry)
        for (kind, model_id), entry in svc.live_catalog.entries.items()
        if kind is EntryKind.model and model_id in svc.catalog.pending
    ]
    return ready + pending


def with_entry(svc: Services, out: ModelOut) -> ModelOut:
    entry = svc.live_catalog.entry(EntryKind.model, out.id)
    return out.model_copy(update={"download": download_out(entry)}) if entry else out


async def one_model(svc: Services, model_id: str) -> ModelOut:
    spec = svc.catalog.resolve(model_id)
    if spec is not None:
        return with_entry(svc, model_out(svc, spec))
    entry = await svc.live_catalog.store.get(EntryKind.model, model_id)
    if entry is not None and not svc.live_catalog.files.has(EntryKind.model, model_id):
        if entry.status is EntryStatus.ready:  # another process added it a moment ago
            await svc.live_catalog.refresh()
            if (spec := svc.catalog.get(model_id)) is not None:
                return with_entry(svc, model_out(svc, spec))
        return _pending_model(entry)
    raise NotFound(f"no model '{model_id}'; GET /v1/models lists the available ones", code="model_not_found")


def lora_out(spec: LoraSpec, entry: Entry | None) -> LoraOut:
    return LoraOut(
        id=spec.id,
        name=spec.name or spec.id,
        description=spec.description,
        families=spec.families,
        trigger_words=spec.trigger_words,
        license=spec.license,
        tags=spec.tags,
        status=entry.status.value if entry else "ready",
        managed=entry is not None,
        download=download_out(entry),
    )


def controlnet_out(spec: ControlNetSpec, entry: Entry | None) -> ControlNetOut:
    return ControlNetOut(
        id=spec.id,
        name=spec.name or spec.id,
        description=spec.description,
        family=spec.family,
        preprocessor=spec.preprocessor,
        license=spec.license,
        tags=spec.tags,
        status=entry.status.value if entry else "ready",
        managed=entry is not None,
        download=download_out(entry),
    )


def annotator_out(spec: AnnotatorSpec, entry: Entry | None) -> AnnotatorOut:
    return AnnotatorOut(
        id=spec.id,
        name=spec.name or spec.id,
        description=spec.description,
        kind=spec.kind,
        license=spec.license,
        tags=spec.tags,
        status=entry.status.value if entry else "ready",
        managed=entry is not None,
        download=download_out(entry),
    )


def adapters(svc: Services, kind: EntryKind) -> list[Any]:
    """LoRAs, ControlNets or annotators: those that serve, then run-time ones not ready yet."""
    live = svc.live_catalog
    served: dict[str, Any]
    if kind is EntryKind.lora:
        ready: list[Any] = [lora_out(s, live.entry(kind, s.id)) for s in svc.catalog.loras.values()]
        served = svc.catalog.loras
    elif kind is EntryKind.annotator:
        ready = [annotator_out(s, live.entry(kind, s.id)) for s in svc.catalog.annotators.values()]
        served = svc.catalog.annotators
    else:
        ready = [controlnet_out(s, live.entry(kind, s.id)) for s in svc.catalog.controlnets.values()]
        served = svc.catalog.controlnets
    for (entry_kind, entry_id), entry in live.entries.items():
        if entry_kind is kind and entry_id not in served and not live.files.has(kind, entry_id):
            ready.append(entry_out(entry))
    return ready


def entry_out(entry: Entry) -> Any:
    if entry.kind is EntryKind.lora:
        return lora_out(LoraSpec.model_validate(entry.spec), entry)
    if entry.kind is EntryKind.controlnet:
        return controlnet_out(ControlNetSpec.model_validate(entry.spec), entry)
    if entry.kind is EntryKind.annotator:
        return annotator_out(AnnotatorSpec.model_validate(entry.spec), entry)
    return _pending_model(entry)


async def remove_model(svc: Services, model_id: str, *, force: bool) -> int:
    """Remove a run-time model; its queued and running jobs block that unless ``force`` cancels them."""
    active = await svc.jobs.active_for_model(model_id)
    if active and not force:
        raise Conflict(
            f"model '{model_id}' has {len(active)} job(s) queued or running; wait for them, or pass "
            "force=true to cancel them",
            code="model_in_use",
        )
    await svc.models.remove(EntryKind.model, model_id)
    for job_id, key_id in active:
        await svc.jobs.request_cancel(job_id, key_id)
    svc.models.spawn(_cancel_stragglers(svc, model_id))
    return len(active)


async def _cancel_stragglers(svc: Services, model_id: str) -> None:
    """Jobs another process admitted before it saw the removal (within one refresh interval) would
    wait for a model no worker has any more: once every process has seen it, they are canceled."""
    await asyncio.sleep(2 * svc.settings.catalog_refresh_s + 1)
    if svc.catalog.get(model_id) is not None:
        return  # added again meanwhile
    stragglers = await svc.jobs.active_for_model(model_id)
    for job_id, key_id in stragglers:
        await svc.jobs.request_cancel(job_id, key_id)
    if stragglers:
        log.warning("canceled %d job(s) admitted for removed model '%s'", len(stragglers), model_id)


async def load(svc: Services, model_id: str) -> ModelOut:
    """Load a model now (``--preload``), so its first request does not wait for it."""
    spec = svc.catalog.resolve(model_id)
    if spec is None:
        await one_model(svc, model_id)  # 404, or the model as it stands (still downloading)
        raise Conflict(
            f"model '{model_id}' {svc.catalog.pending.get(model_id, 'is not ready')}", code="model_not_ready"
        )
    await svc.loads.start(spec)
    if spec.engine in svc.engines and spec.id in svc.engines[spec.engine].loaded_models():
        await svc.live_catalog.store.touch(EntryKind.model, [spec.id])
    return with_entry(svc, model_out(svc, spec))


async def pull_events(svc: Services, kind: EntryKind, entry_id: str) -> AsyncIterator[str]:
    """``progress`` events (bytes, rate, ETA) while the entry downloads, then ``ready``, ``failed``
    or ``removed``. Read from the database, so any process can follow a pull another one runs."""
    store = svc.live_catalog.store
    last: tuple[float, int] | None = None
    number = 0
    deadline = time.monotonic() + EVENT_MAX_S
    while time.monotonic() < deadline:
        entry = await store.get(kind, entry_id)
        number += 1
        if entry is None:
            yield _event(number, "removed", {"id": entry_id})
            return
        data: dict[str, Any] = {"id": entry_id, "status": entry.status.value}
        download = download_out(entry)
        if download is not None:
            data |= download.model_dump()
        if entry.status is not EntryStatus.downloading:
            await svc.live_catalog.refresh()  # so that a request right after 'ready' finds it here
            yield _event(number, entry.status.value, data)
            return
        now = time.monotonic()
        rate = None
        if last is not None and now > last[0]:
            rate = max(0.0, (entry.bytes_done - last[1]) / (now - last[0]))
        last = (now, entry.bytes_done)
        remaining = (entry.bytes_total - entry.bytes_done) if entry.bytes_total else None
        data["rate_bps"] = round(rate, 1) if rate is not None else None
        data["eta_s"] = round(remaining / rate, 1) if rate and remaining is not None else None
        yield _event(number, "progress", data)
        await asyncio.sleep(EVENT_POLL_S)


def _event(number: int, name: str, data: dict[str, Any]) -> str:
    payload = {"type": name, "seq": number, **data}
    return f"id: {number}\nevent: {name}\ndata: {json.dumps(payload)}\n\n"

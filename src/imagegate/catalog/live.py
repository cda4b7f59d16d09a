"""``LiveCatalog``: the server's ``Catalog`` with the run-time entries merged in, kept current.

Every part of a server holds the same ``Catalog`` object; a refresh swaps its dictionaries for new
ones (one attribute assignment each, so a reader never sees a half-made one). Each process polls the
revision counter every ``refresh_s`` (one tiny read) and re-reads the entries only when it moved, or
while a download is under way (to keep its progress current). File entries are read-only and win
on id clashes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import ValidationError

from imagegate.catalog.store import CatalogStore, Entry, EntryKind, EntryStatus
from imagegate.config import Catalog
from imagegate.db import Database
from imagegate.db.types import utcnow
from imagegate.domain.adapters import AnnotatorSpec, ControlNetSpec, LoraSpec
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import Task

log = logging.getLogger("imagegate.catalog")

SPEC_TYPES: dict[EntryKind, type[ModelSpec] | type[LoraSpec] | type[ControlNetSpec] | type[AnnotatorSpec]] = {
    EntryKind.model: ModelSpec,
    EntryKind.lora: LoraSpec,
    EntryKind.controlnet: ControlNetSpec,
    EntryKind.annotator: AnnotatorSpec,
}


def progress_text(entry: Entry) -> str:
    """Why an entry cannot serve yet, for a 409 and the model list."""
    if entry.status is EntryStatus.failed:
        return f"failed to download: {entry.error}; remove it (DELETE) and add it again"
    done = f"{entry.bytes_done / 1e6:.1f} MB"
    if entry.bytes_total:
        share = 100 * entry.bytes_done / entry.bytes_total
        done += f" of {entry.bytes_total / 1e6:.1f} MB ({share:.0f}%)"
    return f"is still downloading ({done}); retry once GET /v1/models/{entry.id} shows status 'ready'"


@dataclass(frozen=True)
class FileEntries:
    """The file catalog as loaded at start-up: read-only."""

    models: dict[str, ModelSpec]
    loras: dict[str, LoraSpec]
    controlnets: dict[str, ControlNetSpec]
    annotators: dict[str, AnnotatorSpec]

    def has(self, kind: EntryKind, entry_id: str) -> bool:
        tables: dict[EntryKind, dict[str, Any]] = {
            EntryKind.model: self.models,
            EntryKind.lora: self.loras,
            EntryKind.controlnet: self.controlnets,
            EntryKind.annotator: self.annotators,
        }
        return entry_id in tables[kind]


class LiveCatalog:
    def __init__(
        self,
        catalog: Catalog,
        store: CatalogStore,
        *,
        refresh_s: float,
        ensure_engine: Callable[[str], Awaitable[None]] | None = None,
        loaded: Callable[[], set[str]] | None = None,
    ):
        self.catalog = catalog
        self.store = store
        self.refresh_s = refresh_s
        self.files = FileEntries(
            dict(catalog.models), dict(catalog.loras), dict(catalog.controlnets), dict(catalog.annotators)
        )
        self._file_default = catalog.default_id
        self._ensure_engine = ensure_engine
        self._loaded = loaded
        self.entries: dict[tuple[EntryKind, str], Entry] = {}
        self._revision: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._touched_at: dict[str, Any] = {}
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, catalog: Catalog, db: Database, *, refresh_s: float) -> LiveCatalog:
        """The catalog with the database's entries merged in (not refreshing yet: ``start``)."""
        live = cls(catalog, CatalogStore(db), refresh_s=refresh_s)
        await live.refresh(force=True)
        return live

    def bind(self, *, ensure_engine: Callable[[str], Awaitable[None]], loaded: Callable[[], set[str]]) -> None:
        """Once the engines exist: how to start one a new entry needs, and which models are loaded."""
        self._ensure_engine = ensure_engine
        self._loaded = loaded

    def entry(self, kind: EntryKind, entry_id: str) -> Entry | None:
        return self.entries.get((kind, entry_id))

    async def refresh(self, *, force: bool = False) -> bool:
        """Re-read the entries if another process (or this one) changed them; True if it did."""
        async with self._lock:
            revision = await self.store.revision()
            downloading = any(e.status is EntryStatus.downloading for e in self.entries.values())
            if not force and revision == self._revision and not downloading:
                return False
            entries = await self.store.entries()
            await self._apply(entries)
            self._revision = revision
            return True

    async def _apply(self, entries: list[Entry]) -> None:
        models: dict[str, ModelSpec] = {}
        loras: dict[str, LoraSpec] = {}
        controlnets: dict[str, ControlNetSpec] = {}
        annotators: dict[str, AnnotatorSpec] = {}
        pending: dict[str, str] = {}
        for entry in entries:
            if self.files.has(entry.kind, entry.id):
                continue  # the file entry wins
            if entry.status is not EntryStatus.ready:
                if entry.kind is EntryKind.model:
                    pending[entry.id] = progress_text(entry)
                continue
            try:
                spec = SPEC_TYPES[entry.kind].model_validate(entry.spec)
            except ValidationError as exc:
                log.warning("catalog entry %s '%s' skipped: %s", entry.kind.value, entry.id, exc)
                continue
            if isinstance(spec, ModelSpec):
                if self._ensure_engine is not None:
                    await self._ensure_engine(spec.engine)
                models[spec.id] = spec
            elif isinstance(spec, LoraSpec):
                loras[spec.id] = spec
            elif isinstance(spec, AnnotatorSpec):
                annotators[spec.id] = spec
            else:
                controlnets[spec.id] = spec
        self.entries = {(e.kind, e.id): e for e in entries}
        catalog = self.catalog
        catalog.models = {**self.files.models, **models}
        catalog.loras = {**self.files.loras, **loras}
        catalog.controlnets = {**self.files.controlnets, **controlnets}
        catalog.annotators = {**self.files.annotators, **annotators}
        catalog.pending = pending
        if self._file_default is None:
            # No default in the files: the first run-time model that draws one.
            catalog.default_id = next((s.id for s in models.values() if Task.txt2img in s.tasks), None)

    # -- the refresh loop ------------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="catalog-refresh")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.refresh_s)
            try:
                if await self.refresh():
                    log.info("catalog refreshed: %d models", len(self.catalog.models))
                await self._touch_loaded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database may be briefly away: try again next time
                log.warning("catalog refresh failed: %s", exc)

    async def _touch_loaded(self) -> None:
        """Run-time models loaded here count as used (the disk budget evicts the least recent);
        written at most once a minute per model."""
        if self._loaded is None:
            return
        now = utcnow()
        due = [
            model_id
            for model_id in self._loaded()
            if (EntryKind.model, model_id) in self.entries
            and now - self._touched_at.get(model_id, now - timedelta(hours=1)) > timedelta(minutes=1)
        ]
        if due:
            await self.store.touch(EntryKind.model, due)
            self._touched_at.update(dict.fromkeys(due, now))

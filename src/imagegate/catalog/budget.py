"""The disk budget of the models folder: a pull that cannot fit fails before it fills the disk, and
pulled models nobody used for longest are evicted (files and entry, with a log line) to make room."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from imagegate.catalog.errors import PullFailed
from imagegate.catalog.store import CatalogStore, Entry, EntryKind, EntryStatus

log = logging.getLogger("imagegate.catalog")


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


class DiskBudget:
    def __init__(
        self,
        store: CatalogStore,
        models_dir: Path,
        *,
        max_bytes: int | None,
        in_use: Callable[[], set[str]] = set,
    ):
        self.store = store
        self.models_dir = models_dir
        self.max_bytes = max_bytes
        self.in_use = in_use  # model ids loaded in this process: never evicted

    async def check_fits(self, total: int) -> None:
        if self.max_bytes is not None and total > self.max_bytes:
            raise PullFailed(
                f"it needs {_mb(total)}, more than the models disk budget of {_mb(self.max_bytes)} "
                "(IMAGEGATE_MODELS_MAX_GB)"
            )
        self.models_dir.mkdir(parents=True, exist_ok=True)
        free = (await asyncio.to_thread(shutil.disk_usage, self.models_dir)).free
        if total > free:
            raise PullFailed(f"the disk is full: it needs {_mb(total)} and {_mb(free)} are free in {self.models_dir}")

    async def pulled(self) -> list[Entry]:
        """Pulled entries holding files, least recently used first."""
        entries = [e for e in await self.store.entries() if e.path and e.status is EntryStatus.ready]
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(entries, key=lambda e: e.last_used_at or e.updated_at or oldest)

    async def make_room(self, size: int, *, keep: set[tuple[EntryKind, str]]) -> None:
        if self.max_bytes is None:
            return
        entries = await self.pulled()
        used = sum(e.size_bytes for e in entries)
        loaded = self.in_use()
        for entry in entries:
            if used + size <= self.max_bytes:
                return
            if (entry.kind, entry.id) in keep or entry.id in loaded:
                continue
            await self.store.delete(entry.kind, entry.id)
            if entry.path:
                await asyncio.to_thread(shutil.rmtree, entry.path, True)
            used -= entry.size_bytes
            log.warning(
                "evicted %s '%s' (%s, last used %s) to stay within the models disk budget of %s",
                entry.kind.value,
                entry.id,
                _mb(entry.size_bytes),
                entry.last_used_at.isoformat() if entry.last_used_at else "never",
                _mb(self.max_bytes),
                extra={"model": entry.id, "bytes": entry.size_bytes},
            )
        if used + size > self.max_bytes:
            raise PullFailed(
                f"it needs {_mb(size)} but the models in use already take {_mb(used)} of the "
                f"{_mb(self.max_bytes)} budget (IMAGEGATE_MODELS_MAX_GB); remove a model or raise the budget"
            )

"""``CatalogStore``: the one writer of the run-time catalog (``catalog_entries``) and of its revision
counter. Every write bumps the counter in the same transaction, so a process that polls the counter
(one tiny read) knows when to re-read the entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError

from imagegate.db import Database
from imagegate.db.tables import catalog_entries, catalog_revision
from imagegate.db.types import utcnow


class EntryKind(StrEnum):
    model = "model"
    lora = "lora"
    controlnet = "controlnet"
    annotator = "annotator"


class EntryStatus(StrEnum):
    downloading = "downloading"
    ready = "ready"
    failed = "failed"


@dataclass(frozen=True)
class Entry:
    """One run-time catalog entry as stored: its spec (a ``ModelSpec``/``LoraSpec``/``ControlNetSpec``/
    ``AnnotatorSpec`` as JSON), where it is pulled from, and how its download stands."""

    kind: EntryKind
    id: str
    spec: dict[str, Any]
    origin: dict[str, Any] | None
    status: EntryStatus
    bytes_done: int
    bytes_total: int | None
    error: str | None
    path: str | None
    size_bytes: int
    created_at: datetime
    updated_at: datetime
    last_used_at: datetime | None


def _entry(row: RowMapping) -> Entry:
    return Entry(
        kind=EntryKind(row["kind"]),
        id=row["id"],
        spec=dict(row["spec"]),
        origin=dict(row["origin"]) if row["origin"] is not None else None,
        status=EntryStatus(row["status"]),
        bytes_done=int(row["bytes_done"] or 0),
        bytes_total=int(row["bytes_total"]) if row["bytes_total"] is not None else None,
        error=row["error"],
        path=row["path"],
        size_bytes=int(row["size_bytes"] or 0),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        last_used_at=row["last_used_at"],
    )


def _bump(conn: Connection) -> None:
    conn.execute(update(catalog_revision).where(catalog_revision.c.id == 1).values(value=catalog_revision.c.value + 1))


def _key(kind: EntryKind, entry_id: str) -> tuple[Any, ...]:
    return (catalog_entries.c.kind == kind.value, catalog_entries.c.id == entry_id)


class CatalogStore:
    def __init__(self, db: Database):
        self.db = db

    async def revision(self) -> int:
        query = select(catalog_revision.c.value).where(catalog_revision.c.id == 1)
        return await self.db.run(lambda conn: int(conn.execute(query).scalar_one_or_none() or 0))

    async def entries(self) -> list[Entry]:
        query = select(catalog_entries).order_by(catalog_entries.c.created_at, catalog_entries.c.id)
        return await self.db.run(lambda conn: [_entry(r) for r in conn.execute(query).mappings()])

    async def get(self, kind: EntryKind, entry_id: str) -> Entry | None:
        query = select(catalog_entries).where(*_key(kind, entry_id))
        row = await self.db.run(lambda conn: conn.execute(query).mappings().first())
        return _entry(row) if row else None

    async def add(
        self,
        kind: EntryKind,
        entry_id: str,
        spec: dict[str, Any],
        *,
        status: EntryStatus,
        origin: dict[str, Any] | None = None,
        path: str | None = None,
        size_bytes: int = 0,
    ) -> Entry | None:
        """Insert an entry; None if one with this id already exists."""
        now = utcnow()
        values = dict(
            kind=kind.value,
            id=entry_id,
            spec=spec,
            origin=origin,
            status=status.value,
            bytes_done=0,
            path=path,
            size_bytes=size_bytes,
            created_at=now,
            updated_at=now,
        )

        def unit(conn: Connection) -> bool:
            conn.execute(insert(catalog_entries).values(**values))
            _bump(conn)
            return True

        try:
            await self.db.run(unit, write=True)
        except IntegrityError:
            return None
        return await self.get(kind, entry_id)

    async def update_spec(self, kind: EntryKind, entry_id: str, spec: dict[str, Any]) -> Entry | None:
        return await self._update(kind, entry_id, (), spec=spec)

    async def delete(self, kind: EntryKind, entry_id: str) -> Entry | None:
        """Remove an entry (a download under way notices at its next progress report and stops)."""

        def unit(conn: Connection) -> RowMapping | None:
            row = conn.execute(select(catalog_entries).where(*_key(kind, entry_id))).mappings().first()
            if row is not None:
                conn.execute(delete(catalog_entries).where(*_key(kind, entry_id)))
                _bump(conn)
            return row

        row = await self.db.run(unit, write=True)
        return _entry(row) if row else None

    async def touch(self, kind: EntryKind, entry_ids: list[str]) -> None:
        """Record that these entries were used just now (the disk budget evicts the least recent)."""
        if not entry_ids:
            return
        statement = (
            update(catalog_entries)
            .where(catalog_entries.c.kind == kind.value, catalog_entries.c.id.in_(entry_ids))
            .values(last_used_at=utcnow())
        )
        await self.db.run(lambda conn: conn.execute(statement), write=True)

    # -- downloads -----------------------------------------------------------------------------

    async def claim_pull(self, owner: str, *, lease_s: float, skip: set[tuple[str, str]]) -> Entry | None:
        """A download nobody holds (new, or its holder's lease ran out: it died), now held by ``owner``."""
        now = utcnow()
        free = or_(
            catalog_entries.c.pull_owner.is_(None),
            catalog_entries.c.pull_owner == owner,
            catalog_entries.c.pull_lease_expires_at < now,
        )
        query = (
            select(catalog_entries.c.kind, catalog_entries.c.id)
            .where(catalog_entries.c.status == EntryStatus.downloading.value, free)
            .order_by(catalog_entries.c.created_at)
        )

        def unit(conn: Connection) -> tuple[str, str] | None:
            for kind, entry_id in conn.execute(query).all():
                if (kind, entry_id) in skip:
                    continue
                claimed = conn.execute(
                    update(catalog_entries)
                    .where(
                        catalog_entries.c.kind == kind,
                        catalog_entries.c.id == entry_id,
                        catalog_entries.c.status == EntryStatus.downloading.value,
                        free,
                    )
                    .values(pull_owner=owner, pull_lease_expires_at=now + timedelta(seconds=lease_s))
                )
                if claimed.rowcount:
                    return kind, entry_id
            return None

        found = await self.db.run(unit, write=True)
        return await self.get(EntryKind(found[0]), found[1]) if found else None

    async def progress(
        self, kind: EntryKind, entry_id: str, owner: str, *, done: int, total: int | None, lease_s: float
    ) -> bool:
        """Report progress and renew the lease; False when the entry is gone (removed: stop)."""
        values: dict[str, Any] = dict(bytes_done=done, pull_lease_expires_at=utcnow() + timedelta(seconds=lease_s))
        if total is not None:
            values["bytes_total"] = total
        statement = (
            update(catalog_entries)
            .where(
                *_key(kind, entry_id),
                catalog_entries.c.pull_owner == owner,
                catalog_entries.c.status == EntryStatus.downloading.value,
            )
            .values(**values)
        )
        result = await self.db.run(lambda conn: conn.execute(statement).rowcount, write=True)
        return bool(result)

    async def finish_pull(
        self, kind: EntryKind, entry_id: str, owner: str, *, spec: dict[str, Any], path: str, size_bytes: int
    ) -> bool:
        mine = (catalog_entries.c.pull_owner == owner, catalog_entries.c.status == EntryStatus.downloading.value)
        entry = await self._update(
            kind,
            entry_id,
            mine,
            spec=spec,
            status=EntryStatus.ready.value,
            path=path,
            size_bytes=size_bytes,
            bytes_done=size_bytes,
            bytes_total=size_bytes,
            pull_owner=None,
            pull_lease_expires_at=None,
            error=None,
        )
        return entry is not None

    async def fail_pull(self, kind: EntryKind, entry_id: str, owner: str, error: str) -> bool:
        mine = (catalog_entries.c.pull_owner == owner, catalog_entries.c.status == EntryStatus.downloading.value)
        entry = await self._update(
            kind,
            entry_id,
            mine,
            status=EntryStatus.failed.value,
            error=error,
            pull_owner=None,
            pull_lease_expires_at=None,
        )
        return entry is not None

    async def release_pull(self, kind: EntryKind, entry_id: str, owner: str) -> None:
        """Give a download back (this process stops): another one, or this one restarted, resumes it."""
        statement = (
            update(catalog_entries)
            .where(*_key(kind, entry_id), catalog_entries.c.pull_owner == owner)
            .values(pull_owner=None, pull_lease_expires_at=None)
        )
        await self.db.run(lambda conn: conn.execute(statement), write=True)

    async def _update(self, kind: EntryKind, entry_id: str, conditions: tuple[Any, ...], **values: Any) -> Entry | None:
        values["updated_at"] = utcnow()

        def unit(conn: Connection) -> int:
            changed = conn.execute(
                update(catalog_entries).where(and_(*_key(kind, entry_id), *conditions)).values(**values)
            ).rowcount
            if changed:
                _bump(conn)
            return int(changed)

        if not await self.db.run(unit, write=True):
            return None
        return await self.get(kind, entry_id)

"""Per-key settings of the AUTOMATIC1111 dialect, kept in its own table (``a1111_options``): the
``sd_model_checkpoint`` that picks the model of that key's later requests, and every other option a
client set (its UI preferences), returned as set."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from imagegate.db import Database
from imagegate.db.tables import a1111_options
from imagegate.db.types import utcnow


@dataclass
class KeyOptions:
    checkpoint: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


class A1111Options:
    """Per-key settings of the AUTOMATIC1111 dialect."""

    def __init__(self, db: Database):
        self.db = db

    async def get(self, key_id: str) -> KeyOptions:
        async with self.db.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(a1111_options.c.sd_model_checkpoint, a1111_options.c.options).where(
                        a1111_options.c.key_id == key_id
                    )
                )
            ).first()
        return KeyOptions(row[0], dict(row[1] or {})) if row else KeyOptions()

    async def checkpoint(self, key_id: str) -> str | None:
        return (await self.get(key_id)).checkpoint

    async def set_checkpoint(self, key_id: str, model_id: str) -> None:
        await self._save(key_id, {"sd_model_checkpoint": model_id})

    async def merge_options(self, key_id: str, options: dict[str, Any]) -> None:
        """Add ``options`` to the key's own (a later value of a name replaces the earlier one)."""
        current = (await self.get(key_id)).options
        await self._save(key_id, {"options": {**current, **options}})

    async def _save(self, key_id: str, values: dict[str, Any]) -> None:
        for _ in range(2):  # insert-or-update without dialect-specific upserts
            async with self.db.connect() as conn:
                done = await conn.execute(
                    update(a1111_options).where(a1111_options.c.key_id == key_id).values(**values, updated_at=utcnow())
                )
                if done.rowcount == 1:
                    return
            try:
                async with self.db.connect() as conn:
                    await conn.execute(insert(a1111_options).values(key_id=key_id, **values, updated_at=utcnow()))
                return
            except IntegrityError:
                continue  # another request inserted it meanwhile: update that row

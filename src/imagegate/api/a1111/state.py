"""Per-key settings of the AUTOMATIC1111 dialect, kept in its own table (``a1111_options``): only
``sd_model_checkpoint`` is settable, and it picks the model of that key's later requests."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from imagegate.db import Database
from imagegate.db.tables import a1111_options
from imagegate.db.types import utcnow


class A1111Options:
    """Per-key settings of the AUTOMATIC1111 dialect (only ``sd_model_checkpoint`` is settable)."""

    def __init__(self, db: Database):
        self.db = db

    async def checkpoint(self, key_id: str) -> str | None:
        async with self.db.engine.connect() as conn:
            row = (
                await conn.execute(select(a1111_options.c.sd_model_checkpoint).where(a1111_options.c.key_id == key_id))
            ).first()
        return row[0] if row else None

    async def set_checkpoint(self, key_id: str, model_id: str) -> None:
        for _ in range(2):  # insert-or-update without dialect-specific upserts
            async with self.db.connect() as conn:
                done = await conn.execute(
                    update(a1111_options)
                    .where(a1111_options.c.key_id == key_id)
                    .values(sd_model_checkpoint=model_id, updated_at=utcnow())
                )
                if done.rowcount == 1:
                    return
            try:
                async with self.db.connect() as conn:
                    await conn.execute(
                        insert(a1111_options).values(key_id=key_id, sd_model_checkpoint=model_id, updated_at=utcnow())
                    )
                return
            except IntegrityError:
                continue  # another request inserted it meanwhile: update that row

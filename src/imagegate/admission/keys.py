"""API keys: created once, shown once, stored only as SHA-256 hashes.

Keys are 32 random bytes, so a fast hash is enough (there is nothing to brute-force); every request
looks its key up by hash, which makes revocation take effect on the very next request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import insert, select, update
from sqlalchemy.engine import RowMapping

from imagegate.db import Database
from imagegate.db.tables import api_keys
from imagegate.db.types import utcnow
from imagegate.domain.ids import new_id

KEY_PREFIX = "ig_"


class Scope(StrEnum):
    admin = "admin"
    generate = "generate"


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    prefix: str
    scopes: tuple[Scope, ...]
    created_at: datetime
    revoked_at: datetime | None = None

    def has(self, scope: Scope) -> bool:
        return scope in self.scopes or Scope.admin in self.scopes


def hash_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def looks_like_key(value: str) -> bool:
    return value.startswith(KEY_PREFIX) and 20 <= len(value) <= 100


def _row(row: RowMapping) -> ApiKey:
    return ApiKey(
        id=row["id"],
        name=row["name"],
        prefix=row["prefix"],
        scopes=tuple(Scope(s) for s in row["scopes"]),
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
    )


class KeyStore:
    def __init__(self, db: Database):
        self.db = db

    async def create(self, name: str, scopes: list[Scope], *, plaintext: str | None = None) -> tuple[ApiKey, str]:
        """Create a key; returns it with its plaintext, which is never stored or shown again."""
        plaintext = plaintext or KEY_PREFIX + secrets.token_urlsafe(32)
        key = ApiKey(id=new_id("key"), name=name, prefix=plaintext[:10], scopes=tuple(scopes), created_at=utcnow())
        async with self.db.connect() as conn:
            await conn.execute(
                insert(api_keys).values(
                    id=key.id,
                    name=key.name,
                    prefix=key.prefix,
                    key_hash=hash_key(plaintext),
                    scopes=[s.value for s in key.scopes],
                    created_at=key.created_at,
                )
            )
        return key, plaintext

    async def authenticate(self, plaintext: str) -> ApiKey | None:
        query = select(api_keys).where(api_keys.c.key_hash == hash_key(plaintext))
        row = await self.db.run(lambda conn: conn.execute(query).mappings().first())
        if row is None or row["revoked_at"] is not None:
            return None
        return _row(row)

    async def get(self, key_id: str) -> ApiKey | None:
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(select(api_keys).where(api_keys.c.id == key_id))).mappings().first()
        return _row(row) if row else None

    async def list_keys(self, *, include_revoked: bool = False) -> list[ApiKey]:
        query = select(api_keys).order_by(api_keys.c.created_at)
        if not include_revoked:
            query = query.where(api_keys.c.revoked_at.is_(None))
        async with self.db.engine.connect() as conn:
            return [_row(r) for r in (await conn.execute(query)).mappings()]

    async def revoke(self, key_id: str) -> ApiKey | None:
        async with self.db.connect() as conn:
            await conn.execute(
                update(api_keys)
                .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
        return await self.get(key_id)

    async def ensure(self, plaintext: str, *, name: str, scopes: list[Scope]) -> ApiKey:
        """Make sure this exact key exists and is active (used for the admin key from settings)."""
        existing = await self.authenticate(plaintext)
        if existing is not None:
            return existing
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(select(api_keys.c.id).where(api_keys.c.key_hash == hash_key(plaintext)))).first()
        if row is not None:  # it was revoked: the operator asked for it by configuration, so revive it
            async with self.db.connect() as conn:
                await conn.execute(update(api_keys).where(api_keys.c.id == row[0]).values(revoked_at=None))
            key = await self.get(row[0])
            assert key is not None
            return key
        key, _ = await self.create(name, scopes, plaintext=plaintext)
        return key

    async def any_admin(self) -> bool:
        return any(Scope.admin in k.scopes for k in await self.list_keys())

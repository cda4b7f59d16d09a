"""Per-key settings beside the key itself: plan, budgets, safety policy, budget-alert webhook and
the webhook signing secret. A key without a row uses the server's defaults."""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from imagegate.db import Database
from imagegate.db.tables import key_policies
from imagegate.db.types import utcnow
from imagegate.domain.policy import SafetyPolicy
from imagegate.webhooks.signing import SECRET_PREFIX


def new_webhook_secret() -> str:
    """A Standard Webhooks symmetric secret: ``whsec_`` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


@dataclass(frozen=True)
class KeyPolicy:
    key_id: str
    plan: str | None = None
    budget_daily: float | None = None
    budget_monthly: float | None = None
    safety: SafetyPolicy | None = None
    alert_webhook: str | None = None
    webhook_secret: str | None = None
    webhook_secret_previous: str | None = None
    webhook_secret_previous_until: datetime | None = None
    updated_at: datetime | None = None

    def signing_secrets(self, now: datetime) -> list[str]:
        """The secrets every message is signed with: the current one, and the previous one while
        its grace period lasts (receivers can switch without missing a delivery)."""
        found = [self.webhook_secret] if self.webhook_secret else []
        until = self.webhook_secret_previous_until
        if self.webhook_secret_previous and until is not None and until > now:
            found.append(self.webhook_secret_previous)
        return found


def _policy(row: Any) -> KeyPolicy:
    return KeyPolicy(
        key_id=row["key_id"],
        plan=row["plan"],
        budget_daily=row["budget_daily"],
        budget_monthly=row["budget_monthly"],
        safety=SafetyPolicy.model_validate(row["safety"]) if row["safety"] else None,
        alert_webhook=row["alert_webhook"],
        webhook_secret=row["webhook_secret"],
        webhook_secret_previous=row["webhook_secret_previous"],
        webhook_secret_previous_until=row["webhook_secret_previous_until"],
        updated_at=row["updated_at"],
    )


class PolicyStore:
    """Reads are cached for ``ttl_s`` (changes made through this process show at once; other
    processes see them within the TTL)."""

    def __init__(self, db: Database, *, ttl_s: float = 2.0):
        self.db = db
        self.ttl_s = ttl_s
        self._cache: dict[str, tuple[float, KeyPolicy]] = {}

    async def get(self, key_id: str) -> KeyPolicy:
        hit = self._cache.get(key_id)
        if hit is not None and time.monotonic() - hit[0] < self.ttl_s:
            return hit[1]
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(select(key_policies).where(key_policies.c.key_id == key_id))).mappings().first()
        policy = _policy(row) if row else KeyPolicy(key_id=key_id)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[key_id] = (time.monotonic(), policy)
        return policy

    async def update(self, key_id: str, **changes: Any) -> KeyPolicy:
        """Set the given columns (``None`` clears one back to the default)."""
        values = {k: (v.model_dump(mode="json") if isinstance(v, SafetyPolicy) else v) for k, v in changes.items()}
        values["updated_at"] = utcnow()
        for _ in range(3):
            async with self.db.connect() as conn:
                done = await conn.execute(update(key_policies).where(key_policies.c.key_id == key_id).values(**values))
            if done.rowcount == 1:
                break
            try:
                async with self.db.connect() as conn:
                    await conn.execute(insert(key_policies).values(key_id=key_id, **values))
                break
            except IntegrityError:
                continue  # created concurrently: update it
        self._cache.pop(key_id, None)
        return await self.get(key_id)

    async def ensure_secret(self, key_id: str) -> KeyPolicy:
        """The key's policy with a webhook secret, creating the secret on first use."""
        policy = await self.get(key_id)
        if policy.webhook_secret:
            return policy
        secret = new_webhook_secret()
        async with self.db.connect() as conn:
            done = await conn.execute(
                update(key_policies)
                .where(key_policies.c.key_id == key_id, key_policies.c.webhook_secret.is_(None))
                .values(webhook_secret=secret, updated_at=utcnow())
            )
        if done.rowcount == 0:
            current = await self._fresh(key_id)
            if current is None or not current.webhook_secret:
                try:
                    async with self.db.connect() as conn:
                        await conn.execute(
                            insert(key_policies).values(key_id=key_id, webhook_secret=secret, updated_at=utcnow())
                        )
                except IntegrityError:
                    pass  # another request created it first; theirs stands
        self._cache.pop(key_id, None)
        return await self._fresh(key_id) or replace(policy, webhook_secret=secret)

    async def signing_secrets(self, key_id: str, now: datetime) -> list[str]:
        """The secrets that sign this key's webhooks now (``webhooks.delivery.SigningSecrets``)."""
        return (await self.ensure_secret(key_id)).signing_secrets(now)

    async def rotate_secret(self, key_id: str, *, grace_s: float) -> KeyPolicy:
        """A new secret; the old one keeps signing (beside the new) for ``grace_s`` seconds."""
        current = await self.ensure_secret(key_id)
        until = utcnow() + timedelta(seconds=grace_s) if grace_s > 0 else None
        return await self.update(
            key_id,
            webhook_secret=new_webhook_secret(),
            webhook_secret_previous=current.webhook_secret if until else None,
            webhook_secret_previous_until=until,
        )

    async def _fresh(self, key_id: str) -> KeyPolicy | None:
        self._cache.pop(key_id, None)
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(select(key_policies).where(key_policies.c.key_id == key_id))).mappings().first()
        return _policy(row) if row else None

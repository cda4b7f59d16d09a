"""Per-key rate limits (requests and images per minute) with the ``limits`` library.

A moving window is exact: of N + k requests in one minute exactly N pass, however they are timed.
The async API is used directly so that no check ever blocks the event loop. Every answer carries
``RateLimit-Policy`` and ``RateLimit`` headers (IETF httpapi ratelimit-headers draft); a refusal
also carries ``Retry-After``.

Windows live in this process's memory by default (``rate_limit_storage = "memory://"``); with
``async+redis://host:port/db`` every server process shares them. Should Redis fail, requests are
let through (and the failure logged): budgets and quotas, which protect money, live in the database.
"""

from __future__ import annotations

import logging
import math
import re
import time
from dataclasses import dataclass, field

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from imagegate.domain.policy import Plan
from imagegate.errors import ConfigError, RateLimited

log = logging.getLogger("imagegate.ratelimit")


def _redact(uri: str) -> str:
    return re.sub(r"//[^@/]*@", "//***@", uri)


@dataclass
class LimitState:
    """What the RateLimit headers describe: policies as (name, quota, window s, remaining, reset s)."""

    policies: list[tuple[str, int, int, int, int]] = field(default_factory=list)

    def add(self, name: str, quota: int, window_s: int, remaining: int, reset_s: float) -> None:
        self.policies.append((name, quota, window_s, max(0, remaining), max(0, math.ceil(reset_s))))

    def headers(self) -> dict[str, str]:
        if not self.policies:
            return {}
        return {
            "RateLimit-Policy": ", ".join(f'"{n}";q={q};w={w}' for n, q, w, _, _ in self.policies),
            "RateLimit": ", ".join(f'"{n}";r={r};t={t}' for n, _, _, r, t in self.policies),
        }


class RateLimiter:
    def __init__(self, storage_uri: str = "memory://") -> None:
        if storage_uri.startswith("memory://"):
            storage: Storage = MemoryStorage()
        else:
            try:
                found = storage_from_string(storage_uri, implementation="redispy", key_prefix="imagegate")
            except Exception as exc:  # e.g. the redis package is missing: pip install "imagegate[redis]"
                raise ConfigError(f"rate_limit_storage: {exc} (install with: pip install 'imagegate[redis]')") from None
            if not isinstance(found, Storage):
                raise ValueError(f"rate_limit_storage: {storage_uri!r} is not an async storage (use async+redis://)")
            storage = found
        self.storage_uri = storage_uri
        self._limiter = MovingWindowRateLimiter(storage)
        self._items: dict[int, RateLimitItem] = {}
        self.failures = 0

    def address(self) -> str:
        """The storage's address without credentials, for messages."""
        return _redact(self.storage_uri)

    async def check(self) -> bool:
        """Whether the storage answers (for readiness checks)."""
        try:
            return bool(await self._limiter.storage.check())
        except Exception:
            return False

    def _item(self, per_minute: int) -> RateLimitItem:
        item = self._items.get(per_minute)
        if item is None:
            item = self._items[per_minute] = RateLimitItemPerMinute(per_minute)
        return item

    async def hit(self, key_id: str, plan_name: str, plan: Plan, *, images: int, state: LimitState) -> None:
        """Count one request of ``images`` images; raise ``RateLimited`` if a limit is reached."""
        checks = [("requests", plan.requests_per_minute, 1), ("images", plan.images_per_minute, images)]
        for name, per_minute, cost in checks:
            if per_minute is None:
                continue
            item = self._item(per_minute)
            identity = (key_id, plan_name, name)
            try:
                allowed = cost <= per_minute and await self._limiter.hit(item, *identity, cost=cost)
                stats = await self._limiter.get_window_stats(item, *identity)
            except Exception as exc:  # the shared storage is down: let the request through
                self.failures += 1
                log.error("rate-limit storage %s failed (%s); request allowed", _redact(self.storage_uri), exc)
                return
            reset_s = stats.reset_time - time.time() if stats.remaining < per_minute else 0.0
            state.add(name, per_minute, 60, stats.remaining, reset_s)
            if not allowed:
                if cost > per_minute:
                    message = f"{cost} images exceed this key's limit of {per_minute} images per minute"
                    retry = 60.0
                else:
                    message = f"rate limit of {per_minute} {name} per minute reached; retry after the reset"
                    # With a cost above 1 the window must free that much; its oldest entry's expiry is
                    # the earliest moment anything frees, so it is a lower bound (and Retry-After's value).
                    retry = max(1.0, reset_s)
                raise RateLimited(message, retry_after=retry, headers=state.headers())

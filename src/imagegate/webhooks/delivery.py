"""The delivery worker: sends due outbox messages, signed, through the SSRF guard.

Success is any 2xx. 410 Gone disables the endpoint for that key. Anything else (3xx included:
redirects are not followed, connection errors, timeouts) is retried with exponential backoff and
jitter, honouring ``Retry-After``, until ``webhook_retry_window_s`` after the message was created;
then the message is marked failed. A destination that resolves to a refused address fails at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

import httpx

from imagegate.client import parse_retry_after
from imagegate.db.types import utcnow
from imagegate.net.guard import BlockedAddress, UrlPolicy, guarded_client
from imagegate.webhooks import signing
from imagegate.webhooks.outbox import DELIVERED, DISABLED, FAILED, PENDING, Message, Outbox

log = logging.getLogger("imagegate.webhooks")

OnOutcome = Callable[[str, str], None]  # (event, outcome) → metrics


def backoff_s(attempt: int, *, base_s: float, max_s: float) -> float:
    """Delay before retry ``attempt`` (1-based): doubling from ``base_s``, capped, with "equal
    jitter" (half fixed, half random) so that many failed endpoints do not retry in lock-step."""
    raw = min(max_s, base_s * 2 ** (attempt - 1))
    return raw / 2 + random.uniform(0, raw / 2)


class SigningSecrets(Protocol):
    """Where a key's webhook signing secrets come from (the key policies): created on first use,
    two of them while a rotation's grace period runs."""

    async def signing_secrets(self, key_id: str, now: datetime) -> list[str]: ...


class DeliveryWorker:
    def __init__(
        self,
        *,
        outbox: Outbox,
        secrets: SigningSecrets,
        url_policy: UrlPolicy,
        timeout_s: float,
        retry_window_s: float,
        backoff_base_s: float,
        backoff_max_s: float,
        concurrency: int,
        on_outcome: OnOutcome | None = None,
        poll_interval_s: float = 1.0,
    ):
        self.outbox = outbox
        self.secrets = secrets
        self.url_policy = url_policy
        self.timeout_s = timeout_s
        self.retry_window_s = retry_window_s
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.concurrency = concurrency
        self.on_outcome = on_outcome
        self.poll_interval_s = poll_interval_s
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._inflight: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None

    def start(self) -> None:
        self._client = guarded_client(self.url_policy, timeout=self.timeout_s, max_redirects=0)
        self._task = asyncio.create_task(self._loop(), name="webhook-delivery")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, *, grace_s: float = 5.0) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._inflight:
            await asyncio.wait(self._inflight, timeout=grace_s)
            for task in self._inflight:
                task.cancel()  # its message's lease runs out and another start sends it again
        if self._client is not None:
            await self._client.aclose()

    async def _loop(self) -> None:
        while True:
            self._wake.clear()
            try:
                free = self.concurrency - len(self._inflight)
                if free > 0:
                    lease = self.timeout_s * 2 + 30
                    for msg in await self.outbox.claim_due(utcnow(), limit=free, lease_s=lease):
                        task = asyncio.create_task(self._deliver(msg), name=f"webhook-{msg.id}")
                        self._inflight.add(task)
                        task.add_done_callback(self._done)
            except Exception:
                log.exception("claiming webhook messages failed; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval_s)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._inflight.discard(task)
        self._wake.set()  # a slot is free

    async def _deliver(self, msg: Message) -> None:
        assert self._client is not None
        body = msg.body.encode()
        now = utcnow()
        secrets = await self.secrets.signing_secrets(msg.key_id, now)
        headers = signing.headers(secrets, msg.id, int(time.time()), body)
        headers |= {"content-type": "application/json", "user-agent": "imagegate-webhooks"}
        status: int | None = None
        error: str | None = None
        wait_hint: float | None = None
        started = time.perf_counter()
        try:
            response = await self._client.post(msg.url, content=body, headers=headers, follow_redirects=False)
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}"
                wait_hint = parse_retry_after(response.headers) if status in (429, 502, 503, 504) else None
        except BlockedAddress as exc:
            await self._finish(msg, FAILED, None, f"refused destination: {exc}", started)
            return
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        except Exception as exc:  # keep the worker alive whatever one endpoint does
            log.exception("webhook %s: unexpected delivery failure", msg.id)
            error = f"{type(exc).__name__}: {exc}"
        if status is not None and 200 <= status < 300:
            await self._finish(msg, DELIVERED, status, None, started)
        elif status == 410:
            # The endpoint first: whoever sees this message disabled then finds the endpoint disabled too.
            disabled = await self.outbox.disable_endpoint(msg.key_id, msg.url, reason="answered 410 Gone", now=now)
            await self._finish(msg, DISABLED, status, "endpoint answered 410 Gone; it is now disabled", started)
            log.warning(
                "webhook endpoint disabled after 410 Gone (key %s, %d queued messages dropped)", msg.key_id, disabled
            )
        else:
            await self._retry_or_fail(msg, status, error, started, wait_hint)

    async def _retry_or_fail(
        self, msg: Message, status: int | None, error: str | None, started: float, wait_hint: float | None
    ) -> None:
        now = utcnow()
        deadline = msg.created_at + timedelta(seconds=self.retry_window_s)
        delay = backoff_s(msg.attempts + 1, base_s=self.backoff_base_s, max_s=self.backoff_max_s)
        if wait_hint is not None:
            delay = max(delay, min(wait_hint, self.backoff_max_s))
        next_at: datetime = now + timedelta(seconds=delay)
        if now >= deadline:
            await self._finish(msg, FAILED, status, f"{error}; gave up after retrying for the whole window", started)
            return
        next_at = min(next_at, deadline)  # one last attempt when the window closes
        elapsed = (time.perf_counter() - started) * 1000
        await self.outbox.record(
            msg, at=now, status_code=status, error=error, duration_ms=elapsed, outcome=PENDING, next_attempt_at=next_at
        )
        self._count(msg, "retry")

    async def _finish(self, msg: Message, outcome: str, status: int | None, error: str | None, started: float) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        await self.outbox.record(
            msg, at=utcnow(), status_code=status, error=error, duration_ms=elapsed, outcome=outcome
        )
        self._count(msg, outcome)

    def _count(self, msg: Message, outcome: str) -> None:
        if self.on_outcome is not None:
            self.on_outcome(msg.event, outcome)

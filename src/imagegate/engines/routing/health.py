"""Per-target health for routes: a cooldown after each failure, a circuit breaker after repeated
ones, and a retry budget per route. In memory, per server process (each worker of a scale-out
setup learns on its own; a failing provider is found out within ``failure_threshold`` attempts).

Circuit breaker: closed → (``failure_threshold`` consecutive failures) → open for ``open_s`` →
half-open: exactly one attempt (the probe) goes through; its success closes the circuit, its
failure opens it again. Cooldown: after any failure the target is skipped for ``cooldown_s``, or
for the provider's Retry-After when that is longer.

Retry budget (after Finagle's): over the last ``retry_window_s``, fallbacks may number at most
``retry_min + retry_ratio × first attempts``, so an outage of every target cannot multiply traffic.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from imagegate.domain.models import RouteConfig

Clock = Callable[[], float]


@dataclass
class TargetState:
    failures: int = 0  # consecutive
    cooldown_until: float = 0.0
    open_until: float | None = None  # None: the circuit is closed
    probing: bool = False
    last_error: str | None = None


@dataclass(frozen=True)
class Admission:
    allowed: bool
    reason: str | None = None  # why not (or "probe" when allowed as the half-open probe)
    until: float | None = None  # when it may be tried again (monotonic)


class TargetHealth:
    def __init__(self, clock: Clock = time.monotonic):
        self.clock = clock
        self._states: dict[str, TargetState] = {}

    def state(self, target: str) -> TargetState:
        return self._states.setdefault(target, TargetState())

    def admit(self, target: str) -> Admission:
        """May ``target`` be tried now? Allowing a half-open probe reserves it."""
        now, s = self.clock(), self.state(target)
        if s.open_until is not None:
            if now < s.open_until:
                return Admission(False, "circuit_open", s.open_until)
            if s.probing:
                return Admission(False, "circuit_half_open", now + 1.0)
            s.probing = True
            return Admission(True, "probe")
        if now < s.cooldown_until:
            return Admission(False, "cooling_down", s.cooldown_until)
        return Admission(True)

    def success(self, target: str) -> None:
        s = self.state(target)
        s.failures, s.cooldown_until, s.open_until, s.probing, s.last_error = 0, 0.0, None, False, None

    def failure(self, target: str, policy: RouteConfig, *, retry_after: float | None, error: str) -> None:
        now, s = self.clock(), self.state(target)
        s.failures += 1
        s.last_error = error
        s.cooldown_until = now + max(policy.cooldown_s, retry_after or 0.0)
        if s.probing or s.failures >= policy.failure_threshold:
            s.open_until = max(now + policy.open_s, s.cooldown_until)
        s.probing = False

    def release(self, target: str) -> None:
        """The attempt ended without telling anything about the target (canceled, user error)."""
        self.state(target).probing = False

    def snapshot(self, target: str) -> dict[str, Any]:
        now, s = self.clock(), self.state(target)
        if s.open_until is not None:
            state = "open" if now < s.open_until else "half_open"
            until = s.open_until
        elif now < s.cooldown_until:
            state, until = "cooling_down", s.cooldown_until
        else:
            state, until = "available", None
        out: dict[str, Any] = {"state": state, "consecutive_failures": s.failures}
        if until is not None and until > now:
            out["available_at"] = (
                datetime.fromtimestamp(time.time() + (until - now), UTC).isoformat().replace("+00:00", "Z")
            )
        if s.last_error:
            out["last_error"] = s.last_error
        return out


class RetryBudget:
    def __init__(self, policy: RouteConfig, clock: Clock = time.monotonic):
        self.policy = policy
        self.clock = clock
        self._events: deque[tuple[float, bool]] = deque()  # (when, is a retry)

    def _prune(self, now: float) -> None:
        horizon = now - self.policy.retry_window_s
        while self._events and self._events[0][0] < horizon:
            self._events.popleft()

    def record(self, *, retry: bool) -> None:
        now = self.clock()
        self._prune(now)
        self._events.append((now, retry))

    def allows_retry(self) -> bool:
        self._prune(self.clock())
        retries = sum(1 for _, is_retry in self._events if is_retry)
        firsts = len(self._events) - retries
        return retries < self.policy.retry_min + self.policy.retry_ratio * firsts

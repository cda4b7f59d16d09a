"""Cooldown, circuit breaker and retry budget of route targets, on a controlled clock."""

from __future__ import annotations

from imagegate.domain.models import RouteConfig, RouteTarget
from imagegate.engines.routing.health import RetryBudget, TargetHealth


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


POLICY = RouteConfig(
    targets=[RouteTarget(model="a")], cooldown_s=10, failure_threshold=3, open_s=60, retry_ratio=0.5, retry_min=1,
    retry_window_s=30,
)  # fmt: skip


def test_cooldown_after_a_failure_and_retry_after_when_longer() -> None:
    clock = Clock()
    health = TargetHealth(clock)
    assert health.admit("a").allowed
    health.failure("a", POLICY, retry_after=None, error="x")
    refused = health.admit("a")
    assert not refused.allowed and refused.reason == "cooling_down" and refused.until == 1010
    clock.now = 1010.5
    assert health.admit("a").allowed
    health.failure("a", POLICY, retry_after=45, error="429")
    clock.now += 30
    assert health.admit("a").reason == "cooling_down"  # Retry-After (45 s) beats cooldown_s (10 s)
    clock.now += 16
    assert health.admit("a").allowed
    assert health.snapshot("a")["consecutive_failures"] == 2


def test_circuit_opens_admits_one_probe_and_closes_on_success() -> None:
    clock = Clock()
    health = TargetHealth(clock)
    for _ in range(3):
        clock.now += 11
        health.failure("a", POLICY, retry_after=None, error="500")
    assert health.admit("a").reason == "circuit_open" and health.snapshot("a")["state"] == "open"
    clock.now += 61
    assert health.snapshot("a")["state"] == "half_open"
    probe = health.admit("a")
    assert probe.allowed and probe.reason == "probe"
    assert health.admit("a").reason == "circuit_half_open"  # only one probe at a time
    health.failure("a", POLICY, retry_after=None, error="500")
    assert health.admit("a").reason == "circuit_open"  # a failed probe opens it again
    clock.now += 61
    assert health.admit("a").allowed
    health.success("a")
    assert health.snapshot("a") == {"state": "available", "consecutive_failures": 0}
    assert health.admit("a").allowed and health.admit("a").allowed


def test_a_canceled_probe_frees_the_slot() -> None:
    clock = Clock()
    health = TargetHealth(clock)
    for _ in range(3):
        health.failure("a", POLICY, retry_after=None, error="500")
    clock.now += 61
    assert health.admit("a").allowed
    health.release("a")
    assert health.admit("a").allowed


def test_retry_budget_limits_fallbacks_to_a_share_of_first_attempts() -> None:
    clock = Clock()
    budget = RetryBudget(POLICY, clock)
    assert budget.allows_retry()  # retry_min = 1 even with no traffic
    budget.record(retry=True)
    assert not budget.allows_retry()
    for _ in range(4):
        budget.record(retry=False)
    assert budget.allows_retry()  # 1 retry < 1 + 0.5 × 4
    budget.record(retry=True)
    budget.record(retry=True)
    assert not budget.allows_retry()  # 3 retries ≥ 3
    clock.now += 31
    assert budget.allows_retry()  # the window moved on

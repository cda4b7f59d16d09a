"""Routes through a real imagegate server: fallback on 429, 5xx and timeouts (never on the user's
own 4xx), cooldown, every attempt on the job, and billing at the serving target only."""

from __future__ import annotations

import sqlite3

import pytest

from tests.e2e.conftest import Hosted

RATE_LIMITED = {"error": {"message": "Rate limit reached", "type": "requests", "param": None, "code": None}}
SERVER_ERROR = {"error": {"message": "The server had an error", "type": "server_error", "param": None, "code": None}}


def ledger_cost(hosted: Hosted, job_id: str) -> tuple[float, str]:
    db = hosted.server.data_dir / "imagegate.db"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute("select cost, model_id from usage_ledger where job_id = ?", (job_id,)).fetchone()
    return float(row[0]), str(row[1])


@pytest.mark.parametrize(("route", "target", "status", "body"), [
    ("photoreal-fast", "flaky-a", 429, RATE_LIMITED),
    ("photoreal-b", "flaky-b", 500, SERVER_ERROR),
])  # fmt: skip
def test_fallback_from_a_failing_target_then_cooldown(
    hosted: Hosted, route: str, target: str, status: int, body: dict
) -> None:
    flaky = hosted.fakes["flaky"]
    flaky.override("/images/generations", status, body, headers={"retry-after": "30"} if status == 429 else {})
    with hosted.client(hosted.server.new_key(f"route-{route}")) as client:
        before = len(flaky.of("POST"))
        job = hosted.job(client, {"model": route, "prompt": "a harbour at dusk", "width": 1024, "height": 768})
        assert job["status"] == "succeeded", job
        assert job["served_by"] == "flux-dev-fal"
        first, second = job["routing"]
        assert (first["target"], first["outcome"]) == (target, "failed")
        assert first["status"] == 429 if status == 429 else first["upstream_status"] == 500
        assert first["code"] == ("provider_rate_limited" if status == 429 else "provider_unavailable")
        assert (second["target"], second["outcome"]) == ("flux-dev-fal", "succeeded")
        # Billed at the serving target's price only (fal 0.025/image), not the failed one's (0.5).
        assert job["cost"] == pytest.approx(0.025)
        assert ledger_cost(hosted, job["id"]) == (pytest.approx(0.025), route)
        assert any("fallback target 'flux-dev-fal'" in w for w in job["warnings"])

        health = next(m for m in client.get("/v1/models").json()["data"] if m["id"] == route)["route"]["targets"]
        assert health[0]["model"] == target and health[0]["health"]["state"] == "cooling_down"
        assert health[0]["health"]["consecutive_failures"] == 1 and health[0]["health"]["available_at"]

        again = hosted.job(client, {"model": route, "prompt": "another", "width": 1024, "height": 768})
        assert again["status"] == "succeeded" and again["served_by"] == "flux-dev-fal"
        assert again["routing"][0] == {**again["routing"][0], "target": target, "outcome": "skipped",
                                       "reason": "cooling_down"}  # fmt: skip
        assert len(flaky.of("POST")) == before + 1  # the cooled-down target was not called again


def test_a_target_too_slow_is_abandoned_for_the_next(hosted: Hosted) -> None:
    with hosted.client(hosted.server.new_key()) as client:
        job = hosted.job(client, {"model": "patient", "prompt": "in a hurry", "width": 1024, "height": 768})
    assert job["status"] == "succeeded" and job["served_by"] == "flux-dev-fal"
    slow = job["routing"][0]
    assert slow["target"] == "slow-a" and slow["code"] == "provider_timeout" and slow["duration_s"] < 4


def test_a_local_model_backs_up_an_unreachable_provider(hosted: Hosted) -> None:
    with hosted.client(hosted.server.new_key()) as client:
        job = hosted.job(client, {"model": "with-local", "prompt": "offline"})
        assert job["status"] == "succeeded" and job["served_by"] == "tiny-sd1", job
        assert job["routing"][0]["code"] == "provider_unreachable"
        assert job["images"][0]["width"] == 64
        assert job["cost"] == pytest.approx(64 * 64 / 1e6 * 2 * 0.001, abs=1e-8)  # tiny-sd1's megapixel-step price
        # A parameter one target lacks skips that target (recorded) instead of failing the job.
        seeded = hosted.job(client, {"model": "with-local", "prompt": "offline", "seed": 3})
    assert seeded["status"] == "succeeded" and seeded["seeds"] == [3]
    skipped = seeded["routing"][0]
    assert (skipped["outcome"], skipped["reason"]) == ("skipped", "unsuitable") and "seed" in skipped["message"]


def test_the_users_own_error_does_not_fall_back(hosted: Hosted) -> None:
    with hosted.client(hosted.server.new_key()) as client:
        job = hosted.job(client, {"model": "careful", "prompt": "something forbidden"})
    assert job["status"] == "failed" and job["error"]["code"] == "content_moderated"
    assert [(a["target"], a["outcome"]) for a in job["routing"]] == [("gpt-image", "failed")]
    assert job["cost"] is None and job["served_by"] is None


def test_every_target_failing_is_a_503_with_retry_after(hosted: Hosted) -> None:
    flaky = hosted.fakes["flaky"]
    fal = hosted.fakes["fal"]
    with hosted.client(hosted.server.new_key()) as client:
        # photoreal-fast's first target is cooling down (previous test); make the second fail too.
        fal.override("/fal-ai/flux/dev", 503, {"detail": "No runner", "error_type": "runner_scheduling_failure"})
        job = hosted.job(client, {"model": "photoreal-fast", "prompt": "x", "width": 1024, "height": 768})
    assert job["status"] == "failed" and job["error"]["code"] == "route_exhausted"
    assert job["error"]["status"] == 503 and job["error"]["retry_after"] > 0
    assert [a["outcome"] for a in job["routing"]] == ["skipped", "failed"]
    assert "flaky-a: cooling_down" in job["error"]["message"]
    assert flaky.violations == [] and fal.violations == []


def test_the_sdk_sees_routes_and_their_attempts(hosted: Hosted) -> None:
    from imagegate.client import Client

    key = hosted.server.new_key("sdk")
    with Client(base_url=hosted.server.url, api_key=key, max_retries=0) as client:
        models = {m.id: m for m in client.models.list()}
        assert models["with-local"].kind == "route" and models["flux-pro"].kind == "remote"
        assert models["flux-pro"].provider is not None and models["flux-pro"].provider["name"] == "bfl"
        job = client.jobs.create(model="with-local", prompt="sdk", wait=30)
    assert job.status == "succeeded" and job.served_by == "tiny-sd1"
    assert [a.outcome for a in job.routing][-1] == "succeeded"

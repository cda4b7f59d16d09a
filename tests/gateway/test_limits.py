"""Rate limits, daily quotas and budgets through a real server, under concurrent bursts."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.gateway.conftest import PRICE_PER_IMAGE, Gateway
from tests.support.server import ServerProcess

SLOW = {"prompt": "slow", "width": 512, "height": 512, "num_inference_steps": 150}


def burst(gateway: Gateway, key: str, bodies: list[dict]) -> list[httpx.Response]:
    return burst_on(gateway.server, key, bodies)


def burst_on(server: ServerProcess, key: str, bodies: list[dict]) -> list[httpx.Response]:
    """All requests at once, each on its own connection."""

    def post(body: dict) -> httpx.Response:
        with server.client(key) as client:
            return client.post("/v1/jobs", json=body)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(post, bodies))


def wait_idle(client: httpx.Client, timeout: float = 60) -> None:
    """Until no job of the key is queued or running and every reservation is settled."""
    deadline = time.monotonic() + timeout
    while True:
        limits = client.get("/v1/limits").json()
        busy = limits["active_jobs"] or limits["quota"]["reserved"] or any(b["reserved"] for b in limits["budgets"])
        if not busy:
            return
        assert time.monotonic() < deadline, f"jobs did not finish: {limits}"
        time.sleep(0.1)


def test_burst_admits_exactly_the_limit(gateway: Gateway) -> None:
    key, _ = gateway.new_key("burst", plan="burst")  # 5 requests per minute
    responses = burst(gateway, key, [{"prompt": f"burst {i}"} for i in range(8)])
    accepted = [r for r in responses if r.status_code == 202]
    refused = [r for r in responses if r.status_code == 429]
    assert len(accepted) == 5 and len(refused) == 3, [r.status_code for r in responses]
    for r in refused:
        assert r.json()["code"] == "rate_limited"
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert r.headers["ratelimit-policy"] == '"requests";q=5;w=60'
        remaining = r.headers["ratelimit"]
        assert remaining.startswith('"requests";r=0;t=') and 0 < int(remaining.rsplit("=", 1)[1]) <= 60
    for r in accepted:
        assert r.headers["ratelimit-policy"] == '"requests";q=5;w=60'
        assert r.headers["ratelimit"].startswith('"requests";r=')
    with gateway.client(key) as client:
        wait_idle(client)


def test_images_per_minute_counts_images(gateway: Gateway) -> None:
    key, _ = gateway.new_key("images", plan="images")  # 6 images per minute
    with gateway.client(key) as client:
        assert client.post("/v1/jobs", json={"prompt": "four", "num_images": 4}).status_code == 202
        refused = client.post("/v1/jobs", json={"prompt": "four more", "num_images": 4})
        assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
        assert '"images";q=6;w=60' in refused.headers["ratelimit-policy"]
        assert client.post("/v1/jobs", json={"prompt": "two", "num_images": 2}).status_code == 202
        wait_idle(client)


def test_cap_on_active_jobs_holds_under_a_burst(gateway: Gateway) -> None:
    key, _ = gateway.new_key("active", plan="two-active")
    responses = burst(gateway, key, [SLOW] * 6)
    accepted = [r.json() for r in responses if r.status_code == 202]
    refused = [r for r in responses if r.status_code == 429]
    assert len(accepted) == 2 and len(refused) == 4, [r.status_code for r in responses]
    assert all(r.json()["code"] == "too_many_active_jobs" and r.headers["retry-after"] == "5" for r in refused)
    with gateway.client(key) as client:
        for job in accepted:
            client.delete(f"/v1/jobs/{job['id']}")
        wait_idle(client)
        assert client.post("/v1/jobs", json={"prompt": "a slot is free again"}).status_code == 202
        wait_idle(client)


def test_quota_resets_at_midnight_in_the_configured_zone(gateway: Gateway) -> None:
    key, _ = gateway.new_key("quota", plan="small-quota")  # 3 images per day, Asia/Tokyo days
    try:
        gateway.set_clock("2026-03-10T14:59:00+00:00")  # 23:59 in Tokyo
        with gateway.client(key) as client:
            first = client.post("/v1/jobs", json={"prompt": "one", "num_images": 2})
            assert first.status_code == 202
            assert '"daily";q=3;w=86400' in first.headers["ratelimit-policy"]
            assert '"daily";r=1;t=60' in first.headers["ratelimit"]
            over = client.post("/v1/jobs", json={"prompt": "two", "num_images": 2})
            assert over.status_code == 429
            body = over.json()
            assert body["code"] == "quota_exceeded" and "daily quota of 3 images" in body["detail"]
            assert int(over.headers["retry-after"]) == 60  # until midnight in Tokyo
            assert client.post("/v1/jobs", json={"prompt": "three"}).status_code == 202
            assert client.post("/v1/jobs", json={"prompt": "four"}).json()["code"] == "quota_exceeded"
            limits = client.get("/v1/limits").json()
            assert limits["quota"]["day"] == "2026-03-10" and limits["quota"]["remaining"] == 0
            assert limits["quota"]["resets_at"] == "2026-03-10T15:00:00Z"

            gateway.set_clock("2026-03-10T15:00:01+00:00")  # a new day in Tokyo (still the 10th in UTC)
            fresh = client.post("/v1/jobs", json={"prompt": "new day", "num_images": 3})
            assert fresh.status_code == 202, fresh.text
            assert client.get("/v1/limits").json()["quota"]["day"] == "2026-03-11"
            wait_idle(client)
            limits = client.get("/v1/limits").json()["quota"]
            assert (limits["used"], limits["reserved"], limits["remaining"]) == (3, 0, 0)
    finally:
        gateway.set_clock(None)


def test_canceled_jobs_give_their_quota_back(gateway: Gateway) -> None:
    key, _ = gateway.new_key("refund", plan="small-quota")
    with gateway.client(key) as client:
        running = client.post("/v1/jobs", json=SLOW).json()
        queued = client.post("/v1/jobs", json={**SLOW, "num_images": 2}).json()
        assert client.post("/v1/jobs", json={"prompt": "x"}).json()["code"] == "quota_exceeded"
        client.delete(f"/v1/jobs/{queued['id']}")
        client.delete(f"/v1/jobs/{running['id']}")
        wait_idle(client)
        quota = client.get("/v1/limits").json()["quota"]
        assert quota["used"] == 0 and quota["remaining"] == 3


def test_a_job_seen_finished_is_already_settled(gateway: Gateway) -> None:
    """Reservations are settled in the transaction that ends the job, so the moment a client sees
    the job done its quota use and its active-job slot are counted, with no waiting."""
    key, _ = gateway.new_key("settled", plan="small-quota")
    with gateway.client(key) as client:
        for n in (1, 2):
            done = client.post("/v1/jobs", json={"prompt": f"settled {n}"}, headers={"Prefer": "wait=60"})
            assert done.json()["status"] == "succeeded", done.text
            limits = client.get("/v1/limits").json()
            assert limits["active_jobs"] == 0
            assert (limits["quota"]["used"], limits["quota"]["reserved"]) == (n, 0)


def test_twenty_concurrent_requests_against_a_budget_for_ten(gateway: Gateway) -> None:
    budget = 10 * PRICE_PER_IMAGE
    key, _ = gateway.new_key("budget", plan="unlimited", budget_daily=budget)
    body = {"model": "tiny-priced", "prompt": "priced"}
    responses = burst(gateway, key, [body] * 20)
    codes = sorted(r.status_code for r in responses)
    assert codes == [202] * 10 + [402] * 10, codes
    refusal = next(r for r in responses if r.status_code == 402).json()
    assert refusal["code"] == "budget_exceeded" and refusal["period"] == "daily"
    assert refusal["budget"] == budget and refusal["estimate"] == PRICE_PER_IMAGE
    with gateway.client(key) as client:
        wait_idle(client)
        daily = client.get("/v1/limits").json()["budgets"][0]
        assert daily["period"] == "daily" and daily["reserved"] == 0
        assert abs(daily["spent"] - budget) < 1e-9 and daily["remaining"] == 0
        again = client.post("/v1/jobs", json=body)
        assert again.status_code == 402 and again.json()["committed"] == budget


def test_failed_estimate_is_released_and_monthly_budget_applies(gateway: Gateway) -> None:
    key, _ = gateway.new_key("monthly", plan="unlimited", budget_monthly=2 * PRICE_PER_IMAGE)
    with gateway.client(key) as client:
        slow = client.post("/v1/jobs", json={**SLOW, "model": "tiny-priced"}).json()
        assert client.post("/v1/jobs", json={"model": "tiny-priced", "prompt": "b"}).status_code == 202
        refused = client.post("/v1/jobs", json={"model": "tiny-priced", "prompt": "c"})
        assert refused.status_code == 402 and refused.json()["period"] == "monthly"
        client.delete(f"/v1/jobs/{slow['id']}")  # a canceled job costs nothing: its reservation returns
        wait_idle(client)
        monthly = client.get("/v1/limits").json()["budgets"][1]
        assert monthly["period"] == "monthly" and abs(monthly["spent"] - PRICE_PER_IMAGE) < 1e-9
        assert client.post("/v1/jobs", json={"model": "tiny-priced", "prompt": "d"}).status_code == 202
        wait_idle(client)

"""The result cache through a real server: identical bytes, no cost, no quota, opt-out."""

from __future__ import annotations

import httpx

from tests.gateway.conftest import PRICE_PER_IMAGE, Gateway

WAIT = {"Prefer": "wait=60"}


def test_cache_hit_returns_identical_bytes_at_no_cost(gateway: Gateway) -> None:
    key, _ = gateway.new_key("cache", plan="small-quota")  # 3 images per day
    body = {"model": "tiny-priced", "prompt": "a cached circle", "seed": 1234, "num_images": 2}
    with gateway.client(key) as client:
        first = client.post("/v1/jobs", json=body, headers=WAIT).json()
        assert first["status"] == "succeeded" and not first["cached"]
        assert first["cost"] == 2 * PRICE_PER_IMAGE
        hit = client.post("/v1/jobs", json={**body, "track_id": "again"}, headers=WAIT)
        assert hit.status_code == 200  # finished at admission, nothing queued
        second = hit.json()
        assert second["cached"] and second["cost"] == 0 and second["status"] == "succeeded"
        assert second["id"] != first["id"] and second["track_id"] == "again"
        assert second["seeds"] == first["seeds"] and len(first["seeds"]) == 2 and first["seeds"][0] == 1234
        for a, b in zip(first["images"], second["images"], strict=True):
            assert a["id"] != b["id"]
            assert httpx.get(a["url"]).content == httpx.get(b["url"]).content
        quota = client.get("/v1/limits").json()["quota"]
        assert quota["used"] == 2  # the hit counted against no quota (3 per day: it would not fit)
        assert client.get(f"/v1/jobs/{second['id']}").json()["cached"] is True

        usage = client.get("/v1/usage", params={"group_by": "model"}).json()
        priced = next(r for r in usage["data"] if r["model"] == "tiny-priced")
        assert priced["jobs"] == 2 and priced["cached"] == 1 and priced["cost"] == 2 * PRICE_PER_IMAGE


def test_what_is_not_served_from_the_cache(gateway: Gateway) -> None:
    key, _ = gateway.new_key("nocache", plan="unlimited")
    body = {"prompt": "cache rules", "seed": 77}
    with gateway.client(key) as client:
        first = client.post("/v1/jobs", json=body, headers=WAIT).json()
        opted_out = client.post("/v1/jobs", json={**body, "cache": False}, headers=WAIT).json()
        assert not opted_out["cached"] and opted_out["cost"] > 0
        changed = client.post("/v1/jobs", json={**body, "guidance_scale": 3.0}, headers=WAIT).json()
        assert not changed["cached"]
        unseeded = [client.post("/v1/jobs", json={"prompt": "cache rules"}, headers=WAIT).json() for _ in range(2)]
        assert not any(j["cached"] for j in unseeded)
        # Explicit defaults are the same normalised request as omitted ones.
        explicit = {**body, "width": 64, "height": 64, "num_inference_steps": 2, "guidance_scale": 5.0}
        assert client.post("/v1/jobs", json=explicit, headers=WAIT).json()["cached"]
        # Another key does not see this key's cache (cache_scope = key).
        other, _ = gateway.new_key("other-cache", plan="unlimited")
        with gateway.client(other) as client2:
            assert not client2.post("/v1/jobs", json=body, headers=WAIT).json()["cached"]
        assert first["status"] == "succeeded"

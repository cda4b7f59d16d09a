"""The OpenAI-compatible adapter against a second, real imagegate process (its OpenAI dialect):
one imagegate fronting another through the same job API."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import Hosted


def upstream_jobs(hosted: Hosted) -> list[dict]:
    key = hosted.secrets["IG_E2E_UPSTREAM_KEY"]
    with hosted.upstream.client(key) as client:
        return client.get("/v1/jobs", params={"limit": 100}).json()["data"]  # type: ignore[no-any-return]


def test_a_job_is_served_by_the_upstream_imagegate(hosted: Hosted) -> None:
    before = {j["id"] for j in upstream_jobs(hosted)}
    with hosted.client(hosted.server.new_key()) as client:
        job = hosted.job(client, {"model": "imagegate-upstream", "prompt": "a green square", "num_images": 2})
    assert job["status"] == "succeeded", job
    assert job["served_by"] == "imagegate-upstream" and job["cost"] == pytest.approx(0.002)
    assert [(i["width"], i["height"]) for i in job["images"]] == [(64, 64), (64, 64)]
    assert httpx.get(job["images"][0]["url"]).content.startswith(b"\x89PNG")
    new = [j for j in upstream_jobs(hosted) if j["id"] not in before]
    # The upstream ran it as its own job on its tiny model, as asked over the OpenAI wire.
    assert len(new) == 1 and new[0]["model"] == "tiny-sd1" and new[0]["status"] == "succeeded"
    assert new[0]["params"]["num_images"] == 2 and new[0]["params"]["width"] == 64


def test_upstream_errors_map_onto_ours(hosted: Hosted) -> None:
    with hosted.client(hosted.server.new_key()) as client:
        missing = hosted.job(client, {"model": "imagegate-upstream-missing", "prompt": "x"})
        denied = hosted.job(client, {"model": "imagegate-upstream-badkey", "prompt": "x"})
        refused = client.post("/v1/jobs", json={"model": "imagegate-upstream", "prompt": "x", "seed": 1})
    # The upstream does not know the model: its 404 is a provider failure (another target may have it).
    assert missing["status"] == "failed" and missing["error"]["code"] == "provider_error"
    assert missing["error"]["status"] == 502 and "no-such-model" in missing["error"]["message"]
    assert denied["error"]["code"] == "provider_auth_failed" and "IG_E2E_BAD_KEY" in denied["error"]["message"]
    # OpenAI's wire has no seed (and imagegate's dialect refuses unknown fields): refused here, up front.
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "seed"

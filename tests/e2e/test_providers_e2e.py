"""Hosted providers through a real imagegate server: the same key and job API as local models,
provider answers mapped onto jobs (images, NSFW flags, costs, errors), cancel reaching the provider,
and remote jobs running side by side."""

from __future__ import annotations

import time
from datetime import datetime

import httpx
import pytest

from tests.e2e.conftest import Hosted
from tests.support.fakes import FakeReplicate

PROVIDER_MODELS = {
    # model id → (engine, cost of one image)
    "gpt-image": ("openai", 0.04),
    "flux-pro": ("bfl", 0.04),  # 4 credits reported × 0.01
    "stable-core": ("stability", 0.03),
    "imagen-4": ("imagen", 0.04),
    "flux-schnell-rep": ("replicate", 0.003),
    "flux-dev-fal": ("fal", 0.025),
    "ml-sdxl": ("modelslab", 0.002),
    "upstream": ("openai_compatible", 0.001),
}


def wait_status(client: httpx.Client, job_id: str, statuses: set[str], timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in statuses:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never reached {statuses}: {job}")


@pytest.mark.parametrize("model", list(PROVIDER_MODELS))
def test_each_provider_serves_jobs_through_the_same_api(hosted: Hosted, model: str) -> None:
    _engine, price = PROVIDER_MODELS[model]
    with hosted.client(hosted.server.new_key(f"user-{model}")) as client:
        job = hosted.job(client, {"model": model, "prompt": "a red circle", "num_images": 2})
        assert job["status"] == "succeeded", job
        assert job["served_by"] == model and len(job["images"]) == 2
        assert job["cost"] == pytest.approx(2 * price) and job["currency"] == "USD"
        image = httpx.get(job["images"][0]["url"])
        assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
        assert all(not i["nsfw_content_detected"] for i in job["images"])
        assert job["params"]["model"] == model


def test_models_lists_providers_and_routes_with_capabilities_and_prices(hosted: Hosted) -> None:
    with hosted.client(hosted.server.new_key()) as client:
        by_id = {m["id"]: m for m in client.get("/v1/models").json()["data"]}
    for model, (engine, _price) in PROVIDER_MODELS.items():
        entry = by_id[model]
        assert entry["kind"] == "remote" and entry["engine"] == engine
        assert entry["provider"]["name"] == engine and entry["provider"]["credentials"] == "configured"
        assert "prompt" in entry["capabilities"]["params"] and entry["capabilities"]["sizes"]["mode"]
    assert by_id["gpt-image-nokey"]["provider"]["credentials"] == "missing"
    assert by_id["gpt-image"]["price"]["per_image"] == 0.04
    assert by_id["gpt-image"]["capabilities"]["sizes"] == {
        "mode": "nearest_size", "sizes": ["1024x1024", "1536x1024", "1024x1536"]
    }  # fmt: skip
    assert by_id["flux-pro"]["price"]["provider_reported"] is True
    assert by_id["flux-pro"]["capabilities"]["params"] == ["prompt", "width", "height", "num_images", "seed"]
    route = by_id["photoreal-fast"]
    assert route["kind"] == "route" and route["tags"] == ["photoreal", "fast"]
    assert [t["model"] for t in route["route"]["targets"]] == ["flaky-a", "flux-dev-fal"]
    assert route["route"]["targets"][1]["price"]["per_image"] == 0.025
    assert route["route"]["billing"] == "the serving target's price"
    assert by_id["tiny-sd1"]["kind"] == "local"


def test_unsupported_parameters_are_refused_at_admission(hosted: Hosted) -> None:
    with hosted.client(hosted.server.new_key()) as client:
        response = client.post("/v1/jobs", json={"model": "gpt-image", "prompt": "x", "seed": 1})
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "unsupported_parameter" and body["errors"][0]["field"] == "seed"
        assert client.get("/v1/jobs").json()["data"] == []  # nothing half-created
        # A parameter the model has is fine; the model's defaults fill what it takes and nothing else.
        job = hosted.job(client, {"model": "flux-pro", "prompt": "x", "seed": 5})
        assert job["status"] == "succeeded" and job["seeds"] == [5]
        assert "num_inference_steps" not in job["params"] or job["params"]["num_inference_steps"] is None


def test_moderation_and_rate_limits_become_job_errors(hosted: Hosted) -> None:
    with hosted.client(hosted.server.new_key()) as client:
        refused = hosted.job(client, {"model": "gpt-image", "prompt": "something forbidden"})
        assert refused["status"] == "failed"
        assert refused["error"]["code"] == "content_moderated" and refused["error"]["status"] == 422
        assert "rejected by the safety system" in refused["error"]["message"]
        assert refused["error"]["provider"] == "openai"
        flagged = hosted.job(client, {"model": "flux-dev-fal", "prompt": "nsfw please"})
        assert flagged["status"] == "succeeded" and flagged["images"][0]["nsfw_content_detected"] is True
        hosted.fakes["stability"].override(
            "/generate/core", 429, {"id": "1", "name": "rate_limit_exceeded", "errors": ["too many"]},
            headers={"retry-after": "42"},
        )  # fmt: skip
        limited = hosted.job(client, {"model": "stable-core", "prompt": "x"})
        assert limited["status"] == "failed" and limited["error"]["code"] == "provider_rate_limited"
        assert limited["error"]["status"] == 429 and limited["error"]["retry_after"] == 42


def test_bad_and_missing_credentials_fail_with_an_operator_message(hosted: Hosted) -> None:
    with hosted.client(hosted.server.new_key()) as client:
        bad = hosted.job(client, {"model": "gpt-image-badkey", "prompt": "x"})
        assert bad["status"] == "failed" and bad["error"]["code"] == "provider_auth_failed"
        assert bad["error"]["status"] == 502 and "IG_E2E_BAD_KEY" in bad["error"]["message"]
        assert hosted.secrets["IG_E2E_BAD_KEY"][:10] not in bad["error"]["message"]
        missing = hosted.job(client, {"model": "gpt-image-nokey", "prompt": "x"})
        assert missing["error"]["code"] == "provider_credentials_missing"
        assert "IG_E2E_NEVER_SET_KEY" in missing["error"]["message"]


def test_cancel_reaches_the_provider(hosted: Hosted) -> None:
    replicate = hosted.fakes["replicate"]
    assert isinstance(replicate, FakeReplicate)
    replicate.polls_to_finish = 10_000
    try:
        with hosted.client(hosted.server.new_key()) as client:
            job = client.post("/v1/jobs", json={"model": "flux-schnell-rep", "prompt": "slow"}).json()
            deadline = time.monotonic() + 10
            while not replicate.of("GET", "/v1/predictions/"):
                assert time.monotonic() < deadline, "the prediction was never polled"
                time.sleep(0.05)
            client.delete(f"/v1/jobs/{job['id']}")
            done = wait_status(client, job["id"], {"canceled"}, timeout=10)
            assert done["error"]["code"] == "canceled"
        assert len(replicate.canceled) == 1
    finally:
        replicate.polls_to_finish = 1


def test_remote_jobs_run_side_by_side(hosted: Hosted) -> None:
    """Several remote jobs are in flight at once (no compute slot), while a local job runs too."""
    bfl = hosted.fakes["bfl"]
    bfl.hold_s = 0.5  # every BFL call takes a while: sequential jobs could not overlap
    try:
        with hosted.client(hosted.server.new_key()) as client:
            ids = [
                client.post("/v1/jobs", json={"model": "flux-pro", "prompt": f"p{i}"}).json()["id"] for i in range(4)
            ]
            local = hosted.job(client, {"model": "tiny-sd1", "prompt": "local"})
            jobs = [wait_status(client, i, {"succeeded"}) for i in ids]
        assert local["status"] == "succeeded"
        started = [datetime.fromisoformat(j["started_at"]) for j in jobs]
        finished = [datetime.fromisoformat(j["finished_at"]) for j in jobs]
        assert max(started) < min(finished), "remote jobs ran one after another"
    finally:
        bfl.hold_s = 0


def test_provider_failures_keep_their_status_in_the_openai_dialect(hosted: Hosted) -> None:
    """A client waiting on a dialect sees the provider's failure as what it is, not a generic 500."""
    hosted.fakes["stability"].override(
        "/generate/core", 429, {"id": "1", "name": "rate_limit_exceeded", "errors": ["too many"]},
        headers={"retry-after": "17"},
    )  # fmt: skip
    with hosted.client(hosted.server.new_key()) as client:
        limited = client.post("/v1/images/generations", json={"model": "stable-core", "prompt": "x"})
        refused = client.post("/v1/images/generations", json={"model": "gpt-image", "prompt": "forbidden art"})
        denied = client.post("/v1/images/generations", json={"model": "gpt-image-badkey", "prompt": "x"})
    assert limited.status_code == 429 and limited.headers["retry-after"] == "17"
    assert limited.json()["error"]["type"] == "rate_limit_error"
    assert limited.json()["error"]["code"] == "provider_rate_limited"
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "content_moderated"
    assert "rejected by the safety system" in refused.json()["error"]["message"]
    assert denied.status_code == 502 and denied.json()["error"]["code"] == "provider_auth_failed"
    assert denied.headers["x-should-retry"] == "false"


def test_hosted_models_through_the_openai_dialect(hosted: Hosted) -> None:
    with hosted.client(hosted.server.new_key()) as client:
        # quality maps to steps for local models; a hosted model without steps keeps its catalog quality.
        answer = client.post(
            "/v1/images/generations",
            json={"model": "gpt-image", "prompt": "a sign", "quality": "low", "n": 2, "response_format": "b64_json"},
        )
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["data"]) == 2 and answer.json()["data"][0]["b64_json"]
    sent = hosted.fakes["openai"].of("POST", "/images/generations")[-1].body
    assert sent["quality"] == "low" and sent["n"] == 2  # the catalog's provider option

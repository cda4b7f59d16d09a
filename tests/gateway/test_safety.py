"""Image safety and prompt moderation through a real server."""

from __future__ import annotations

import io

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.gateway.conftest import Gateway

WAIT = {"Prefer": "wait=60"}
BODY = {"prompt": "a calm landscape", "seed": 99, "num_images": 2, "cache": False}


def pixels(image: dict) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(httpx.get(image["url"]).content)).convert("RGB"), dtype=np.float32)


@pytest.fixture(scope="module")
def reference(gateway: Gateway) -> dict:
    """The images of BODY under the default policy (threshold 0.8): benign, so untouched."""
    key, _ = gateway.new_key("reference", plan="unlimited")
    with gateway.client(key) as client:
        job = client.post("/v1/jobs", json=BODY, headers=WAIT).json()
    assert job["status"] == "succeeded" and not any(i["nsfw_content_detected"] for i in job["images"])
    return job


def flagged_job(gateway: Gateway, action: str, **extra: object) -> dict:
    key, _ = gateway.new_key(action, plan="unlimited", safety={"action": action, "threshold": 0.0, **extra})
    with gateway.client(key) as client:
        return client.post("/v1/jobs", json=BODY, headers=WAIT).json()


def test_blur_over_the_threshold(gateway: Gateway, reference: dict) -> None:
    job = flagged_job(gateway, "blur")
    assert job["status"] == "succeeded" and all(i["nsfw_content_detected"] for i in job["images"])
    for ref, out in zip(reference["images"], job["images"], strict=True):
        a, b = pixels(ref), pixels(out)
        assert a.shape == b.shape and np.abs(np.diff(b, axis=1)).mean() < np.abs(np.diff(a, axis=1)).mean() / 2


def test_black_and_pixelate(gateway: Gateway, reference: dict) -> None:
    black = flagged_job(gateway, "black")
    assert all(i["nsfw_content_detected"] and not pixels(i).any() for i in black["images"])
    pixelated = flagged_job(gateway, "pixelate")
    for image in pixelated["images"]:
        assert image["nsfw_content_detected"]
        assert len(np.unique(pixels(image).reshape(-1, 3), axis=0)) <= 144


def test_block_fails_the_job_at_no_cost(gateway: Gateway) -> None:
    job = flagged_job(gateway, "block")
    assert job["status"] == "failed" and job["images"] == []
    assert job["error"]["code"] == "content_blocked" and "NSFW" in job["error"]["message"]


def test_safety_checker_false_needs_the_policy(gateway: Gateway, reference: dict) -> None:
    strict, _ = gateway.new_key("strict", plan="unlimited", safety={"action": "black", "threshold": 0.0})
    with gateway.client(strict) as client:
        refused = client.post("/v1/jobs", json={**BODY, "safety_checker": False})
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "safety_checker"
    lenient, _ = gateway.new_key(
        "lenient", plan="unlimited", safety={"action": "black", "threshold": 0.0, "allow_disable": True}
    )
    with gateway.client(lenient) as client:
        job = client.post("/v1/jobs", json={**BODY, "safety_checker": False}, headers=WAIT).json()
        assert job["status"] == "succeeded" and not any(i["nsfw_content_detected"] for i in job["images"])
        for ref, out in zip(reference["images"], job["images"], strict=True):
            assert np.array_equal(pixels(ref), pixels(out))  # untouched: the check did not run
        checked = client.post("/v1/jobs", json=BODY, headers=WAIT).json()  # not disabled: checked
        assert all(i["nsfw_content_detected"] for i in checked["images"])


@pytest.mark.parametrize(
    ("prompt", "rule", "category"),
    [("a naked child on a beach", "csam", "sexual/minors"), ("the ACME rocket logo", "no-acme", "trademark")],
)
def test_moderation_names_the_rule(gateway: Gateway, prompt: str, rule: str, category: str) -> None:
    key, _ = gateway.new_key("moderated", plan="unlimited")
    with gateway.client(key) as client:
        response = client.post("/v1/jobs", json={"prompt": prompt})
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "content_policy_violation"
        assert body["rule"] == rule and body["category"] == category and rule in body["detail"]
        assert body["errors"][0]["field"] == "prompt"
        if rule == "no-acme":
            assert "brand names are not allowed" in body["detail"]
        ok = client.post("/v1/jobs", json={"prompt": "a rocket", "negative_prompt": "acme"})
        assert ok.status_code == 202  # negative prompts steer away; they are not moderated


@pytest.mark.parametrize(
    ("prompt", "field"),
    [("x" * 4001, "prompt"), ("bell\x07", "prompt")],
)
def test_prompt_validation(gateway: Gateway, prompt: str, field: str) -> None:
    key, _ = gateway.new_key("validation", plan="unlimited")
    with gateway.client(key) as client:
        response = client.post("/v1/jobs", json={"prompt": prompt})
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field


def test_a_blank_prompt_counts_as_an_empty_one(gateway: Gateway) -> None:
    """Local models take an empty prompt (A1111's clients send one); only whitespace is the same."""
    key, _ = gateway.new_key("blank", plan="unlimited")
    with gateway.client(key) as client:
        response = client.post("/v1/jobs", json={"prompt": "   "})
        assert response.status_code == 202, response.text
        assert client.get(f"/v1/jobs/{response.json()['id']}").json()["params"]["prompt"] == ""

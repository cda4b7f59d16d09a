"""Every dialect goes through the same admission: one key's limits, costs and timeouts are the same
whichever API its client speaks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from tests.api.dialects.conftest import ALIASES, a1111_client, active_jobs, native_job, wait_native
from tests.support.server import ServerProcess


@pytest.fixture(scope="module")
def limited(dialect_catalogs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    env = {
        "IMAGEGATE_DEFAULT_MODEL": "tiny-sd1",
        "IMAGEGATE_MODEL_ALIASES": json.dumps(ALIASES),
        "IMAGEGATE_MAX_QUEUED_PER_KEY": "1",
        "IMAGEGATE_DIALECT_TIMEOUT_S": "3",
    }
    proc = ServerProcess(tmp_path_factory.mktemp("limited"), dialect_catalogs, env=env).start()
    yield proc
    proc.stop()


def test_one_keys_active_job_cap_applies_in_every_dialect(limited: ServerProcess) -> None:
    key = limited.new_key("capped")
    with limited.client(key) as native:
        slow = native.post("/v1/jobs", json={"prompt": "slow", "width": 512, "height": 512, "num_inference_steps": 150})
        assert slow.status_code == 202
        try:
            with openai.OpenAI(base_url=f"{limited.url}/v1", api_key=key, max_retries=0) as client:
                with pytest.raises(openai.RateLimitError) as caught:
                    client.images.generate(prompt="x", size="64x64")
                assert caught.value.code == "too_many_active_jobs"
                assert caught.value.response.headers["retry-after"] == "5"
            body = {"key": key, "prompt": "x", "width": "64", "height": "64", "samples": "1"}
            refused = httpx.post(f"{limited.url}/api/v6/images/text2img", json=body)
            assert refused.status_code == 429 and refused.json()["status"] == "error"
            assert refused.json()["retry_after"] == 5 and refused.json()["code"] == "too_many_active_jobs"
            with a1111_client(limited, key) as sd:
                refused = sd.post("/sdapi/v1/txt2img", json={"prompt": "x", "steps": 2, "width": 64, "height": 64})
                assert refused.status_code == 429 and refused.json()["code"] == "too_many_active_jobs"
            assert [j["id"] for j in active_jobs(limited, key)] == [slow.json()["id"]]
        finally:
            native.delete(f"/v1/jobs/{slow.json()['id']}")


def test_the_same_work_costs_the_same_through_every_dialect(limited: ServerProcess) -> None:
    key = limited.new_key("costs")
    job_ids = []
    with limited.client(key) as native:
        job = native.post("/v1/jobs", json={"prompt": "x", "width": 64, "height": 64}, headers={"Prefer": "wait=60"})
        job_ids.append(job.json()["id"])
    with openai.OpenAI(base_url=f"{limited.url}/v1", api_key=key, max_retries=0) as client:
        raw = client.images.with_raw_response.generate(prompt="x", size="64x64", model="dall-e-3")
        job_ids.append(raw.headers["x-imagegate-job-id"])
    body = {"key": key, "model_id": "midjourney", "prompt": "x", "width": "64", "height": "64", "samples": "1"}
    result = httpx.post(f"{limited.url}/api/v6/images/text2img", json=body, timeout=60).json()
    job_ids.append(result["job_id"])
    with a1111_client(limited, key) as sd:
        info = sd.post("/sdapi/v1/txt2img", json={"prompt": "x", "width": 64, "height": 64}).json()["info"]
        job_ids.append(json.loads(info)["job_id"])
    jobs = [wait_native(limited, key, job_id, {"succeeded"}) for job_id in job_ids]
    costs = {job["cost"] for job in jobs}
    assert len(costs) == 1 and costs.pop() > 0, [(j["id"], j["cost"]) for j in jobs]
    assert {job["params"]["num_inference_steps"] for job in jobs} == {2}


def test_a_sync_dialect_that_times_out_cancels_the_job_and_is_not_retried(limited: ServerProcess) -> None:
    key = limited.new_key("timeout")
    client = openai.OpenAI(base_url=f"{limited.url}/v1", api_key=key, max_retries=2)
    with client, pytest.raises(openai.InternalServerError) as caught:
        client.images.generate(prompt="big", size="1024x1024", n=2, quality="max")
    error = caught.value
    assert error.status_code == 504 and error.code == "job_timeout"
    assert error.response.headers["x-should-retry"] == "false"
    job_id = error.response.headers["x-imagegate-job-id"]
    assert native_job(limited, key, job_id)["status"] in ("running", "canceled")  # stops at its next step
    assert wait_native(limited, key, job_id, {"canceled", "succeeded", "failed"})["status"] == "canceled"
    with limited.client(key) as native:
        assert len(native.get("/v1/jobs").json()["data"]) == 1  # the SDK did not run it again

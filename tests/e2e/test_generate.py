"""End to end through a real server process: every family and source kind, PNG bytes and metadata,
seeds, and the CLI."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.support.server import ServerProcess

MODELS = ["tiny-sd1", "tiny-sd1-file", "tiny-sdxl", "tiny-sdxl-file", "tiny-sd3", "tiny-flux"]


def run_job(client: httpx.Client, body: dict) -> dict:
    job = client.post("/v1/jobs", json=body).json()
    deadline = time.monotonic() + 60
    while job["status"] not in ("succeeded", "failed", "canceled"):
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
        job = client.get(f"/v1/jobs/{job['id']}").json()
    assert job["status"] == "succeeded", job
    return job


@pytest.mark.parametrize("model", MODELS)
def test_txt2img_on_every_family(server: ServerProcess, model: str) -> None:
    with server.client(server.new_key(model)) as client:
        body = {
            "model": model,
            "prompt": "a blue square on a yellow background",
            "seed": 1234,
            "width": 96,
            "height": 64,
            "negative_prompt": "blurry",
        }
        job = run_job(client, body)
        image = job["images"][0]
        png = httpx.get(image["url"]).content
        with Image.open(io.BytesIO(png)) as decoded:
            assert decoded.format == "PNG" and decoded.size == (96, 64)
            text = decoded.info
        assert "a blue square on a yellow background" in text["parameters"]
        assert "Seed: 1234" in text["parameters"] and f"Model: {model}" in text["parameters"]
        meta = json.loads(text["imagegate"])
        assert meta["seed"] == 1234 and meta["model"] == model and meta["num_inference_steps"] == 2
        # Past the result cache, so the pipeline really runs again: same seed, same bytes.
        again = run_job(client, {**body, "cache": False})
        assert again["cached"] is False and again["id"] != job["id"]
        assert httpx.get(again["images"][0]["url"]).content == png
        other = run_job(client, {**body, "seed": 1235})
        assert httpx.get(other["images"][0]["url"]).content != png
        if model == "tiny-flux":
            assert job["warnings"] == ["negative_prompt is ignored by flux models"]


def test_batch_and_random_seed(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        job = run_job(client, {"prompt": "three", "num_images": 3, "seed": 50})
        assert [img["seed"] for img in job["images"]] == [50, 51, 52] and job["seeds"] == [50, 51, 52]
        drawn = run_job(client, {"prompt": "random"})
        seed = drawn["images"][0]["seed"]
        assert isinstance(seed, int) and drawn["seeds"] == [seed]
        repeat = run_job(client, {"prompt": "random", "seed": seed, "cache": False})
        assert repeat["cached"] is False
        assert httpx.get(repeat["images"][0]["url"]).content == httpx.get(drawn["images"][0]["url"]).content


def test_named_sampler_is_used_and_recorded(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        job = run_job(client, {"prompt": "x", "seed": 1, "scheduler": "DPM++ 2M Karras"})
        png = httpx.get(job["images"][0]["url"]).content
        with Image.open(io.BytesIO(png)) as decoded:
            assert "Sampler: DPMSolverMultistepScheduler" in decoded.info["parameters"]
        plain = run_job(client, {"prompt": "x", "seed": 1})
        assert httpx.get(plain["images"][0]["url"]).content != png


def cli(server: ServerProcess, key: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IMAGEGATE_URL": server.url, "IMAGEGATE_API_KEY": key, "PYTHONPATH": server.env["PYTHONPATH"]}
    return subprocess.run(
        [sys.executable, "-m", "imagegate", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_cli_generate_writes_a_png(server: ServerProcess, tmp_path: Path) -> None:
    key = server.new_key("cli")
    done = cli(server, key, "generate", "a red circle", "-o", "out.png", "--seed", "9", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "seed 9" in done.stdout
    with Image.open(tmp_path / "out.png") as image:
        assert image.size == (64, 64)
    as_json = cli(server, key, "generate", "a red circle", "-o", "two.png", "-n", "2", "--json", cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    parsed = json.loads(as_json.stdout)
    assert parsed["files"] == ["two-0.png", "two-1.png"] and parsed["job"]["status"] == "succeeded"
    bad = cli(server, key, "generate", "x", "--width", "65", cwd=tmp_path)
    assert bad.returncode == 3 and "width" in bad.stderr
    unreachable = cli(server, key, "generate", "x", "--url", "http://127.0.0.1:9", cwd=tmp_path)
    assert unreachable.returncode == 4


def test_cli_keys_and_models(server: ServerProcess, tmp_path: Path) -> None:
    created = cli(server, server.admin_key, "keys", "create", "--name", "from-cli", "--json", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    key = json.loads(created.stdout)
    listed = cli(server, server.admin_key, "keys", "list", cwd=tmp_path)
    assert key["id"] in listed.stdout and "from-cli" in listed.stdout
    models = cli(server, key["key"], "models", "list", cwd=tmp_path)
    assert "tiny-sd1" in models.stdout and "tiny-flux" in models.stdout
    revoked = cli(server, server.admin_key, "keys", "revoke", key["id"], cwd=tmp_path)
    assert revoked.returncode == 0
    refused = cli(server, key["key"], "models", "list", cwd=tmp_path)
    assert refused.returncode == 5 and "revoked" in refused.stderr  # 5: authentication refused

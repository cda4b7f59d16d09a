"""Precision and memory settings through a real server process: a dtype the device cannot run stops
start-up naming the model and the setting, and a model larger than its device's budget fails its job
naming the budget and the setting to raise, while the server goes on serving other models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.server import ServerProcess

SMALL = "defaults = { width = 64, height = 64, num_inference_steps = 2, guidance_scale = 5.0 }"


def test_a_dtype_the_device_cannot_run_stops_start_up(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    catalog = tmp_path / "half.toml"
    catalog.write_text(f'[[models]]\nid = "half"\nsource = "{tiny_models["sd1"]}"\ndtype = "float16"\n{SMALL}\n')
    server = ServerProcess(tmp_path / "data", catalog, env={"IMAGEGATE_DEVICE": "cpu"})
    done = subprocess.run(
        [sys.executable, "-m", "imagegate", "serve"], env=server.env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode != 0
    assert "model 'half'" in done.stderr and "dtype" in done.stderr and "float16" in done.stderr, done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def test_a_model_over_its_device_budget_fails_its_job_and_names_the_setting(
    tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    catalog = tmp_path / "two.toml"
    catalog.write_text(
        f'[[models]]\nid = "fits"\nsource = "{tiny_models["sd1"]}"\n{SMALL}\n\n'
        f'[[models]]\nid = "big"\nsource = "{tiny_models["sdxl"]}"\n{SMALL}\n'
    )
    # The tiny SD 1.x pipeline takes about 4 MB and the tiny SDXL one more than 10: a 6 MB budget.
    env = {
        "IMAGEGATE_DEVICE": "cpu",
        "IMAGEGATE_DEVICE_MEMORY_GB": '{"cpu": 0.006}',
        "IMAGEGATE_DEFAULT_MODEL": "fits",
        "IMAGEGATE_SAFETY_ENABLED": "false",
    }
    server = ServerProcess(tmp_path / "data", catalog, env=env).start()
    try:
        with server.client(server.new_key()) as client:
            big = client.post("/v1/jobs", json={"model": "big", "prompt": "x"}, headers={"Prefer": "wait=60"}).json()
            assert big["status"] == "failed", big
            assert big["error"]["code"] == "model_too_large"
            assert "'big'" in big["error"]["message"] and 'device_memory_gb["cpu"]' in big["error"]["message"]
            fits = client.post("/v1/jobs", json={"model": "fits", "prompt": "x"}, headers={"Prefer": "wait=60"}).json()
            assert fits["status"] == "succeeded", fits
    finally:
        server.stop()

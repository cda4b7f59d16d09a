"""The ``imagegate`` command as a user runs it: in a terminal (progress bar), in scripts (``--json``,
exit codes), configured by flags, environment or a config file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import imagegate
from imagegate.client import Client
from tests.support.server import ServerProcess
from tests.support.terminal import run_in_terminal

SRC = str(Path(imagegate.__file__).resolve().parents[1])


@pytest.fixture
def key(server: ServerProcess) -> str:
    return server.new_key("cli")


@pytest.fixture
def env(server: ServerProcess, key: str, tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("IMAGEGATE_")}
    return clean | {
        "IMAGEGATE_URL": server.url,
        "IMAGEGATE_API_KEY": key,
        "IMAGEGATE_CLIENT_CONFIG": str(tmp_path / "no-client-config.toml"),
        "PYTHONPATH": SRC,
    }


def cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "imagegate", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=180
    )


def test_generate_in_a_terminal_shows_progress_and_writes_a_png(env: dict[str, str], tmp_path: Path) -> None:
    args = [sys.executable, "-m", "imagegate", "generate", "a green triangle", "-o", "tri.png"]
    run = run_in_terminal(
        [*args, "--steps", "20", "--width", "128", "--height", "128", "--seed", "4"], env=env, cwd=tmp_path
    )
    assert run.returncode == 0, run.output
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", run.output)  # without colours and cursor moves
    shown = {int(m) for m in re.findall(r"(\d+)/20 steps", screen)}
    assert 20 in shown and len(shown) >= 2, screen  # the bar was redrawn as steps came, not only at the end
    assert "━" in screen and "succeeded" in screen and "tri.png  (128x128, seed 4, job job_" in screen
    with Image.open(tmp_path / "tri.png") as image:
        assert image.format == "PNG" and image.size == (128, 128)


def test_generate_json_is_machine_readable(env: dict[str, str], tmp_path: Path) -> None:
    done = cli(["generate", "a cat", "-o", "cat.png", "-n", "2", "--seed", "8", "--json"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)  # stdout holds the JSON document and nothing else
    assert out["job"]["status"] == "succeeded" and out["job"]["seeds"] == [8, 9]
    assert out["files"] == ["cat-0.png", "cat-1.png"] and all((tmp_path / f).is_file() for f in out["files"])
    detached = cli(["generate", "later", "--detach", "--json"], env, tmp_path)
    assert json.loads(detached.stdout)["status"] in ("queued", "running", "succeeded")


def test_jobs_list_get_and_cancel(env: dict[str, str], tmp_path: Path, server: ServerProcess, key: str) -> None:
    with Client(base_url=server.url, api_key=key) as client:
        finished = client.jobs.create(prompt="listed", wait=30)
        running = client.jobs.create(prompt="to cancel", width=512, height=512, num_inference_steps=150)
    listed = json.loads(cli(["jobs", "list", "--json", "--limit", "5"], env, tmp_path).stdout)
    assert [j["id"] for j in listed][:2] == [running.id, finished.id]
    shown = cli(["jobs", "get", finished.id], env, tmp_path)
    assert shown.returncode == 0 and finished.id in shown.stdout and "succeeded" in shown.stdout
    canceled = cli(["jobs", "cancel", running.id, "--json"], env, tmp_path)
    assert canceled.returncode == 0 and json.loads(canceled.stdout)["status"] in ("canceled", "running")
    watched = cli(["jobs", "watch", running.id, "--json"], env, tmp_path)
    assert watched.returncode == 1 and json.loads(watched.stdout)["status"] == "canceled"  # exit 1: not succeeded
    again = cli(["jobs", "cancel", finished.id], env, tmp_path)
    assert again.returncode == 3 and "job_not_cancelable" in again.stderr


def test_version(env: dict[str, str], tmp_path: Path) -> None:
    shown = cli(["--version"], env, tmp_path)
    assert shown.returncode == 0 and shown.stdout == f"imagegate {imagegate.__version__}\n"


def test_jobs_watch_in_a_pipe_prints_a_line_per_event(env: dict[str, str], tmp_path: Path, key: str) -> None:
    with Client(base_url=env["IMAGEGATE_URL"], api_key=key) as client:
        job = client.jobs.create(prompt="watched", num_inference_steps=6)
    watched = cli(["jobs", "watch", job.id], env, tmp_path)  # stdout and stderr are pipes here
    assert watched.returncode == 0, watched.stderr
    lines = watched.stdout.splitlines()
    assert f"{job.id} succeeded" in lines and lines[-1].startswith(job.id) and "succeeded" in lines[-1]
    assert any(line.startswith(f"{job.id} progress ") and "/6 steps" in line for line in lines), lines


def test_exit_codes_name_what_went_wrong(env: dict[str, str], tmp_path: Path) -> None:
    missing = cli(["jobs", "get", "job_nope", "--json"], env, tmp_path)
    assert missing.returncode == 6
    assert json.loads(missing.stdout)["error"]["code"] == "job_not_found" and "404" in missing.stderr
    assert cli(["models", "list", "--api-key", "ig_wrong_key_0123456789"], env, tmp_path).returncode == 5
    unreachable = cli(["models", "list", "--url", "http://127.0.0.1:9"], env | {"IMAGEGATE_URL": ""}, tmp_path)
    assert unreachable.returncode == 4 and "127.0.0.1:9" in unreachable.stderr
    invalid = cli(["generate", "x", "--width", "100", "--json"], env, tmp_path)
    assert invalid.returncode == 3 and json.loads(invalid.stdout)["error"]["errors"][0]["field"] == "width"
    assert cli(["generate"], env, tmp_path).returncode == 2  # a missing argument is a usage error


def test_url_and_key_come_from_a_config_file_profile(
    env: dict[str, str], tmp_path: Path, server: ServerProcess
) -> None:
    config = tmp_path / "client.toml"
    key = env["IMAGEGATE_API_KEY"]
    config.write_text(f'url = "http://127.0.0.1:9"\n\n[profiles.local]\nurl = "{server.url}"\napi_key = "{key}"\n')
    bare = {k: v for k, v in env.items() if k not in ("IMAGEGATE_URL", "IMAGEGATE_API_KEY")}
    bare["IMAGEGATE_CLIENT_CONFIG"] = str(config)
    listed = cli(["models", "list", "--profile", "local", "--json"], bare, tmp_path)
    assert listed.returncode == 0 and "tiny-sd1" in [m["id"] for m in json.loads(listed.stdout)]
    assert cli(["models", "list"], bare, tmp_path).returncode == 4  # top level: the unreachable URL
    unknown = cli(["models", "list", "--profile", "nope"], bare, tmp_path)
    assert unknown.returncode == 2 and "no profile 'nope'" in unknown.stderr


def test_upscale(edit_server: ServerProcess, env: dict[str, str], tmp_path: Path) -> None:
    """Against the editing catalog (bundled Real-ESRGAN weights): the image comes back 4× larger."""
    edit_env = env | {"IMAGEGATE_URL": edit_server.url, "IMAGEGATE_API_KEY": edit_server.new_key("cli-upscale")}
    Image.new("RGB", (32, 24), "red").save(tmp_path / "in.png")
    done = cli(["upscale", "in.png", "-o", "out.png", "--scale", "4", "--json"], edit_env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["job"]["status"] == "succeeded"
    with Image.open(tmp_path / "out.png") as out:
        assert out.size == (128, 96)
        # An upscale has no seed or requested size: the infotext says the image's own size, no "None".
        assert "Size: 128x96" in out.info["parameters"] and "None" not in out.info["parameters"]
    plain = cli(["upscale", "in.png", "-o", "plain.png", "--scale", "2"], edit_env, tmp_path)
    assert plain.returncode == 0 and "plain.png  (64x48, job job_" in plain.stdout and "seed" not in plain.stdout
    assert cli(["upscale", "in.png", "--scale", "9"], edit_env, tmp_path).returncode == 2
    assert cli(["upscale", "missing.png"], edit_env, tmp_path).returncode == 2
    # The tiny catalog of the other server has no upscaler: the server's refusal is exit code 3.
    refused = cli(["upscale", "in.png", "--json"], env, tmp_path)
    assert refused.returncode == 3 and json.loads(refused.stdout)["error"]["code"] == "task_not_supported"


def test_usage_shows_the_keys_jobs_from_the_server(
    server: ServerProcess, key: str, env: dict[str, str], tmp_path: Path
) -> None:
    with Client(base_url=server.url, api_key=key) as client:
        a = client.images.generate(prompt="usage a", seed=21, num_images=2).job.cost or 0.0
        b = client.images.generate(prompt="usage b", seed=22, model="tiny-sdxl").job.cost or 0.0
    per_image = 0.001 * (64 * 64 / 1_000_000) * 2  # the tiny catalog's per_megapixel_step price
    assert a == pytest.approx(2 * per_image, abs=1e-8) and b == pytest.approx(per_image, abs=1e-8)
    table = cli(["usage", "--group-by", "day", "--group-by", "model"], env, tmp_path)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    word, start, to, today, zone = lines[0].split()  # usage 2026-10-26 to 2026-11-24 (UTC): the last 30 days
    assert (word, to, zone) == ("usage", "to", "(UTC)") and start < today
    assert lines[1].split() == [
        "day", "model", "jobs", "ok", "failed", "canceled", "cached", "images", "cost", "USD", "compute", "s",
        "p50", "s", "p95", "s", "p99", "s",
    ]  # fmt: skip
    sd1, sdxl, total = (line.split() for line in lines[2:])
    assert sd1[:9] == [today, "tiny-sd1", "1", "1", "0", "0", "0", "2", f"{a:.8f}"]
    assert sdxl[:9] == [today, "tiny-sdxl", "1", "1", "0", "0", "0", "1", f"{b:.8f}"]
    assert total[:8] == ["total", "2", "2", "0", "0", "0", "3", f"{a + b:.8f}"]
    assert float(total[8]) > 0 and all(float(v) >= 0 for v in total[9:12])  # compute s, latency p50/p95/p99

    report = json.loads(cli(["usage", "--group-by", "model", "--json"], env, tmp_path).stdout)
    assert report["object"] == "usage" and report["group_by"] == ["model"]
    assert [row["model"] for row in report["data"]] == ["tiny-sd1", "tiny-sdxl"]
    assert report["total"]["jobs"] == 2 and report["total"]["images"] == 3
    assert report["total"]["cost"] == pytest.approx(a + b, abs=1e-12) and report["total"]["cost"] > 0
    refused = cli(["usage", "--group-by", "week", "--json"], env, tmp_path)
    assert refused.returncode == 3 and "group_by" in json.loads(refused.stdout)["error"]["message"]

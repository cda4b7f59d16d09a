"""``imagegate models …`` as an admin runs it: pull from the (loopback) hub with a progress bar,
list, show, disk use and removal, all through the SDK."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import imagegate
from tests.support.model_hub import FakeHub
from tests.support.server import ServerProcess
from tests.support.terminal import run_in_terminal

SRC = str(Path(imagegate.__file__).resolve().parents[1])


def cli_env(server: ServerProcess, tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("IMAGEGATE_")}
    return clean | {
        "IMAGEGATE_URL": server.url,
        "IMAGEGATE_API_KEY": server.admin_key,
        "IMAGEGATE_CLIENT_CONFIG": str(tmp_path / "no-client-config.toml"),
        "PYTHONPATH": SRC,
    }


def cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "imagegate", "models", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_pull_in_a_terminal_shows_a_progress_bar(manager_server: ServerProcess, hub: FakeHub, tmp_path: Path) -> None:
    env = cli_env(manager_server, tmp_path)
    hub.rate = 3_000_000
    try:
        args = [sys.executable, "-m", "imagegate", "models", "pull", "tiny/sd1", "--id", "cli-sd1", "--preload"]
        run = run_in_terminal(args, env=env, cwd=tmp_path)
    finally:
        hub.rate = None
    assert run.returncode == 0, run.output
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", run.output)
    assert "cli-sd1 ready" in screen and "MB" in screen and "━" in screen, screen
    assert re.search(r"cli-sd1: ready \(sd1, [\d.]+ MB, loaded\)", screen), screen

    listed = cli(["ls"], env, tmp_path)
    assert listed.returncode == 0 and "cli-sd1" in listed.stdout
    shown = cli(["show", "cli-sd1"], env, tmp_path)
    assert "added at run time  yes" in shown.stdout, shown.stdout
    du = json.loads(cli(["du", "--json"], env, tmp_path).stdout)
    sizes = {row["id"]: row["size_bytes"] for row in du["data"]}
    assert sizes["cli-sd1"] > 1_000_000 and du["total_bytes"] >= sizes["cli-sd1"]
    assert "total" in cli(["du"], env, tmp_path).stdout
    removed = cli(["rm", "cli-sd1"], env, tmp_path)
    assert removed.returncode == 0 and "removed cli-sd1" in removed.stdout
    assert cli(["show", "cli-sd1"], env, tmp_path).returncode == 6  # not found


def test_a_failed_pull_exits_1_with_the_reason(manager_server: ServerProcess, tmp_path: Path) -> None:
    env = cli_env(manager_server, tmp_path)
    run = cli(["pull", "tiny/missing", "--id", "cli-missing", "--json"], env, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "no repository 'tiny/missing'" in json.loads(run.stdout)["error"]["message"]
    assert cli(["rm", "cli-missing"], env, tmp_path).returncode == 0
    refused = cli(["pull", "http://10.0.0.7/x.safetensors", "--id", "cli-private"], env, tmp_path)
    assert refused.returncode == 3 and "private or local address" in refused.stderr

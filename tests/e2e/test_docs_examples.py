"""Every command the README and docs/ show, run as a reader would paste it: shell blocks with bash,
Python blocks as a script, against a real server on the bundled catalog (as `make run` serves it),
from a folder that has the repository's `examples/` and `.venv/`. Only the address and the key
placeholders are swapped for the test server's. A block that cannot run on its own is listed in
SKIPPED with the reason, so a new block is never left out silently."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PIL import Image

import imagegate
from tests.support.http_peer import HttpPeer, Reply
from tests.support.server import ServerProcess

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SRC = str(Path(imagegate.__file__).resolve().parents[1])
RUNNABLE = {"bash", "sh", "python"}

# (file, first line) → why it is read, not run.
SKIPPED = {
    ("README.md", "make run     # creates .venv, installs everything, starts the server on http://127.0.0.1:8000"): (
        "the set-up itself: `make test` is what runs this test, and `make run` starts the server these tests start"
    ),
    ("README.md", "export IMAGEGATE_API_KEY=ig_...   # the key printed by `make run`"): (
        "a placeholder for the reader's key; every block here runs with IMAGEGATE_API_KEY set"
    ),
    (
        "README.md",
        "imagegate models pull stabilityai/stable-diffusion-xl-base-1.0 --id sdxl-base --variant fp16 --preload",
    ): (
        "needs the real Hugging Face hub (and 7 GB); tests/catalog/test_cli_models.py runs the same command "
        "against a loopback hub that speaks the hub's file API"
    ),
    ("gateway.md", "from standardwebhooks.webhooks import Webhook"): (
        "a webhook receiver's code (its request's body and headers); tests/gateway/test_webhooks.py verifies "
        "real deliveries with standardwebhooks"
    ),
    ("image-tasks.md", 'stored = await svc.image_inputs.admit(await upload.read(), field="image")     # StoredImage'): (
        "a sketch of the server's internal API for contributors, not a user command"
    ),
    (
        "scale-out.md",
        "make cluster        # PostgreSQL, Redis, SeaweedFS (S3), a Ray head, two API replicas, a worker",
    ): (
        "starts eight long-lived processes; tests/e2e/test_cluster.py runs scripts/cluster.py up and down, which "
        "is what these two targets run"
    ),
    (
        "gpu.md",
        "make gpu-bench-wheels      # here, with PyPI: the server's wheels for Python 3.12 into bench/gpu-wheels",
    ): (
        "downloads from PyPI and runs on a GPU machine; tests/bench/test_gpu_bench.py runs the same code with "
        "--smoke, `bench/gpu.sh --check` and the wheel plan, offline"
    ),
    ("sdk.md", "from imagegate.client import verify_webhook, WebhookVerificationError"): (
        "a webhook receiver's code; tests/client/test_webhooks.py runs verify_webhook on signed deliveries"
    ),
}


@dataclass(frozen=True)
class Block:
    doc: str
    lang: str
    code: str

    @property
    def first_line(self) -> str:
        return self.code.splitlines()[0]

    @property
    def name(self) -> str:
        return f"{self.doc}:{self.first_line[:50]}"


def blocks() -> list[Block]:
    found = []
    for path in DOCS:
        for lang, code in re.findall(r"```(\w*)\n(.*?)```", path.read_text(), flags=re.DOTALL):
            if lang in RUNNABLE:
                found.append(Block(path.name, lang, code))
    return found


def to_run() -> list[Block]:
    return [b for b in blocks() if (b.doc, b.first_line) not in SKIPPED]


def test_every_skipped_block_still_exists() -> None:
    present = {(b.doc, b.first_line) for b in blocks()}
    assert set(SKIPPED) <= present, set(SKIPPED) - present


@pytest.fixture(scope="module")
def receiver() -> Iterator[HttpPeer]:
    """Stands in for the examples' webhook receiver (https://example.com/…): no network here."""
    with HttpPeer(lambda request: Reply(204)) as peer:
        yield peer


@pytest.fixture(scope="module")
def bundled_server(tmp_path_factory: pytest.TempPathFactory, receiver: HttpPeer) -> Iterator[ServerProcess]:
    catalogs = sorted((REPO / "models").glob("*.toml"))
    env = {"IMAGEGATE_WEBHOOK_ALLOWLIST": f'["127.0.0.1:{receiver.port}"]'}
    proc = ServerProcess(tmp_path_factory.mktemp("docs-server"), catalogs, env=env).start()
    yield proc
    proc.stop()


def workdir(tmp_path: Path) -> Path:
    """A reader's folder: the repository's example files, benchmarks (which use the tests' server
    helper) and virtual environment at hand."""
    for name in ("examples", "bench", "tests", ".venv"):
        (tmp_path / name).symlink_to(REPO / name)
    return tmp_path


def run_block(
    block: Block, server: ServerProcess, cwd: Path, key: str, receiver: HttpPeer | None = None
) -> subprocess.CompletedProcess[str]:
    code = block.code
    if receiver is not None:
        code = code.replace("https://example.com", receiver.url)
    for address in ("http://127.0.0.1:8000", "http://localhost:8000"):
        code = code.replace(address, server.url)
    for placeholder in ('"ig_..."', '"ig_…"'):
        code = code.replace(placeholder, repr(key))
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMAGEGATE_")}
    env |= {
        "IMAGEGATE_URL": server.url,
        "IMAGEGATE_API_KEY": key,
        "IMAGEGATE_CLIENT_CONFIG": str(cwd / "no-client-config.toml"),
        "PYTHONPATH": SRC,
        "PATH": f"{REPO / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    }
    if block.lang == "python":
        if "import " not in code and "client." in code:
            # A fragment continuing the page's client (configured from the environment, as the page says).
            code = "from imagegate.client import Client\n\nclient = Client()\n" + code
        (cwd / "example.py").write_text(code)
        command = [sys.executable, "example.py"]
    else:
        (cwd / "example.sh").write_text("set -euo pipefail\n" + code)
        command = ["bash", "example.sh"]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)


@pytest.mark.parametrize("block", to_run(), ids=lambda b: b.name)
def test_doc_example_runs(block: Block, bundled_server: ServerProcess, receiver: HttpPeer, tmp_path: Path) -> None:
    cwd = workdir(tmp_path)
    run = run_block(block, bundled_server, cwd, bundled_server.admin_key, receiver)
    assert run.returncode == 0, f"{block.code}\n--- stdout:\n{run.stdout}\n--- stderr:\n{run.stderr}"
    for written in cwd.glob("*.png"):  # whatever an example saved is a real image
        with Image.open(written) as image:
            image.load()


def test_readme_curl_polls_a_slow_job_until_it_is_done(tmp_path: Path) -> None:
    """The quick start's curl when the job outlasts each wait (a busy or slow first start): it asks
    again until the job has ended (it once crashed on the first answer of a job still queued)."""
    [curl] = [b for b in blocks() if b.doc == "README.md" and b.first_line.startswith("JOB=$(curl")]
    catalogs = sorted((REPO / "models").glob("*.toml"))
    env = {"IMAGEGATE_MAX_WAIT_S": "1", "IMAGEGATE_CACHE_ENABLED": "false"}
    server = ServerProcess(tmp_path / "slow-server", catalogs, env=env).start()
    try:
        with server.client() as client:  # jobs ahead of it, so it waits for several seconds
            slow = {"num_inference_steps": 100}
            ahead = [client.post("/v1/jobs", json={"prompt": f"a red square {i}", **slow}) for i in range(4)]
            assert all(r.status_code == 202 for r in ahead)
        started = time.monotonic()
        (tmp_path / "reader").mkdir()
        run = run_block(curl, server, workdir(tmp_path / "reader"), server.admin_key)
        assert run.returncode == 0, run.stderr
        assert time.monotonic() - started > 1.5  # it did outlast one wait
        job = json.loads((tmp_path / "reader" / "job.json").read_text())
        assert job["status"] == "succeeded"
        with Image.open(tmp_path / "reader" / "first.png") as image:
            assert image.size == (64, 64)
        assert httpx.get(f"{server.url}/healthz").status_code == 200
    finally:
        server.stop()

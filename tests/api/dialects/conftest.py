"""One real server for the dialect tests, with the model aliases their clients send."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image

from imagegate.api.app import build_app
from imagegate.config import load_settings
from tests.support.faces import restorer_catalog
from tests.support.http_peer import HttpPeer, Recorded, Reply
from tests.support.server import ServerProcess

ALIASES = {
    "dall-e-3": "tiny-sd1",
    "gpt-image-1": "tiny-sd1",
    "midjourney": "tiny-sd1",
    "realtime": "tiny-sd1",
    "dall-e-2": "tiny-sd1-edit",
}
# tiny-sd1 does text-to-image only (the dialects' "model cannot do that" answers are tested on it);
# tiny-sd1-edit does every image task, and the bundled Real-ESRGAN weights upscale.
EDIT_MODEL = "tiny-sd1-edit"
UPSCALER = "realesr-animevideov3"


def write_dialect_catalog(path: Path, sd1: Path) -> Path:
    path.write_text(
        f"""[[models]]
id = "{EDIT_MODEL}"
source = "{sd1}"
tasks = ["txt2img", "img2img", "inpaint", "outpaint", "variation"]
defaults = {{ width = 64, height = 64, num_inference_steps = 2, guidance_scale = 5.0 }}
limits = {{ max_width = 1024, max_height = 1024 }}
price = {{ per_megapixel_step = 0.001 }}

[[models]]
id = "{UPSCALER}"
engine = "upscaler"
source = "ncnn:realesr-animevideov3-x4"
tasks = ["upscale"]
price = {{ per_image = 0.002 }}
"""
    )
    return path


# Slow enough on the tiny model to still be running when a test acts on it.
SLOW = {"width": 512, "height": 512, "steps": 150}


@pytest.fixture(scope="package")
def dialect_catalogs(
    catalog_file: Path,
    tiny_models: dict[str, Path],
    face_restorer_weights: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> list[Path]:
    folder = tmp_path_factory.mktemp("dialect-catalog")
    extra = write_dialect_catalog(folder / "edit.toml", tiny_models["sd1"])
    (folder / "restorers.toml").write_text(restorer_catalog(face_restorer_weights))  # GFPGAN first, CodeFormer
    return [catalog_file, extra, folder / "restorers.toml"]


class WebhookReceiver(HttpPeer):
    """A loopback webhook endpoint for the dialect server (only its port is allowlisted there). It
    answers 200, except ``/fail-first/…`` paths, whose first request gets a 500 (to see a retry)."""

    def __init__(self) -> None:
        self._failed: set[str] = set()
        self._lock = threading.Lock()
        super().__init__(self._answer)

    def _answer(self, request: Recorded) -> Reply:
        path = request.path.split("?")[0]
        with self._lock:
            if path.startswith("/fail-first/") and path not in self._failed:
                self._failed.add(path)
                return Reply(500, b"not yet")
        return Reply(200, b"ok")

    def received(self, path: str, count: int = 1, timeout: float = 30) -> list[Recorded]:
        """The requests made to ``path`` once there are ``count`` of them."""
        deadline = time.monotonic() + timeout
        while True:
            found = [r for r in self.requests if r.path.split("?")[0] == path]
            if len(found) >= count:
                return found
            assert time.monotonic() < deadline, f"{len(found)} of {count} webhook calls to {path} arrived"
            time.sleep(0.05)


@pytest.fixture(scope="package")
def webhook_receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture(scope="package")
def dialect_server(
    dialect_catalogs: list[Path], webhook_receiver: WebhookReceiver, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    env = {
        "IMAGEGATE_DEFAULT_MODEL": "tiny-sd1",
        "IMAGEGATE_MODEL_ALIASES": json.dumps(ALIASES),
        "IMAGEGATE_MODELSLAB_WAIT_S": "20",
        # Webhooks may reach the receiver's port only (any other loopback port stays refused), and
        # retry quickly.
        "IMAGEGATE_WEBHOOK_ALLOWLIST": json.dumps([f"127.0.0.1:{webhook_receiver.port}"]),
        "IMAGEGATE_WEBHOOK_BACKOFF_BASE_S": "0.2",
        "IMAGEGATE_WEBHOOK_BACKOFF_MAX_S": "1",
    }
    proc = ServerProcess(tmp_path_factory.mktemp("dialects"), dialect_catalogs, env=env).start()
    yield proc
    proc.stop()


ADMIN = "ig_test_admin_inprocess_0123456789"


@pytest.fixture
async def app(catalog_file: Path, tmp_path: Path) -> AsyncIterator[FastAPI]:
    """The app in this process (for tests that reach into its services), lifespan running."""
    settings = load_settings(
        data_dir=tmp_path,
        catalog=[str(catalog_file)],
        default_model="tiny-sd1",
        admin_key=ADMIN,
        torch_threads=1,
        preload=False,
        env="test",
    )
    application = build_app(settings)
    async with application.router.lifespan_context(application):
        yield application


def png_bytes(size: tuple[int, int] = (64, 64), mode: str = "RGB", color: Any = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, format="PNG")
    return out.getvalue()


def decode_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def native_job(server: ServerProcess, key: str, job_id: str) -> dict[str, Any]:
    with server.client(key) as client:
        response = client.get(f"/v1/jobs/{job_id}")
        assert response.status_code == 200, response.text
        return dict(response.json())


def wait_native(server: ServerProcess, key: str, job_id: str, statuses: set[str], timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    job: dict[str, Any] = {}
    while time.monotonic() < deadline:
        job = native_job(server, key, job_id)
        if job["status"] in statuses:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never reached {statuses}: {job.get('status')}")


def active_jobs(server: ServerProcess, key: str) -> list[dict[str, Any]]:
    with server.client(key) as client:
        return list(client.get("/v1/jobs", params={"status": "queued,running"}).json()["data"])


def wait_running(server: ServerProcess, key: str, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        running = [j for j in active_jobs(server, key) if j["status"] == "running"]
        if running:
            return running[0]
        time.sleep(0.05)
    raise AssertionError("no job of this key started running")


def a1111_client(server: ServerProcess, key: str, **kwargs: Any) -> httpx.Client:
    """Authenticated the way A1111 clients are: HTTP Basic, the API key as password."""
    return httpx.Client(base_url=server.url, auth=("webui", key), timeout=kwargs.pop("timeout", 60), **kwargs)

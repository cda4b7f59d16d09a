"""AUTOMATIC1111 clients poll ``/sdapi/v1/progress`` instead of following events; asking for the
current image there makes the engine draw previews, which come back as ``current_image``."""

from __future__ import annotations

import base64
import io
import threading
import time

import httpx
from PIL import Image

from tests.support.server import ServerProcess


def test_polled_progress_returns_a_live_preview(dialect_server: ServerProcess) -> None:
    key = dialect_server.new_key("a1111-previews")
    headers = {"Authorization": f"Bearer {key}"}
    body = {"prompt": "a red circle", "width": 256, "height": 256, "steps": 150, "seed": 1}
    answers: list[httpx.Response] = []

    def generate() -> None:
        with httpx.Client(base_url=dialect_server.url, headers=headers, timeout=180) as sd:
            answers.append(sd.post("/sdapi/v1/txt2img", json=body))

    worker = threading.Thread(target=generate)
    worker.start()
    current = None
    with httpx.Client(base_url=dialect_server.url, headers=headers, timeout=30) as sd:
        deadline = time.monotonic() + 120
        while current is None and time.monotonic() < deadline and worker.is_alive():
            current = sd.get("/sdapi/v1/progress").json()["current_image"]
            time.sleep(0.2)
        sd.post("/sdapi/v1/interrupt")
    worker.join(60)
    assert current is not None, "no preview while the job ran"
    with Image.open(io.BytesIO(base64.b64decode(current))) as image:
        assert image.format == "JPEG" and image.size == (256, 256)

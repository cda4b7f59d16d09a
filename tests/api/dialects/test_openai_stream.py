"""``stream: true`` turns progress previews into OpenAI partial-image events. This test publishes
previews on the job's event bus itself, in the forms other publishers may use (bytes, base64 text),
while a real job runs; the diffusers engine's own ``Preview`` objects go through the same path."""

from __future__ import annotations

import asyncio
import base64
import io
import json

import httpx
from fastapi import FastAPI
from PIL import Image

from imagegate.api.deps import started_services
from tests.api.dialects.conftest import ADMIN


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, format="JPEG")
    return out.getvalue()


def parse_sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((lines["event"], json.loads(lines["data"])))
    return events


async def test_previews_become_partial_images(app: FastAPI) -> None:
    svc = await started_services(app.state)
    assert svc is not None
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://imagegate.test", timeout=120) as client:
        created = await client.post("/v1/keys", json={"name": "s"}, headers={"Authorization": f"Bearer {ADMIN}"})
        key = created.json()
        body = {"prompt": "a red circle", "size": "256x256", "stream": True, "partial_images": 2, "quality": "max"}
        request = asyncio.create_task(
            client.post("/v1/images/generations", json=body, headers={"Authorization": f"Bearer {key['key']}"})
        )
        job_id = None
        while job_id is None:  # publish the previews as soon as the job exists (before it ends)
            jobs = await svc.jobs.list_jobs(key["id"], limit=1)
            job_id = jobs[0].id if jobs else None
            await asyncio.sleep(0.005)
        preview = jpeg()
        svc.events.publish(job_id, "progress", {"step": 1, "total": 10, "preview": preview})  # too early for #0
        svc.events.publish(job_id, "progress", {"step": 4, "total": 10, "preview": preview})
        svc.events.publish(job_id, "progress", {"step": 5, "total": 10})  # no preview: nothing to send
        text = base64.b64encode(preview).decode()
        svc.events.publish(job_id, "progress", {"step": 7, "total": 10, "preview": f"data:image/jpeg;base64,{text}"})
        svc.events.publish(job_id, "progress", {"step": 9, "total": 10, "preview": preview})  # two were asked for
        response = await request
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    assert [name for name, _ in events] == [
        "image_generation.partial_image",
        "image_generation.partial_image",
        "image_generation.completed",
    ]
    assert [data["partial_image_index"] for _, data in events[:2]] == [0, 1]
    assert all(
        data["output_format"] == "jpeg" and base64.b64decode(data["b64_json"]) == preview for _, data in events[:2]
    )
    done = events[-1][1]
    assert done["size"] == "256x256" and done["output_format"] == "png" and "usage" in done
    assert Image.open(io.BytesIO(base64.b64decode(done["b64_json"]))).size == (256, 256)

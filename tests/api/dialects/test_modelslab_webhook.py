"""The ModelsLab webhook body, as the gateway's delivery will get it: a request made through the
dialect keeps its ``webhook`` and ``track_id``, and ``webhook_for`` renders ModelsLab's payload."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from imagegate.api.handlers.modelslab import webhook_for
from tests.api.dialects.conftest import ADMIN


async def test_webhook_payload_for_a_finished_request(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://imagegate.test", timeout=60) as client:
        created = await client.post("/v1/keys", json={"name": "hook"}, headers={"Authorization": f"Bearer {ADMIN}"})
        key = created.json()["key"]
        body = {"key": key, "prompt": "a red circle", "width": "64", "height": "64", "num_inference_steps": "2"}
        body |= {"webhook": "https://hooks.example.com/ml", "track_id": "order-17", "samples": "1"}
        result = (await client.post("/api/v6/images/text2img", json=body)).json()
        assert result["status"] == "success", result
        plain = (await client.post("/api/v6/images/text2img", json={**body, "webhook": None})).json()
    svc = app.state.services
    job = await svc.jobs.get(result["job_id"])
    found = await webhook_for(svc, job)
    assert found is not None
    url, payload = found
    assert url == "https://hooks.example.com/ml"
    assert payload["status"] == "success" and payload["track_id"] == "order-17" and payload["id"] == result["id"]
    assert payload["output"][0].startswith("http://imagegate.test/api/v6/files/") and payload["meta"]["seed"] >= 0
    assert await webhook_for(svc, await svc.jobs.get(plain["job_id"])) is None  # no webhook asked for

"""The native jobs API through a real server: auth, ownership, waiting, idempotency, paging, cancel."""

from __future__ import annotations

import time

import httpx

from tests.support.server import ServerProcess

FAST = {"prompt": "a red circle", "seed": 7}
# Slow enough to still be running when the test acts on it (tiny model, 512 px, many steps).
SLOW = {"prompt": "a slow one", "width": 512, "height": 512, "num_inference_steps": 150}


def wait_status(client: httpx.Client, job_id: str, statuses: set[str], timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in statuses:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never reached {statuses}: {job}")


def test_health_and_docs_need_no_key(server: ServerProcess) -> None:
    assert httpx.get(f"{server.url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{server.url}/readyz").json()
    assert ready["status"] == "ready" and all(ready["checks"].values())
    assert httpx.get(f"{server.url}/docs").status_code == 200
    assert "/v1/jobs" in httpx.get(f"{server.url}/openapi.json").json()["paths"]


def test_authentication_is_required(server: ServerProcess) -> None:
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer ig_not_a_real_key_12345678"}):
        response = httpx.post(f"{server.url}/v1/jobs", json=FAST, headers=headers)
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert httpx.get(f"{server.url}/v1/models").status_code == 401


def test_revoked_key_is_refused_at_once(server: ServerProcess) -> None:
    key = server.new_key("short-lived")
    with server.client(key) as client, server.client() as admin:
        assert client.get("/v1/models").status_code == 200
        key_id = next(k["id"] for k in admin.get("/v1/keys").json()["data"] if k["prefix"] == key[:10])
        revoked = admin.delete(f"/v1/keys/{key_id}")
        assert revoked.status_code == 200 and revoked.json()["revoked_at"]
        response = client.get("/v1/models")
        assert response.status_code == 401 and response.json()["code"] == "invalid_api_key"


def test_key_management_needs_admin(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        response = client.post("/v1/keys", json={"name": "x"})
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    with server.client() as admin:
        assert admin.post("/v1/keys", json={"name": "x", "scopes": ["root"]}).status_code == 422
        assert admin.delete("/v1/keys/key_nope").status_code == 404
        created = admin.post("/v1/keys", json={"name": "listed"}).json()
        assert created["key"].startswith("ig_") and created["scopes"] == ["generate"]
        listed = admin.get("/v1/keys").json()["data"]
        assert all("key" not in k for k in listed)  # the secret is never shown again


def test_other_keys_jobs_and_images_are_invisible(server: ServerProcess) -> None:
    with server.client(server.new_key("a")) as a, server.client(server.new_key("b")) as b:
        job = a.post("/v1/jobs", json=FAST, headers={"Prefer": "wait=30"}).json()
        assert job["status"] == "succeeded"
        image_id = job["images"][0]["id"]
        for response in (
            b.get(f"/v1/jobs/{job['id']}"),
            b.delete(f"/v1/jobs/{job['id']}"),
            b.get(f"/v1/images/{image_id}"),
            b.get(f"/v1/images/{image_id}/content"),
        ):
            assert response.status_code == 404, response.text
        assert job["id"] not in [j["id"] for j in b.get("/v1/jobs").json()["data"]]
        assert a.get(f"/v1/images/{image_id}").json()["job_id"] == job["id"]


def test_accepted_then_polled(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        response = client.post("/v1/jobs", json=FAST)
        assert response.status_code == 202
        job = response.json()
        assert response.headers["location"] == f"/v1/jobs/{job['id']}"
        assert job["id"].startswith("job_") and job["status"] in ("queued", "running", "succeeded")
        assert job["links"]["self"].endswith(job["id"])
        done = wait_status(client, job["id"], {"succeeded"})
        assert done["progress"]["fraction"] == 1.0 and done["seeds"] == [7]
        assert done["created_at"].endswith("Z") and done["finished_at"] >= done["created_at"]
        assert done["params"]["width"] == 64 and done["params"]["num_inference_steps"] == 2  # defaults filled


def test_prefer_wait_returns_the_finished_job(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        response = client.post("/v1/jobs", json={**FAST, "response_format": "b64_json"}, headers={"Prefer": "wait=30"})
        assert response.status_code == 200
        assert response.headers["preference-applied"] == "wait=30"
        image = response.json()["images"][0]
        assert image["b64_json"] and image["url"]


def test_get_with_prefer_wait_is_a_long_poll(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        created = client.post("/v1/jobs", json={**FAST, "num_inference_steps": 20})
        assert created.status_code == 202 and created.json()["status"] == "queued"
        response = client.get(f"/v1/jobs/{created.json()['id']}", headers={"Prefer": "wait=30"})
        assert response.status_code == 200 and response.headers["preference-applied"] == "wait=30"
        assert response.json()["status"] == "succeeded" and response.json()["images"]
        assert "preference-applied" not in client.get(f"/v1/jobs/{created.json()['id']}").headers


def test_idempotency_key(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        headers = {"Idempotency-Key": "order-42"}
        first = client.post("/v1/jobs", json=FAST, headers=headers)
        again = client.post("/v1/jobs", json=FAST, headers=headers)
        assert again.json()["id"] == first.json()["id"]
        assert again.headers["idempotent-replayed"] == "true"
        changed = client.post("/v1/jobs", json={**FAST, "seed": 8}, headers=headers)
        assert changed.status_code == 422 and changed.json()["code"] == "idempotency_key_reused"
        assert len(client.get("/v1/jobs").json()["data"]) == 1


def test_list_pagination_and_filter(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        ids = [client.post("/v1/jobs", json={**FAST, "seed": i}).json()["id"] for i in range(5)]
        for job_id in ids:
            wait_status(client, job_id, {"succeeded"})
        seen, cursor = [], None
        while True:
            page = client.get("/v1/jobs", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
            seen += [j["id"] for j in page["data"]]
            if not page["has_more"]:
                break
            cursor = page["next_cursor"]
        assert seen == ids[::-1]
        assert len(client.get("/v1/jobs", params={"status": "succeeded"}).json()["data"]) == 5
        assert client.get("/v1/jobs", params={"status": "queued,failed"}).json()["data"] == []


def test_cancel_running_and_queued(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        running = client.post("/v1/jobs", json=SLOW).json()
        behind = [client.post("/v1/jobs", json=SLOW).json() for _ in range(2)]
        wait_status(client, running["id"], {"running"})
        deadline = time.monotonic() + 30
        while client.get(f"/v1/jobs/{running['id']}").json()["progress"]["step"] < 1:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        queued = behind[-1]
        assert client.get(f"/v1/jobs/{queued['id']}").json()["status"] == "queued"
        canceled = client.delete(f"/v1/jobs/{queued['id']}")
        assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
        started = time.monotonic()
        stopped = client.delete(f"/v1/jobs/{running['id']}").json()
        stopped = wait_status(client, running["id"], {"canceled"}, timeout=10)
        assert time.monotonic() - started < 5  # it stopped at a step, not after 150 of them
        assert stopped["error"]["code"] == "canceled" and stopped["progress"]["step"] < 150
        client.delete(f"/v1/jobs/{behind[0]['id']}")
        wait_status(client, behind[0]["id"], {"canceled"})
        again = client.delete(f"/v1/jobs/{queued['id']}")
        assert again.status_code == 200  # canceling twice is harmless
        finished = client.post("/v1/jobs", json=FAST, headers={"Prefer": "wait=30"}).json()
        refused = client.delete(f"/v1/jobs/{finished['id']}")
        assert refused.status_code == 409 and refused.json()["code"] == "job_not_cancelable"


def test_models(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        listed = client.get("/v1/models").json()
        assert listed["object"] == "list"
        by_id = {m["id"]: m for m in listed["data"]}
        assert {"tiny-sd1", "tiny-sd1-file", "tiny-sdxl", "tiny-sd3", "tiny-flux"} <= set(by_id)
        sd1 = by_id["tiny-sd1"]
        assert sd1["object"] == "model" and sd1["owned_by"] and isinstance(sd1["created"], int)
        assert sd1["family"] == "sd1" and sd1["tasks"] == ["txt2img"] and sd1["default"]
        assert by_id["tiny-flux"]["family"] == "flux" and by_id["tiny-sd1-file"]["family"] == "sd1"
        assert client.get("/v1/models/tiny-sdxl").json()["family"] == "sdxl"
        missing = client.get("/v1/models/nope")
        assert missing.status_code == 404 and missing.json()["code"] == "model_not_found"


def test_signed_image_urls(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        job = client.post("/v1/jobs", json=FAST, headers={"Prefer": "wait=30"}).json()
        image = job["images"][0]
        public = httpx.get(image["url"])  # no API key needed
        assert public.status_code == 200 and public.headers["content-type"] == "image/png"
        assert public.content.startswith(b"\x89PNG") and "immutable" in public.headers["cache-control"]
        etag = public.headers["etag"]
        assert httpx.get(image["url"], headers={"If-None-Match": etag}).status_code == 304
        tampered = image["url"].replace("signature=", "signature=x")
        assert httpx.get(tampered).status_code == 403
        expired = image["url"].split("?")[0] + "?expires=1000&signature=abc"
        assert httpx.get(expired).status_code == 403
        assert httpx.get(image["url"].split("?")[0]).status_code == 401
        assert client.get(f"/v1/images/{image['id']}/content").content == public.content


def test_a_tiling_job_runs(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        job = client.post("/v1/jobs", json={**FAST, "tiling": True}, headers={"Prefer": "wait=30"}).json()
        assert job["status"] == "succeeded" and job["params"]["tiling"] is True


def test_a_get_of_an_openai_operation_path_is_a_405_not_a_missing_image(server: ServerProcess) -> None:
    with server.client(server.new_key()) as client:
        for name in ("generations", "edits", "variations"):
            response = client.get(f"/v1/images/{name}")
            assert response.status_code == 405 and response.headers["allow"] == "POST", response.text
            assert response.json()["error"]["code"] == "method_not_allowed"  # in OpenAI's shape: its path

"""GET /v1/images through a real server: a key's images, newest job first, page by page, with
signed URLs that work; another key's images never show; a cursor not of this API is refused."""

from __future__ import annotations

import httpx

from tests.support.server import ServerProcess


def test_a_keys_images_newest_first_page_by_page(server: ServerProcess) -> None:
    with server.client(server.new_key("images-list")) as client, server.client(server.new_key("other")) as other:
        jobs = []
        for n in (2, 1, 3):
            response = client.post(
                "/v1/jobs", json={"prompt": "a red circle", "num_images": n}, headers={"Prefer": "wait=30"}
            )
            assert response.status_code == 200, response.text
            jobs.append(response.json())
        other.post("/v1/jobs", json={"prompt": "not yours"}, headers={"Prefer": "wait=30"})
        expected = [(job["id"], image["id"]) for job in reversed(jobs) for image in job["images"]]
        seen, cursor = [], None
        while True:
            page = client.get("/v1/images", params={"limit": 4, **({"cursor": cursor} if cursor else {})}).json()
            seen += [(image["job_id"], image["id"]) for image in page["data"]]
            if not page["has_more"]:
                assert page["next_cursor"] is None
                break
            cursor = page["next_cursor"]
        assert seen == expected
        first = client.get("/v1/images", params={"limit": 1}).json()["data"][0]
        assert first["object"] == "image" and first["seed"] == jobs[-1]["images"][0]["seed"]
        assert httpx.get(first["url"]).content[:8] == b"\x89PNG\r\n\x1a\n"  # the signed URL, no key
        refused = client.get("/v1/images", params={"cursor": "not-a-cursor"})
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "cursor"
        assert client.get("/v1/images", params={"limit": 0}).status_code == 422
    assert httpx.get(f"{server.url}/v1/images").status_code == 401

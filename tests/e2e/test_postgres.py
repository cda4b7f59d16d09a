"""The whole server on PostgreSQL: moving from the embedded SQLite default is a change of URL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from tests.support.postgres import fresh_database
from tests.support.server import ServerProcess


def test_server_runs_on_postgresql(postgres_url: str, catalog_file: Path, tmp_path: Path) -> None:
    url = asyncio.run(fresh_database(postgres_url))
    server = ServerProcess(tmp_path / "srv", catalog_file, env={"IMAGEGATE_DATABASE_URL": url}).start()
    try:
        with server.client(server.new_key("pg")) as client:
            job = client.post("/v1/jobs", json={"prompt": "on postgres", "seed": 5}, headers={"Prefer": "wait=60"})
            assert job.status_code == 200, job.text
            assert job.json()["status"] == "succeeded"
            assert httpx.get(job.json()["images"][0]["url"]).content.startswith(b"\x89PNG")
            listed = client.get("/v1/jobs").json()["data"]
            assert [j["id"] for j in listed] == [job.json()["id"]]
        server.stop()
        server.start()  # migrations are idempotent; state is still there
        with server.client() as admin:
            assert any(k["name"] == "pg" for k in admin.get("/v1/keys").json()["data"])
    finally:
        server.stop()

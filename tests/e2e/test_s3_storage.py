"""Images in S3, through real server processes and a real S3 server (SeaweedFS): two servers on one
PostgreSQL with separate data folders serve every image either of them made (the failure issue 14
measured with local folders); a blob deleted behind a server's back is a 404 on every route that
serves image bytes, for the local folder too; an unreachable S3 stops the start with the setting
named; an S3 that goes away mid-run fails the job with a storage error and corrupts nothing."""

from __future__ import annotations

import asyncio
import base64
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import obstore
import pytest

import imagegate
from tests.support.postgres import fresh_database
from tests.support.s3_server import S3Server
from tests.support.server import ServerProcess, free_port
from tests.support.tcp_relay import TcpRelay

PNG = b"\x89PNG\r\n\x1a\n"


def generate(server: ServerProcess, key: str, prompt: str, seed: int) -> dict[str, Any]:
    with server.client(key) as client:
        job = client.post("/v1/jobs", json={"prompt": prompt, "seed": seed}, headers={"Prefer": "wait=90"})
    assert job.status_code == 200, job.text
    return dict(job.json())


def s3_keys(s3: S3Server, prefix: str) -> list[str]:
    return [meta["path"] for batch in obstore.list(s3.store(), prefix=prefix + "/") for meta in batch]


def test_two_servers_on_one_postgresql_serve_each_others_images(
    postgres_url: str, catalog_file: Path, s3_server: S3Server, tmp_path: Path
) -> None:
    database = asyncio.run(fresh_database(postgres_url))
    shared = {
        **s3_server.env("two"),
        "IMAGEGATE_DATABASE_URL": database,
        "IMAGEGATE_SECRET_KEY": secrets.token_urlsafe(32),  # the same signed URLs verify on both
        "IMAGEGATE_DEFAULT_MODEL": "tiny-sd1",
    }
    admin = "ig_test_admin_" + secrets.token_urlsafe(16)
    streams = ServerProcess(tmp_path / "a", catalog_file, env=shared, admin_key=admin)
    presigns = ServerProcess(tmp_path / "b", catalog_file, env=shared | {"IMAGEGATE_IMAGE_DELIVERY": "presign"})
    presigns.admin_key = streams.admin_key = admin
    presigns.env["IMAGEGATE_ADMIN_KEY"] = admin
    servers = [streams, presigns]
    try:
        with ThreadPoolExecutor(2) as pool:  # side by side, as on two machines (and sooner)
            list(pool.map(ServerProcess.start, servers))
        key = streams.new_key("two")
        jobs = [generate(servers[i % 2], key, f"shared image {i}", 100 + i) for i in range(4)]
        for job in jobs:
            assert job["status"] == "succeeded", job
            image = job["images"][0]
            path = httpx.URL(image["url"]).raw_path.decode()  # the signed path, asked of either server
            streamed = httpx.get(streams.url + path)
            assert streamed.status_code == 200 and streamed.content.startswith(PNG), streamed.text
            redirect = httpx.get(presigns.url + path)
            assert redirect.status_code == 307 and redirect.headers["location"].startswith(s3_server.endpoint)
            assert "X-Amz-Signature=" in redirect.headers["location"]
            assert httpx.get(redirect.headers["location"]).content == streamed.content
            for server in servers:  # base64 in the job, read from S3 by whichever server is asked
                with server.client(key) as client:
                    b64 = client.get(f"/v1/jobs/{job['id']}", params={"response_format": "b64_json"}).json()
                assert base64.b64decode(b64["images"][0]["b64_json"]) == streamed.content
        assert len(s3_keys(s3_server, "two")) == 4
        for server in servers:  # nothing went to (or even made) the local folders
            assert not (server.data_dir / "blobs").exists()
    finally:
        for server in servers:
            server.stop()


# -- a blob missing behind the server's back, on every route that serves image bytes ---------------


@pytest.fixture(scope="module", params=["local", "s3"])
def served(
    request: pytest.FixtureRequest, catalog_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcess, TcpRelay | None]]:
    """A server on the local folder, and one on S3 reached through a relay that can be cut."""
    root = tmp_path_factory.mktemp(f"served-{request.param}")
    if request.param == "local":
        server = ServerProcess(root, catalog_file, env={"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1"}).start()
        yield server, None
        server.stop()
        return
    s3: S3Server = request.getfixturevalue("s3_server")
    with TcpRelay(s3.ports["s3"]) as relay:
        env = s3.env("served") | {
            "IMAGEGATE_S3_ENDPOINT_URL": f"http://127.0.0.1:{relay.port}",
            "IMAGEGATE_DEFAULT_MODEL": "tiny-sd1",
        }
        server = ServerProcess(root, catalog_file, env=env).start()
        yield server, relay
        server.stop()


def delete_every_blob(server: ServerProcess, s3: S3Server | None) -> int:
    if s3 is None:
        blobs = server.data_dir / "blobs"
        count = sum(1 for p in blobs.rglob("*") if p.is_file())
        shutil.rmtree(blobs)
        blobs.mkdir()
        return count
    keys = s3_keys(s3, "served")
    obstore.delete(s3.store(), keys)
    return len(keys)


def test_a_missing_blob_is_a_404_on_every_surface(
    served: tuple[ServerProcess, TcpRelay | None], request: pytest.FixtureRequest
) -> None:
    server, relay = served
    s3 = request.getfixturevalue("s3_server") if relay is not None else None
    key = server.new_key("missing")
    job = generate(server, key, "soon missing", 7)
    with server.client(key) as client:
        openai = client.post(
            "/v1/images/generations",
            json={"prompt": "soon missing too", "model": "tiny-sd1", "size": "64x64", "output_format": "jpeg"},
        )
        assert openai.status_code == 200, openai.text
        modelslab = client.post(
            "/api/v6/images/text2img",
            json={"key": key, "model_id": "tiny-sd1", "prompt": "missing as well", "width": "64", "height": "64"},
        ).json()
    assert modelslab["status"] == "success", modelslab
    links = {
        "native": job["images"][0]["url"],
        "openai": openai.json()["data"][0]["url"],
        "modelslab": modelslab["output"][0],
    }
    for link in links.values():
        assert httpx.get(link).status_code == 200
    assert delete_every_blob(server, s3) >= 3

    native = httpx.get(links["native"])
    assert native.status_code == 404 and native.json()["code"] == "image_missing", native.text
    assert "no longer in the image store" in native.json()["detail"]
    with server.client(key) as client:
        b64 = client.get(f"/v1/jobs/{job['id']}", params={"response_format": "b64_json"})
        assert b64.status_code == 404 and b64.json()["code"] == "image_missing", b64.text
        by_key = client.get(f"/v1/images/{job['images'][0]['id']}/content")
        assert by_key.status_code == 404 and by_key.json()["code"] == "image_missing"
    converted = httpx.get(links["openai"])  # under /v1/images/{id}/…: problem details, as the native API
    assert converted.status_code == 404 and converted.json()["code"] == "image_missing", converted.text
    file = httpx.get(links["modelslab"])
    assert file.status_code == 404 and file.json()["status"] == "error", file.text  # ModelsLab's envelope
    assert file.json()["code"] == "image_missing"
    # The same request again is not a cache hit pointing at nothing: it makes the image anew.
    again = generate(server, key, "soon missing", 7)
    assert again["status"] == "succeeded" and httpx.get(again["images"][0]["url"]).content.startswith(PNG)


@pytest.mark.parametrize("served", ["s3"], indirect=True)
def test_an_s3_that_goes_away_mid_run_fails_the_job_and_corrupts_nothing(
    served: tuple[ServerProcess, TcpRelay | None],
) -> None:
    server, relay = served
    assert relay is not None
    key = server.new_key("outage")
    before = generate(server, key, "stored before the outage", 11)
    kept = httpx.get(before["images"][0]["url"]).content
    relay.down()
    try:
        started = time.monotonic()
        failed = generate(server, key, "made during the outage", 12)
        assert time.monotonic() - started < 60
        assert failed["status"] == "failed" and failed["error"]["code"] == "storage_error", failed
        assert "could not store an image in s3://images/served" in failed["error"]["message"]
        assert failed["images"] == []
        down = httpx.get(before["images"][0]["url"])
        assert down.status_code == 503 and down.json()["code"] == "storage_error"
    finally:
        relay.up()
    assert httpx.get(before["images"][0]["url"]).content == kept
    after = generate(server, key, "made after the outage", 13)
    assert after["status"] == "succeeded"


# -- start-up ---------------------------------------------------------------------------------------


def serve_once(tmp_path: Path, catalog_file: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("IMAGEGATE_")} | {
        "IMAGEGATE_CONFIG": str(tmp_path / "none.toml"),
        "IMAGEGATE_DATA_DIR": str(tmp_path),
        "IMAGEGATE_CATALOG": f'["{catalog_file}"]',
        "IMAGEGATE_PORT": str(free_port()),
        "PYTHONPATH": str(Path(imagegate.__file__).resolve().parents[1]),
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "imagegate", "serve"],
        env=base | env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unreachable_s3_or_a_missing_bucket_stops_the_start(
    tmp_path: Path, catalog_file: Path, s3_server: S3Server
) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    run = serve_once(tmp_path, catalog_file, s3_server.env() | {"IMAGEGATE_S3_ENDPOINT_URL": nobody})
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "the server could not start" in output
    assert f"cannot reach s3://images/img at {nobody} (IMAGEGATE_S3_ENDPOINT_URL)" in output

    missing = s3_server.env() | {"IMAGEGATE_STORAGE_URL": "s3://no-such-bucket/img"}
    run = serve_once(tmp_path, catalog_file, missing)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "the bucket 'no-such-bucket' does not exist" in output and "IMAGEGATE_S3_CREATE_BUCKET=true" in output

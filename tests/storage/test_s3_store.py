"""The S3 blob store against a real S3 server (SeaweedFS on loopback): the same promises as the
local folder (content-addressed keys, idempotent atomic writes, BlobMissing for a missing blob),
presigned URLs a plain HTTP client can fetch, and start-up checks that name the setting to fix."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
import obstore
import pytest

from imagegate.config import Settings
from imagegate.errors import BlobMissing, ConfigError, StorageError
from imagegate.images.refs import make_ref, open_ref
from imagegate.storage.blobs import digest_of, open_blob_store
from imagegate.storage.s3 import S3BlobStore
from tests.support.images import png_bytes, scene
from tests.support.s3_server import ACCESS_KEY, SECRET_KEY, S3Server
from tests.support.server import free_port
from tests.support.tcp_relay import TcpRelay


def settings_for(s3: S3Server, tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": tmp_path,
        "storage_url": f"s3://{s3.bucket}/t-{uuid.uuid4().hex[:8]}",
        "s3_endpoint_url": s3.endpoint,
        "s3_access_key_id": ACCESS_KEY,
        "s3_secret_access_key": SECRET_KEY,
        "s3_timeout_s": 3,
    }
    return Settings(**(values | overrides))  # type: ignore[arg-type]


def s3_store(s3: S3Server, tmp_path: Path, **overrides: object) -> S3BlobStore:
    store = open_blob_store(settings_for(s3, tmp_path, **overrides))
    assert isinstance(store, S3BlobStore)
    return store


async def test_put_get_exists_with_content_addressed_keys(s3_server: S3Server, tmp_path: Path) -> None:
    store = s3_store(s3_server, tmp_path)
    await store.check()
    data = png_bytes(scene(32, 24))
    digest = await store.put(data)
    assert digest == digest_of(data)
    assert await store.exists(digest)
    assert await store.get(digest) == data
    assert await asyncio.to_thread(store.get_sync, digest) == data
    assert store.local_path(digest) is None
    # The same layout as the local folder, under the prefix of storage_url.
    prefix = store.location.prefix
    keys = [meta["path"] for batch in obstore.list(s3_server.store(), prefix=prefix) for meta in batch]
    assert keys == [f"{prefix}/{digest[:2]}/{digest[2:4]}/{digest}"]
    head = obstore.head(s3_server.store(), keys[0])
    assert head["size"] == len(data)


async def test_put_is_idempotent_and_put_sync_is_its_twin(s3_server: S3Server, tmp_path: Path) -> None:
    store = s3_store(s3_server, tmp_path)
    data = png_bytes(scene(16, 16))
    first = await store.put(data)
    assert await store.put(data) == first
    assert await asyncio.to_thread(store.put_sync, data) == first
    other = await asyncio.to_thread(store.put_sync, b"not an image, still a blob")
    assert other != first and await store.get(other) == b"not an image, still a blob"
    keys = [m["path"] for batch in obstore.list(s3_server.store(), prefix=store.location.prefix) for m in batch]
    assert len(keys) == 2


async def test_a_missing_blob_is_blob_missing_not_a_crash(s3_server: S3Server, tmp_path: Path) -> None:
    store = s3_store(s3_server, tmp_path)
    absent = digest_of(b"never stored")
    assert not await store.exists(absent)
    with pytest.raises(BlobMissing) as caught:
        await store.get(absent)
    assert caught.value.status == 404 and caught.value.code == "image_missing"
    with pytest.raises(BlobMissing):
        await asyncio.to_thread(store.get_sync, absent)


async def test_presigned_urls_work_with_a_plain_http_client(s3_server: S3Server, tmp_path: Path) -> None:
    streaming = s3_store(s3_server, tmp_path)
    data = png_bytes(scene(20, 20))
    digest = await streaming.put(data)
    assert await streaming.link(digest) is None  # image_delivery = "stream" (the default)

    presigning = s3_store(s3_server, tmp_path, storage_url=streaming.location.url, image_delivery="presign")
    url = await presigning.link(digest)
    assert url is not None and url.startswith(s3_server.endpoint) and "X-Amz-Expires=300" in url
    response = httpx.get(url)
    assert response.status_code == 200 and response.content == data
    assert response.headers["content-type"] == "image/png"
    assert httpx.get(url.replace("X-Amz-Expires=300", "X-Amz-Expires=3000")).status_code == 403  # signed
    with pytest.raises(BlobMissing):
        await presigning.link(digest_of(b"never stored"))


async def test_start_up_check_names_what_to_fix(s3_server: S3Server, tmp_path: Path) -> None:
    missing_bucket = s3_store(s3_server, tmp_path, storage_url=f"s3://nb-{uuid.uuid4().hex[:8]}/x")
    with pytest.raises(
        ConfigError, match=r"bucket 'nb-.*' does not exist at http://127.0.0.1:.*IMAGEGATE_S3_CREATE_BUCKET=true"
    ):
        await missing_bucket.check()

    created = s3_store(s3_server, tmp_path, storage_url=missing_bucket.location.url, s3_create_bucket=True)
    await created.check()
    digest = await created.put(b"in a bucket made at start")
    assert await missing_bucket.get(digest) == b"in a bucket made at start"
    await created.check()  # and a second start finds it

    wrong_secret = s3_store(s3_server, tmp_path, s3_secret_access_key="not-the-secret-0123456789")
    credentials = r"\(IMAGEGATE_S3_ACCESS_KEY_ID, IMAGEGATE_S3_SECRET_ACCESS_KEY\)"
    with pytest.raises(ConfigError, match=f"refused the credentials {credentials}"):
        await wrong_secret.check()

    nobody = f"http://127.0.0.1:{free_port()}"
    unreachable = s3_store(s3_server, tmp_path, s3_endpoint_url=nobody)
    with pytest.raises(ConfigError, match=f"cannot reach s3://images/.* at {nobody} \\(IMAGEGATE_S3_ENDPOINT_URL\\)"):
        await unreachable.check()


async def test_an_s3_that_goes_away_fails_fast_with_a_storage_error(s3_server: S3Server, tmp_path: Path) -> None:
    with TcpRelay(s3_server.ports["s3"]) as relay:
        store = s3_store(s3_server, tmp_path, s3_endpoint_url=f"http://127.0.0.1:{relay.port}", s3_timeout_s=2)
        kept = png_bytes(scene(24, 24))
        digest = await store.put(kept)
        relay.down()
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(StorageError, match=r"could not store an image in s3://images/t-.* at http://127\.0\.0\.1"):
            await asyncio.to_thread(store.put_sync, png_bytes(scene(8, 8)))
        with pytest.raises(StorageError, match="could not read an image from"):
            await store.get(digest)
        assert loop.time() - started < 10  # bounded by s3_timeout_s, never a hang
        relay.up()
        assert await store.get(digest) == kept


async def test_engines_open_input_images_from_s3(s3_server: S3Server, tmp_path: Path) -> None:
    """Input images stored at admission reach an engine on another machine (on the compute thread)."""
    store = s3_store(s3_server, tmp_path)
    digest = await store.put(png_bytes(scene(12, 8)))
    image = await asyncio.to_thread(open_ref, store, make_ref(digest))
    assert image.size == (12, 8)


def test_storage_url_must_be_s3(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="storage_url: use s3://bucket/prefix"):
        Settings(data_dir=tmp_path, storage_url="file:///srv/images")
    digest = digest_of(b"x")
    local = open_blob_store(Settings(data_dir=tmp_path))
    assert local.local_path(digest) == tmp_path / "blobs" / digest[:2] / digest[2:4] / digest

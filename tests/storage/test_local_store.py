"""The local folder store keeps the promises of every BlobStore: BlobMissing for bytes that are
gone, StorageError (never a bare OSError) for a write or read the folder refuses."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from imagegate.errors import BlobMissing, StorageError
from imagegate.images.refs import make_ref, open_ref
from imagegate.storage.blobs import LocalBlobStore, digest_of
from tests.support.images import png_bytes, scene


async def test_put_get_and_a_blob_gone_behind_our_back(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    data = png_bytes(scene(16, 16))
    digest = await store.put(data)
    assert await store.put(data) == digest == store.put_sync(data)
    assert await store.get(digest) == data == store.get_sync(digest)
    assert await store.link(digest) is None  # always served by the API
    path = store.local_path(digest)
    assert path is not None and path.relative_to(tmp_path / "blobs").parts == (digest[:2], digest[2:4], digest)
    path.unlink()
    assert not await store.exists(digest)
    with pytest.raises(BlobMissing) as caught:
        await store.get(digest)
    assert caught.value.status == 404 and caught.value.code == "image_missing"
    with pytest.raises(BlobMissing):
        store.get_sync(digest)


async def test_a_write_the_folder_refuses_is_a_storage_error(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    data = b"some bytes"
    digest = digest_of(data)
    (tmp_path / "blobs" / digest[:2]).write_bytes(b"a file where a folder must go")
    with pytest.raises(StorageError, match=r"could not store an image in .*blobs") as caught:
        await store.put(data)
    assert caught.value.status == 503 and caught.value.code == "storage_error"
    with pytest.raises(StorageError):
        await asyncio.to_thread(store.put_sync, data)


def test_engines_open_input_images_from_the_local_folder(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    digest = store.put_sync(png_bytes(scene(12, 8)))
    with open_ref(store, make_ref(digest)) as image:
        assert image.size == (12, 8)

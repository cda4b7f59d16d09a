"""Content-addressed blob storage: a blob's name is the SHA-256 of its bytes, so identical images are
stored once and a stored blob never changes (which makes it safe to cache forever).

Two stores behind one protocol: a local folder (the default) and an S3-compatible bucket
(``storage/s3.py``, when ``storage_url`` names one), both with keys ``ab/cd/abcd…``. Either raises
``BlobMissing`` for a blob that is not there and ``StorageError`` when it cannot read or write."""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from imagegate.errors import BlobMissing, StorageError

if TYPE_CHECKING:
    from imagegate.config import Settings


class BlobStore(Protocol):
    async def put(self, data: bytes) -> str:
        """Store bytes (idempotent, atomic: all of them or nothing); returns their hex SHA-256."""

    def put_sync(self, data: bytes) -> str:
        """``put`` for a worker thread (the runner's post-processing)."""

    async def get(self, digest: str) -> bytes: ...

    def get_sync(self, digest: str) -> bytes:
        """``get`` for a worker thread (engines reading input images on the compute thread)."""

    def local_path(self, digest: str) -> Path | None:
        """A file to serve directly, when the store is on this machine."""

    async def exists(self, digest: str) -> bool: ...

    async def link(self, digest: str) -> str | None:
        """A short-lived URL clients may fetch the bytes from directly (a presigned S3 GET), or
        None when the API serves them itself."""

    async def check(self) -> None:
        """At start: refuse (ConfigError naming the setting and address) a store that cannot work."""


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_key(digest: str) -> str:
    """``ab/cd/abcd…``: the relative name of a blob in either store."""
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise ValueError("not a sha256 hex digest")
    return f"{digest[:2]}/{digest[2:4]}/{digest}"


def missing(digest: str) -> BlobMissing:
    return BlobMissing(f"the bytes of this image (sha256 {digest[:16]}…) are no longer in the image store")


def open_blob_store(settings: Settings) -> BlobStore:
    """The store the settings name: S3 when ``storage_url`` is set, else the local blob folder."""
    if settings.storage_url is None:
        return LocalBlobStore(settings.resolved_blob_dir)
    from imagegate.storage.s3 import S3BlobStore

    return S3BlobStore.from_settings(settings)


class LocalBlobStore:
    """Blobs under ``root/ab/cd/abcd…``; writes are atomic (temp file, then rename)."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, digest: str) -> Path:
        return self.root / blob_key(digest)

    def _write(self, digest: str, data: bytes) -> None:
        path = self._path(digest)
        if path.exists():
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        except OSError as exc:
            raise StorageError(f"could not store an image in {self.root}: {exc.strerror or exc}") from exc
        try:
            # No fsync: like the database (WAL, synchronous=NORMAL) this survives a crash of the
            # process, which is the promise; only a crash of the whole OS can lose the newest blobs.
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException as exc:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise StorageError(f"could not store an image in {self.root}: {exc.strerror or exc}") from exc
            raise

    def _read(self, digest: str) -> bytes:
        try:
            return self._path(digest).read_bytes()
        except FileNotFoundError:
            raise missing(digest) from None
        except OSError as exc:
            raise StorageError(f"could not read an image from {self.root}: {exc.strerror or exc}") from exc

    async def put(self, data: bytes) -> str:
        digest = digest_of(data)
        await asyncio.to_thread(self._write, digest, data)
        return digest

    def put_sync(self, data: bytes) -> str:
        digest = digest_of(data)
        self._write(digest, data)
        return digest

    async def get(self, digest: str) -> bytes:
        return await asyncio.to_thread(self._read, digest)

    def get_sync(self, digest: str) -> bytes:
        return self._read(digest)

    def local_path(self, digest: str) -> Path | None:
        return self._path(digest)

    async def exists(self, digest: str) -> bool:
        return self._path(digest).exists()

    async def link(self, digest: str) -> str | None:
        return None

    async def check(self) -> None:
        return None  # the folder was made in __init__; a full disk fails the job that meets it

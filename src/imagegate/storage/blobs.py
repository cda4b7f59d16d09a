"""Content-addressed blob storage: a blob's name is the SHA-256 of its bytes, so identical images are
stored once and a stored blob never changes (which makes it safe to cache forever)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol


class BlobStore(Protocol):
    async def put(self, data: bytes) -> str:
        """Store bytes; returns their hex SHA-256 digest."""

    async def get(self, digest: str) -> bytes: ...

    def local_path(self, digest: str) -> Path | None:
        """A file to serve directly, when the store is on this machine."""

    async def exists(self, digest: str) -> bool: ...


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LocalBlobStore:
    """Blobs under ``root/ab/cd/abcd…``; writes are atomic (temp file, then rename)."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, digest: str) -> Path:
        if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
            raise ValueError("not a sha256 hex digest")
        return self.root / digest[:2] / digest[2:4] / digest

    def _write(self, digest: str, data: bytes) -> None:
        path = self._path(digest)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            # No fsync: like the database (WAL, synchronous=NORMAL) this survives a crash of the
            # process, which is the promise; only a crash of the whole OS can lose the newest blobs.
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    async def put(self, data: bytes) -> str:
        digest = digest_of(data)
        await asyncio.to_thread(self._write, digest, data)
        return digest

    def put_sync(self, data: bytes) -> str:
        digest = digest_of(data)
        self._write(digest, data)
        return digest

    async def get(self, digest: str) -> bytes:
        return await asyncio.to_thread(self._path(digest).read_bytes)

    def local_path(self, digest: str) -> Path | None:
        return self._path(digest)

    async def exists(self, digest: str) -> bool:
        return self._path(digest).exists()

"""Blobs in an S3-compatible bucket (AWS S3, SeaweedFS, MinIO, Cloudflare R2, …), so that every
server process and worker reads the images every other one wrote.

The client is obstore (Rust's ``object_store`` crate): native async calls for the API's event loop
and blocking twins for the post-processing and compute threads, so neither needs a thread pool of
its own; presigned URLs without a second library; one wheel with no Python dependencies. (boto3
would need a thread per call, or aiobotocore beside it, and five more packages.)

Keys are ``<prefix>/ab/cd/<sha256>``, as in the local folder. An S3 PUT is atomic, and the ETag S3
answers for a plain PUT is the MD5 of what it stored, which ``put`` compares with what it sent. A
write always comes before the database row that names it (jobs/runner.py), so a failure in between
leaves at most an unreferenced blob, never a row pointing at nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from imagegate.errors import ConfigError, StorageError
from imagegate.storage.blobs import blob_key, digest_of, missing

if TYPE_CHECKING:
    from pathlib import Path

    from obstore.store import S3Store

    from imagegate.config import Settings

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CREDENTIALS = "IMAGEGATE_S3_ACCESS_KEY_ID, IMAGEGATE_S3_SECRET_ACCESS_KEY"
_PLAIN_ETAG = re.compile(r'^"?([0-9a-f]{32})"?$')


@dataclass(frozen=True)
class S3Location:
    """Where the blobs live and how to reach them (from the ``storage_url`` and ``s3_*`` settings)."""

    bucket: str
    prefix: str
    endpoint_url: str | None
    region: str
    access_key_id: str | None
    secret_access_key: str | None
    virtual_hosted: bool
    timeout_s: float

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Location:
        url = urlsplit(settings.storage_url or "")
        if url.scheme != "s3" or not url.netloc:
            raise ConfigError(f"{settings.storage_url!r} is not s3://bucket/prefix (IMAGEGATE_STORAGE_URL)")
        secret = settings.s3_secret_access_key
        return cls(
            bucket=url.netloc,
            prefix=url.path.strip("/"),
            endpoint_url=settings.s3_endpoint_url.rstrip("/") if settings.s3_endpoint_url else None,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=secret.get_secret_value() if secret else None,
            virtual_hosted=settings.s3_addressing_style == "virtual",
            timeout_s=settings.s3_timeout_s,
        )

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    @property
    def address(self) -> str:
        return self.endpoint_url or f"AWS S3 ({self.region})"

    def store(self, *, prefix: str | None = None) -> S3Store:
        try:
            from obstore.store import S3Store
        except ImportError:
            raise ConfigError("S3 storage (IMAGEGATE_STORAGE_URL) needs obstore: pip install 'imagegate[s3]'") from None
        endpoint = self.endpoint_url
        if endpoint and self.virtual_hosted:  # obstore expects the bucket in a custom endpoint's host
            parts = urlsplit(endpoint)
            endpoint = urlunsplit(parts._replace(netloc=f"{self.bucket}.{parts.netloc}"))
        config: dict[str, Any] = {"region": self.region, "virtual_hosted_style_request": self.virtual_hosted}
        if endpoint:
            config["endpoint"] = endpoint
        if self.access_key_id:
            config["access_key_id"] = self.access_key_id
        if self.secret_access_key:
            config["secret_access_key"] = self.secret_access_key
        return S3Store(
            self.bucket,
            prefix=(self.prefix if prefix is None else prefix) or None,
            client_options={
                "allow_http": bool(endpoint and endpoint.startswith("http://")),
                "timeout": f"{self.timeout_s}s",
                "connect_timeout": f"{min(self.timeout_s, 5.0)}s",
            },
            # A few quick retries within the time cap: a job that meets a dead S3 fails in seconds
            # instead of hanging on object_store's default of retrying for minutes.
            retry_config={
                "max_retries": 2,
                "retry_timeout": timedelta(seconds=self.timeout_s),
                "backoff": {"init_backoff": timedelta(milliseconds=100), "max_backoff": timedelta(seconds=1)},
            },
            **config,
        )


def _brief(exc: BaseException) -> str:
    """obstore's message without its multi-line debug dump (and never a credential: it has none)."""
    text = str(exc).split("\n\nDebug source", 1)[0].strip()
    return re.sub(r"\s+", " ", text)[:400]


class S3BlobStore:
    def __init__(self, location: S3Location, *, presign_ttl_s: int | None = None, create_bucket: bool = False):
        """``presign_ttl_s``: hand clients presigned GET URLs with this expiry instead of streaming;
        ``create_bucket``: make a missing bucket at start instead of refusing to start."""
        self.location = location
        self.presign_ttl_s = presign_ttl_s
        self.create_bucket = create_bucket
        self._store = location.store()

    @classmethod
    def from_settings(cls, settings: Settings) -> S3BlobStore:
        ttl = settings.presign_ttl_s if settings.image_delivery == "presign" else None
        return cls(S3Location.from_settings(settings), presign_ttl_s=ttl, create_bucket=settings.s3_create_bucket)

    def _failed(self, action: str, exc: BaseException) -> StorageError:
        return StorageError(f"could not {action} {self.location.url} at {self.location.address}: {_brief(exc)}")

    # -- writes --------------------------------------------------------------------------------

    @staticmethod
    def _attributes(data: bytes) -> dict[str, str] | None:
        # Lets a browser show a presigned image instead of downloading it.
        return {"Content-Type": "image/png"} if data.startswith(PNG_MAGIC) else None

    def _verify(self, result: Any, data: bytes) -> None:
        etag = _PLAIN_ETAG.match(str(result.get("e_tag") or ""))
        # Only a plain ETag is an MD5 (not those of multipart uploads or SSE-KMS): compare when it is.
        if etag is not None and etag.group(1) != hashlib.md5(data, usedforsecurity=False).hexdigest():
            raise StorageError(f"{self.location.url} at {self.location.address} stored other bytes than were sent")

    async def put(self, data: bytes) -> str:
        import obstore

        digest = digest_of(data)
        try:
            result = await obstore.put_async(self._store, blob_key(digest), data, attributes=self._attributes(data))
        except Exception as exc:
            raise self._failed("store an image in", exc) from exc
        self._verify(result, data)
        return digest

    def put_sync(self, data: bytes) -> str:
        import obstore

        digest = digest_of(data)
        try:
            result = obstore.put(self._store, blob_key(digest), data, attributes=self._attributes(data))
        except Exception as exc:
            raise self._failed("store an image in", exc) from exc
        self._verify(result, data)
        return digest

    # -- reads ---------------------------------------------------------------------------------

    async def get(self, digest: str) -> bytes:
        import obstore

        try:
            result = await obstore.get_async(self._store, blob_key(digest))
            return bytes(await result.bytes_async())
        except FileNotFoundError:
            raise missing(digest) from None
        except Exception as exc:
            raise self._failed("read an image from", exc) from exc

    def get_sync(self, digest: str) -> bytes:
        import obstore

        try:
            return bytes(obstore.get(self._store, blob_key(digest)).bytes())
        except FileNotFoundError:
            raise missing(digest) from None
        except Exception as exc:
            raise self._failed("read an image from", exc) from exc

    def local_path(self, digest: str) -> Path | None:
        return None

    async def exists(self, digest: str) -> bool:
        import obstore

        try:
            await obstore.head_async(self._store, blob_key(digest))
        except FileNotFoundError:
            return False
        except Exception as exc:
            raise self._failed("look up an image in", exc) from exc
        return True

    async def link(self, digest: str) -> str | None:
        if self.presign_ttl_s is None:
            return None
        import obstore

        if not await self.exists(digest):  # a 404 of ours, rather than S3's XML to the client
            raise missing(digest)
        try:
            return await obstore.sign_async(self._store, "GET", blob_key(digest), timedelta(seconds=self.presign_ttl_s))
        except Exception as exc:
            raise self._failed("presign a URL of", exc) from exc

    # -- start-up ------------------------------------------------------------------------------

    async def check(self) -> None:
        """Read a key that is never written: "no such key" proves the address, the credentials and
        the bucket; the other answers become a ConfigError naming the setting to fix."""
        import obstore
        from obstore.exceptions import PermissionDeniedError, UnauthenticatedError

        where = f"{self.location.url} at {self.location.address}"
        try:
            await obstore.get_async(self._store, ".imagegate-probe")
        except FileNotFoundError as exc:
            if "NoSuchBucket" not in str(exc):
                return
            await self._missing_bucket(exc)
        except (PermissionDeniedError, UnauthenticatedError) as exc:
            raise ConfigError(f"{where} refused the credentials ({CREDENTIALS}): {_brief(exc)}") from exc
        except Exception as exc:
            if self.location.access_key_id is None and "169.254.169.254" in str(exc):
                # No key given: obstore looked for an instance role and found no metadata service.
                raise ConfigError(
                    f"no credentials for {where}: {CREDENTIALS} are unset and there are no AWS_* variables "
                    "or instance role"
                ) from exc
            setting = "IMAGEGATE_S3_ENDPOINT_URL" if self.location.endpoint_url else "IMAGEGATE_S3_REGION"
            raise ConfigError(f"cannot reach {where} ({setting}): {_brief(exc)}") from exc

    async def _missing_bucket(self, exc: BaseException) -> None:
        location = self.location
        if not self.create_bucket:
            raise ConfigError(
                f"the bucket '{location.bucket}' does not exist at {location.address} (IMAGEGATE_STORAGE_URL); "
                "create it, or set IMAGEGATE_S3_CREATE_BUCKET=true"
            ) from exc
        await create_bucket(location)


async def create_bucket(location: S3Location) -> None:
    """CreateBucket through a presigned PUT of the bucket's own URL (obstore has no bucket calls)."""
    import httpx
    import obstore

    url = await obstore.sign_async(location.store(prefix=""), "PUT", "", timedelta(seconds=60))
    body = b""
    if location.region != "us-east-1":  # AWS wants the region in the body everywhere else
        body = (
            '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            f"<LocationConstraint>{location.region}</LocationConstraint></CreateBucketConfiguration>"
        ).encode()
    try:
        async with httpx.AsyncClient(timeout=location.timeout_s) as client:
            response = await client.put(url, content=body)
    except httpx.HTTPError as exc:
        where = f"{location.address} (IMAGEGATE_S3_CREATE_BUCKET)"
        raise ConfigError(f"could not create the bucket '{location.bucket}' at {where}: {exc}") from exc
    if response.status_code >= 300 and "BucketAlreadyOwnedByYou" not in response.text:
        raise ConfigError(
            f"could not create the bucket '{location.bucket}' at {location.address} "
            f"(IMAGEGATE_S3_CREATE_BUCKET): HTTP {response.status_code} {response.text[:300]}"
        )

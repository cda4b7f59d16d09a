"""Downloading one file from a URL: streamed, resumable (``Range`` from what an earlier attempt left
in ``.download.part``), checked against a sha256 when one is given, and renamed into place only once
complete, so no half file is ever loaded. The client is the SSRF-guarded one of ``net/guard.py``."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import unquote

import httpx

from imagegate.catalog.errors import PullCanceled, PullFailed, PullInterrupted
from imagegate.catalog.sources import PICKLE_SUFFIXES, WEIGHT_SUFFIXES
from imagegate.net.guard import BlockedAddress

# Reports (bytes so far, total or None); answers False when the download must stop.
Report = Callable[[int, int | None], Awaitable[bool]]
REPORT_EVERY_S = 0.5
CHUNK = 1 << 20


def _hash_prefix(path: Path) -> hashlib._Hash:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest


def _refusal(status: int, url: str) -> PullFailed:
    host = httpx.URL(url).host
    if status in (401, 403):
        return PullFailed(
            f"{host} refused the download ({status}); if the file needs a token, set one for '{host}' in "
            "IMAGEGATE_DOWNLOAD_TOKENS"
        )
    if status == 404:
        return PullFailed(f"no file at {url} (404); check the URL")
    return PullFailed(f"{host} answered {status} to the download; try again later or check the URL")


def file_name(response: httpx.Response, url: str, *, allow_pickle: bool) -> str:
    """The file's name: the server's (``Content-Disposition``, as CivitAI's download links send
    it), else the URL's last segment. A pickle is refused unless allowed; a name without a weights
    suffix is taken as safetensors (its header is checked once it is here)."""
    name = ""
    disposition = response.headers.get("content-disposition", "")
    if match := re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", disposition, flags=re.IGNORECASE):
        name = Path(unquote(match.group(1))).name
    name = name or Path(unquote(httpx.URL(url).path)).name or "model"
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "model"
    suffix = Path(name).suffix.lower()
    if suffix in PICKLE_SUFFIXES and not allow_pickle:
        raise PullFailed(
            f"{name} is a pickle file, which can run code when loaded; use a .safetensors file, or let the admin "
            "set IMAGEGATE_ALLOW_PICKLE=true"
        )
    return name if suffix in WEIGHT_SUFFIXES else name + ".safetensors"


async def download_url(
    client: httpx.AsyncClient,
    url: str,
    folder: Path,
    *,
    report: Report,
    sha256: str | None = None,
    token: str | None = None,
    allow_pickle: bool = False,
) -> Path:
    """Fetch ``url`` into ``folder``; returns the file. Raises PullFailed or PullCanceled."""
    part = folder / ".download.part"
    folder.mkdir(parents=True, exist_ok=True)
    start = part.stat().st_size if part.exists() else 0
    headers = {"Accept-Encoding": "identity"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if start:
        headers["Range"] = f"bytes={start}-"
    try:
        async with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 416 and start:  # what we hold is not a prefix any more
                part.unlink()
                return await download_url(
                    client, url, folder, report=report, sha256=sha256, token=token, allow_pickle=allow_pickle
                )
            if response.status_code not in (200, 206):
                raise _refusal(response.status_code, url)
            target = folder / file_name(response, url, allow_pickle=allow_pickle)
            resumed = response.status_code == 206 and start > 0
            if resumed and not response.headers.get("content-range", "").startswith(f"bytes {start}-"):
                raise PullFailed(f"{url}: the server resumed at another offset than asked; try again")
            done = start if resumed else 0
            length = response.headers.get("content-length")
            total = done + int(length) if length and length.isdigit() else None
            digest = _hash_prefix(part) if resumed else hashlib.sha256()
            last = time.monotonic()
            with part.open("ab" if resumed else "wb") as out:
                async for chunk in response.aiter_bytes(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if time.monotonic() - last >= REPORT_EVERY_S:
                        last = time.monotonic()
                        if not await report(done, total):
                            raise PullCanceled()
    except BlockedAddress as exc:
        raise PullFailed(
            f"{url} points to a private or local address ({exc}); only public addresses are allowed"
        ) from None
    except httpx.HTTPError as exc:
        raise PullInterrupted(f"downloading {url} failed: {exc or type(exc).__name__}; try again") from None
    except OSError as exc:
        part.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise PullFailed("the disk of the models folder is full; free space or lower the budget") from None
        raise
    if total is not None and done != total:
        raise PullInterrupted(f"{url}: the download ended after {done} of {total} bytes; try again")
    if sha256 and digest.hexdigest() != sha256.lower():
        part.unlink(missing_ok=True)
        raise PullFailed(f"checksum mismatch: sha256 is {digest.hexdigest()}, expected {sha256.lower()}")
    os.replace(part, target)
    await report(done, done)
    return target

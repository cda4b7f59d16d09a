"""A loopback server that speaks the Hugging Face hub's file API, plus plain file URLs, for pulls.

The real ``huggingface_hub`` client downloads from it when pointed at its ``url`` (the ``endpoint``
argument, ``HF_ENDPOINT`` or imagegate's ``hub_endpoint``). The routes it serves are the ones the
client calls for ``model_info`` and ``hf_hub_download``:

* ``GET /api/models/{owner}/{name}[/revision/{rev}]`` → ``{id, sha, siblings: [{rfilename, size}]}``;
  an unknown repo answers 404 with ``X-Error-Code: RepoNotFound`` (what the hub sends);
* ``HEAD``/``GET /{owner}/{name}/resolve/{rev}/{path}`` → the file, with ``X-Repo-Commit`` and an
  ``ETag`` (the client insists on both), ``Content-Length`` and ``Range`` support.

Plain files live under ``/files/{name}`` (``Range`` honoured; ``file_headers`` adds headers, such as
the ``Content-Disposition`` CivitAI's download links name their file with). Repos or files marked
``private`` answer 401, and so do those in ``tokens`` to a request without their bearer token.
``rate`` (bytes per second) slows every file body down, so a test can watch progress, interrupt a
download and resume it; ``break_after`` drops the connection once part-way through a file; every
request is kept in ``requests``.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class Seen:
    method: str
    path: str
    range: str | None


@dataclass
class FakeHub:
    repos: dict[str, dict[str, bytes]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    private: set[str] = field(default_factory=set)
    file_headers: dict[str, dict[str, str]] = field(default_factory=dict)  # e.g. a Content-Disposition
    tokens: dict[str, str] = field(default_factory=dict)  # repo or file name → the bearer token it needs
    break_after: dict[str, int] = field(default_factory=dict)  # file name → bytes sent before the line drops, once
    rate: float | None = None
    requests: list[Seen] = field(default_factory=list)

    def add_folder(self, repo: str, folder: Path) -> None:
        self.repos[repo] = {
            str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".") and p.name != "tiny_build.json"
        }

    def sha(self, repo: str) -> str:
        digest = hashlib.sha1(repo.encode())
        for name, data in sorted(self.repos[repo].items()):
            digest.update(name.encode() + hashlib.sha1(data).digest())
        return digest.hexdigest()

    def __enter__(self) -> FakeHub:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_HEAD(self) -> None:
                self._serve(body=False)

            def do_GET(self) -> None:
                self._serve(body=True)

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self, *, body: bool) -> None:
                path = self.path.split("?", 1)[0]
                hub.requests.append(Seen(self.command, path, self.headers.get("Range")))
                parts = path.strip("/").split("/")
                needed = next((t for name, t in hub.tokens.items() if f"/{name}/" in path + "/"), None)
                if needed is not None and self.headers.get("Authorization") != f"Bearer {needed}":
                    return self._status(401, {"X-Error-Code": "RepoNotFound"})
                if path.startswith("/files/"):
                    name = path[len("/files/") :]
                    if name in hub.private:
                        return self._status(401)
                    data = hub.files.get(name)
                    if data is None:
                        return self._status(404)
                    cut = hub.break_after.pop(name, None) if body else None
                    return self._file(data, body=body, headers=hub.file_headers.get(name), cut=cut)
                if path.startswith("/api/models/"):
                    return self._info(parts[2] + "/" + parts[3] if len(parts) >= 4 else "")
                if len(parts) >= 5 and parts[2] == "resolve":
                    repo, name = f"{parts[0]}/{parts[1]}", "/".join(parts[4:])
                    if repo in hub.private:
                        return self._status(401)
                    if repo not in hub.repos:
                        return self._status(404, {"X-Error-Code": "RepoNotFound"})
                    data = hub.repos[repo].get(name)
                    headers = {"X-Repo-Commit": hub.sha(repo)}
                    if data is None:
                        return self._status(404, {**headers, "X-Error-Code": "EntryNotFound"})
                    etag = '"' + hashlib.sha256(data).hexdigest() + '"'
                    return self._file(data, body=body, headers={**headers, "ETag": etag})
                return self._status(404)

            def _info(self, repo: str) -> None:
                if repo in hub.private:
                    return self._status(401, {"X-Error-Code": "RepoNotFound"})
                if repo not in hub.repos:
                    return self._status(404, {"X-Error-Code": "RepoNotFound"})
                siblings = [{"rfilename": n, "size": len(d)} for n, d in sorted(hub.repos[repo].items())]
                payload = json.dumps({"id": repo, "sha": hub.sha(repo), "private": False, "siblings": siblings})
                self._send(200, payload.encode(), {"Content-Type": "application/json"})

            def _file(
                self, data: bytes, *, body: bool, headers: dict[str, str] | None = None, cut: int | None = None
            ) -> None:
                start, status, extra = 0, 200, dict(headers or {})
                wanted = self.headers.get("Range")
                if wanted and wanted.startswith("bytes=") and wanted.endswith("-"):
                    start = int(wanted[len("bytes=") : -1])
                    if start >= len(data):
                        return self._status(416)
                    status = 206
                    extra["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
                extra["Accept-Ranges"] = "bytes"
                self._send(status, data[start:], extra, body=body, slow=True, cut=cut)

            def _status(self, status: int, headers: dict[str, str] | None = None) -> None:
                self._send(status, b"", headers or {})

            def _send(
                self,
                status: int,
                data: bytes,
                headers: dict[str, str],
                *,
                body: bool = True,
                slow: bool = False,
                cut: int | None = None,
            ) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if not body:
                    return
                if cut is not None:  # the promised length, then only part of it, then the line drops
                    self.wfile.write(data[:cut])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                try:
                    if not slow or hub.rate is None:
                        self.wfile.write(data)
                        return
                    chunk = max(1, int(hub.rate / 20))
                    for i in range(0, len(data), chunk):
                        self.wfile.write(data[i : i + chunk])
                        self.wfile.flush()
                        time.sleep(0.05)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

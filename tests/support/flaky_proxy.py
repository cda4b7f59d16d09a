"""A loopback HTTP proxy that loses answers: it forwards a request to the server, waits for the
server's whole response, then — for the requests it is told to drop — closes the client's
connection without sending a byte of it. The server did the work; the client never heard.

One request per client connection (the server is asked to close after each), which is all the
tests need and keeps the proxy simple.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class ProxiedRequest:
    method: str
    path: str
    headers: dict[str, str]
    dropped: bool
    cut: bool = False


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _close_after(raw: bytes) -> bytes:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


class FlakyProxy:
    """``drop(request)`` decides per request whether its answer is lost; ``cut(request, response)``
    may instead return how many bytes of the answer to deliver before the connection breaks."""

    def __init__(
        self,
        upstream_port: int,
        drop: Callable[[ProxiedRequest], bool] = lambda request: False,
        cut: Callable[[ProxiedRequest, bytes], int | None] = lambda request, response: None,
    ):
        self.upstream_port = upstream_port
        self.drop = drop
        self.cut = cut
        self.requests: list[ProxiedRequest] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._stopping = False

    def __enter__(self) -> FlakyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping = True
        self._listener.close()
        self._thread.join(5)

    def _serve(self) -> None:
        while not self._stopping:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            raw = _read_request(conn)
            if not raw:
                return
            head = raw.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
            method, path, _ = head[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:])}
            record = ProxiedRequest(method, path, headers, dropped=False)
            record.dropped = self.drop(record)
            self.requests.append(record)
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as upstream:
                upstream.sendall(_close_after(raw))
                response = b""
                while chunk := upstream.recv(65536):
                    response += chunk
            if record.dropped:
                conn.shutdown(socket.SHUT_RDWR)  # the server answered; the client gets nothing
                return
            cut = self.cut(record, response)
            record.cut = cut is not None
            conn.sendall(response if cut is None else response[:cut])

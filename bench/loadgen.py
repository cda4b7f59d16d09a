"""A lean open-loop HTTP/1.1 load generator on asyncio streams (keep-alive connections, no
client library): on a small shared CPU a full-featured client spends more time per request than
the server under test, which would measure the client."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field


@dataclass
class Outcome:
    latencies_s: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    bodies_checked: int = 0
    body_failures: int = 0


def request_bytes(method: str, path: str, host: str, headers: dict[str, str], body: dict | None) -> bytes:
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> tuple[int, bytes]:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    return status, await reader.readexactly(length)


async def open_loop(
    host: str,
    port: int,
    raw: bytes,
    *,
    rate: float,
    seconds: float,
    check: object = None,
    max_connections: int = 128,
) -> Outcome:
    """Send ``raw`` at ``rate`` per second for ``seconds``; latency counts from each request's
    scheduled start, so a slow server cannot hide the queue it causes (no coordinated omission).
    ``check(status, body) -> bool`` judges a sample of answers."""
    outcome = Outcome()
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    slot = asyncio.Semaphore(max_connections)

    async def one(index: int, scheduled: float) -> None:
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        async with slot:
            reused = bool(idle)
            conn = idle.pop() if reused else await asyncio.open_connection(host, port)
            try:
                try:
                    status, body = await exchange(*conn, raw)
                except (OSError, asyncio.IncompleteReadError):
                    if not reused:
                        raise
                    # The server closed an idle keep-alive connection (as HTTP allows); a real
                    # client retries such a request once on a new connection.
                    conn[1].close()
                    conn = await asyncio.open_connection(host, port)
                    status, body = await exchange(*conn, raw)
            except (OSError, asyncio.IncompleteReadError) as exc:
                conn[1].close()
                name = type(exc).__name__
                outcome.statuses[name] = outcome.statuses.get(name, 0) + 1
                outcome.latencies_s.append(time.perf_counter() - scheduled)
                return
            idle.append(conn)
        outcome.latencies_s.append(time.perf_counter() - scheduled)
        outcome.statuses[str(status)] = outcome.statuses.get(str(status), 0) + 1
        if callable(check) and index % 10 == 0:
            outcome.bodies_checked += 1
            outcome.body_failures += not check(status, body)

    start = time.perf_counter() + 0.2
    total = int(rate * seconds)
    await asyncio.gather(*[one(i, start + i / rate) for i in range(total)])
    for _, writer in idle:
        writer.close()
    return outcome

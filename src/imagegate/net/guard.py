"""Outbound HTTP to addresses users give us (image URLs, webhook endpoints), without SSRF.

Every connection — the first one and each redirect hop — goes through ``GuardedBackend``, which
resolves the host itself, refuses loopback, private, link-local (cloud metadata lives there),
multicast, reserved and unspecified addresses unless an allowlist entry admits them, and then
connects to the very address it checked. Checking at connect time, rather than once before the
request, leaves no window for DNS rebinding (an answer that changes between check and use).

Allowlist entries: an IP network (``10.0.0.0/8``), an address with a port (``127.0.0.1:8123``),
a host name (``assets.internal``) or a host name with a port.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from imagegate.errors import InvalidRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddress(httpx.TransportError):
    """The destination resolved to an address the policy refuses."""


@dataclass(frozen=True)
class UrlPolicy:
    allowlist: tuple[str, ...] = ()
    schemes: frozenset[str] = field(default_factory=lambda: frozenset({"http", "https"}))

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> UrlPolicy:
        return cls(allowlist=tuple(e.strip().lower() for e in entries if e.strip()))

    def allows(self, host: str, port: int, address: IPAddress) -> bool:
        if _public(address):
            return True
        for entry in self.allowlist:
            name, _, entry_port = entry.rpartition(":") if _has_port(entry) else (entry, "", "")
            if entry_port and int(entry_port) != port:
                continue
            try:
                if address in ipaddress.ip_network(name, strict=False):
                    return True
            except ValueError:
                if name == host.lower():
                    return True
        return False


def _has_port(entry: str) -> bool:
    if entry.count(":") == 1:  # host:port or v4:port; bare IPv6 has several colons
        return entry.rsplit(":", 1)[1].isdigit()
    return False


def _public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _public(address.ipv4_mapped)
    # is_global is False for loopback, private, link-local, shared (100.64/10), reserved and
    # documentation ranges alike; multicast can be "global" but is never an HTTP server.
    return address.is_global and not address.is_multicast


async def resolve(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpx.ConnectError(f"cannot resolve {host}: {exc}") from exc
    return [ipaddress.ip_address(info[4][0]) for info in infos]


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Wraps httpcore's network backend: check every resolved address, connect to a checked one."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, policy: UrlPolicy):
        self._inner = inner
        self._policy = policy

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve(host, port)
        refused = [a for a in addresses if not self._policy.allows(host, port, a)]
        if refused or not addresses:
            raise BlockedAddress(
                f"{host} resolves to {refused[0] if refused else 'nothing'}, a loopback, private, link-local or "
                "reserved address; such destinations are refused (an operator can allowlist them)"
            )
        return await self._inner.connect_tcp(
            str(addresses[0]), port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress("unix sockets are not reachable through user-supplied URLs")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_client(policy: UrlPolicy, *, timeout: float = 10.0, max_redirects: int = 5) -> httpx.AsyncClient:
    """An httpx client whose every connection is checked against ``policy``. It ignores proxy
    environment variables: a proxy would connect on our behalf and hide the real destination."""
    transport = httpx.AsyncHTTPTransport(retries=0)
    # httpx does not expose the network backend; the pool's attribute is the one seam httpcore offers.
    pool = transport._pool
    pool._network_backend = GuardedBackend(pool._network_backend, policy)
    return httpx.AsyncClient(
        transport=transport, timeout=timeout, follow_redirects=True, max_redirects=max_redirects, trust_env=False
    )


def check_url(url: str, *, field_name: str, policy: UrlPolicy) -> httpx.URL:
    """Syntax check of a user-supplied URL (the address check happens at connect time)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise InvalidRequest.for_field(field_name, "not a valid URL", code="invalid_url") from None
    if parsed.scheme not in policy.schemes:
        raise InvalidRequest.for_field(field_name, "must be an http:// or https:// URL", code="invalid_url")
    if not parsed.host:
        raise InvalidRequest.for_field(field_name, "the URL has no host", code="invalid_url")
    return parsed


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    field_name: str,
    policy: UrlPolicy,
    max_bytes: int,
    timeout: float = 15.0,
) -> tuple[bytes, str | None]:
    """GET ``url`` through a guarded client with a size and a total time cap.
    Returns (body, content type). Every failure is an InvalidRequest naming ``field_name``."""
    parsed = check_url(url, field_name=field_name, policy=policy)

    async def _get() -> tuple[bytes, str | None]:
        async with client.stream("GET", parsed) as response:
            if response.status_code >= 400:
                raise InvalidRequest.for_field(
                    field_name, f"fetching the URL returned HTTP {response.status_code}", code="url_fetch_failed"
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InvalidRequest.for_field(
                    field_name, f"the file is larger than {max_bytes} bytes", code="url_too_large"
                )
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InvalidRequest.for_field(
                        field_name, f"the file is larger than {max_bytes} bytes", code="url_too_large"
                    )
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("content-type")

    try:
        return await asyncio.wait_for(_get(), timeout)
    except BlockedAddress as exc:
        raise InvalidRequest.for_field(field_name, str(exc), code="url_refused") from None
    except TimeoutError:
        raise InvalidRequest.for_field(
            field_name, f"fetching the URL took longer than {timeout:g} s", code="url_fetch_failed"
        ) from None
    except httpx.TooManyRedirects:
        raise InvalidRequest.for_field(field_name, "too many redirects", code="url_fetch_failed") from None
    except httpx.HTTPError as exc:
        raise InvalidRequest.for_field(field_name, f"fetching the URL failed: {exc}", code="url_fetch_failed") from None

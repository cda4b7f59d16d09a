"""The SSRF guard refuses internal destinations on the first hop and on every redirect."""

from __future__ import annotations

import ipaddress

import pytest

from imagegate.errors import InvalidRequest
from imagegate.net import UrlPolicy, fetch, guarded_client
from tests.support.http_peer import HttpPeer, Recorded, Reply


def image_server(request: Recorded) -> Reply:
    return Reply(body=b"x" * 1000, headers={"Content-Type": "image/png"})


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "224.0.0.1",
        "100.64.0.1",
    ],
)
def test_internal_addresses_are_refused_by_default(address: str) -> None:
    assert not UrlPolicy().allows("h", 80, ipaddress.ip_address(address))


def test_public_addresses_pass_and_allowlist_admits() -> None:
    assert UrlPolicy().allows("example.org", 443, ipaddress.ip_address("93.184.216.34"))
    policy = UrlPolicy.from_entries(["10.0.0.0/8", "127.0.0.1:8123", "assets.internal"])
    assert policy.allows("x", 80, ipaddress.ip_address("10.9.9.9"))
    assert policy.allows("x", 8123, ipaddress.ip_address("127.0.0.1"))
    assert not policy.allows("x", 8124, ipaddress.ip_address("127.0.0.1"))
    assert policy.allows("assets.internal", 80, ipaddress.ip_address("192.168.0.5"))


async def test_loopback_url_is_refused_without_a_request() -> None:
    with HttpPeer(image_server) as peer:
        policy = UrlPolicy()
        async with guarded_client(policy) as client:
            for url in (f"{peer.url}/a.png", f"http://localhost:{peer.port}/a.png"):
                with pytest.raises(InvalidRequest) as caught:
                    await fetch(client, url, field_name="init_image", policy=policy, max_bytes=10_000)
                assert caught.value.code == "url_refused" and caught.value.param == "init_image"
        assert peer.requests == []  # refused before connecting


async def test_redirect_to_a_refused_address_is_refused() -> None:
    with HttpPeer(image_server) as target:

        def redirect(request: Recorded) -> Reply:
            return Reply(status=302, headers={"Location": f"{target.url}/secret"})

        with HttpPeer(redirect) as front:
            policy = UrlPolicy.from_entries([f"127.0.0.1:{front.port}"])
            async with guarded_client(policy) as client:
                with pytest.raises(InvalidRequest) as caught:
                    await fetch(
                        client, f"{front.url}/img.png", field_name="init_image", policy=policy, max_bytes=10_000
                    )
            assert caught.value.code == "url_refused"
            assert len(front.requests) == 1 and target.requests == []


async def test_allowlisted_fetch_and_size_cap() -> None:
    with HttpPeer(image_server) as peer:
        policy = UrlPolicy.from_entries([f"127.0.0.1:{peer.port}"])
        async with guarded_client(policy) as client:
            body, content_type = await fetch(
                client, f"{peer.url}/a.png", field_name="f", policy=policy, max_bytes=10_000
            )
            assert body == b"x" * 1000 and content_type == "image/png"
            with pytest.raises(InvalidRequest) as caught:
                await fetch(client, f"{peer.url}/a.png", field_name="f", policy=policy, max_bytes=999)
            assert caught.value.code == "url_too_large"


@pytest.mark.parametrize("url", ["ftp://example.org/a.png", "file:///etc/passwd", "not a url", "http://"])
async def test_bad_urls(url: str) -> None:
    policy = UrlPolicy()
    async with guarded_client(policy) as client:
        with pytest.raises(InvalidRequest) as caught:
            await fetch(client, url, field_name="webhook", policy=policy, max_bytes=10)
        assert caught.value.param == "webhook"

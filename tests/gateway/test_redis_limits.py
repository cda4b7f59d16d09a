"""Rate limits shared by two server processes through a real Redis: the limit holds for the
key across both, not once per process."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.gateway.conftest import PLANS
from tests.support.redis_server import RedisServer
from tests.support.server import ServerProcess


@pytest.fixture(scope="module")
def two_servers(
    gateway_catalog: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list[ServerProcess], RedisServer]]:
    root = tmp_path_factory.mktemp("redis-limits")
    redis = RedisServer(root)
    shared = {
        "IMAGEGATE_ENV": "test",
        "IMAGEGATE_DEFAULT_MODEL": "tiny-sd1",
        "IMAGEGATE_PLANS": json.dumps(PLANS),
        "IMAGEGATE_RATE_LIMIT_STORAGE": redis.url,
        "IMAGEGATE_DATABASE_URL": f"sqlite+aiosqlite:///{root / 'shared.db'}",
        "IMAGEGATE_BLOB_DIR": str(root / "blobs"),
        "IMAGEGATE_SECRET_KEY": secrets.token_urlsafe(32),
        "IMAGEGATE_PRELOAD": "false",
    }
    admin = "ig_test_admin_" + secrets.token_urlsafe(16)
    servers: list[ServerProcess] = []
    try:
        for name in ("a", "b"):  # one after the other: the first applies the migrations
            servers.append(ServerProcess(root / name, gateway_catalog, env=shared, admin_key=admin).start())
        yield servers, redis
    finally:
        for server in servers:
            server.stop()
        redis.stop()


def test_a_burst_across_two_processes_admits_the_limit_once(
    two_servers: tuple[list[ServerProcess], RedisServer],
) -> None:
    (a, b), _ = two_servers
    with a.client() as admin:
        created = admin.post("/v1/keys", json={"name": "shared"}).json()
        admin.patch(f"/v1/keys/{created['id']}/policy", json={"plan": "burst"}).raise_for_status()  # 5 a minute

    def post(server: ServerProcess) -> httpx.Response:
        with server.client(created["key"]) as client:
            return client.post("/v1/jobs", json={"prompt": "shared burst"})

    with ThreadPoolExecutor(10) as pool:
        responses = list(pool.map(post, [a, b] * 5))
    codes = [r.status_code for r in responses]
    assert codes.count(202) == 5 and codes.count(429) == 5, codes
    for r in responses:
        assert r.headers["ratelimit-policy"] == '"requests";q=5;w=60'


def test_requests_pass_when_redis_is_down(two_servers: tuple[list[ServerProcess], RedisServer]) -> None:
    (a, _), redis = two_servers
    with a.client() as admin:
        created = admin.post("/v1/keys", json={"name": "no-redis"}).json()
        admin.patch(f"/v1/keys/{created['id']}/policy", json={"plan": "burst"}).raise_for_status()
    redis.stop()
    with a.client(created["key"]) as client:
        codes = [client.post("/v1/jobs", json={"prompt": f"open {i}"}).status_code for i in range(6)]
    assert codes == [202] * 6  # failing open: limits protect capacity; budgets and quotas are in the database
    assert "rate-limit storage" in a.log_tail(200) and "request allowed" in a.log_tail(200)

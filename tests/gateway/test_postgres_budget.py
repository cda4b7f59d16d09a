"""The whole server on PostgreSQL (a URL change): twenty concurrent requests against a budget
that fits ten admit exactly ten, and every reservation settles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gateway.conftest import PLANS, PRICE_PER_IMAGE
from tests.gateway.test_limits import burst_on, wait_idle
from tests.support.postgres_server import PostgresServer
from tests.support.server import ServerProcess


@pytest.fixture(scope="module")
def pg_server(gateway_catalog: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    postgres = PostgresServer()
    env = {
        "IMAGEGATE_ENV": "test",
        "IMAGEGATE_DEFAULT_MODEL": "tiny-sd1",
        "IMAGEGATE_PLANS": json.dumps(PLANS),
        "IMAGEGATE_DATABASE_URL": postgres.url,
        "IMAGEGATE_PRELOAD": "false",
    }
    server = ServerProcess(tmp_path_factory.mktemp("pg-server"), gateway_catalog, env=env).start()
    try:
        yield server
    finally:
        server.stop()
        postgres.stop()


def test_budget_for_ten_admits_ten_of_twenty_on_postgres(pg_server: ServerProcess) -> None:
    with pg_server.client() as admin:
        created = admin.post("/v1/keys", json={"name": "pg"}).json()
        policy = {"plan": "unlimited", "budget_daily": 10 * PRICE_PER_IMAGE}
        admin.patch(f"/v1/keys/{created['id']}/policy", json=policy).raise_for_status()
    responses = burst_on(pg_server, created["key"], [{"model": "tiny-priced", "prompt": "pg"}] * 20)
    codes = sorted(r.status_code for r in responses)
    assert codes == [202] * 10 + [402] * 10, codes
    with pg_server.client(created["key"]) as client:
        wait_idle(client)
        daily = client.get("/v1/limits").json()["budgets"][0]
        assert abs(daily["spent"] - 10 * PRICE_PER_IMAGE) < 1e-9 and daily["reserved"] == 0
        jobs = client.get("/v1/jobs", params={"limit": 100}).json()["data"]
        assert len(jobs) == 10 and all(j["status"] == "succeeded" for j in jobs)

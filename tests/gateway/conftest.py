"""One real server configured for gateway tests: small plans, a file-driven clock, fast webhook
retries, loopback webhooks allowed, a priced model whose cost is exact."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.catalog import TINY_DEFAULTS, write_catalog
from tests.support.server import ServerProcess

PLANS = {
    "free": {"requests_per_minute": 60, "images_per_minute": 60, "images_per_day": 100, "max_active_jobs": 20},
    "unlimited": {},
    "burst": {"requests_per_minute": 5},
    "images": {"images_per_minute": 6},
    "small-quota": {"images_per_day": 3},
    "two-active": {"max_active_jobs": 2},
}
RULES = [
    {"id": "csam", "category": "sexual/minors", "pattern": r"\bchild\b.*\bnaked\b|\bnaked\b.*\bchild\b"},
    {"id": "no-acme", "category": "trademark", "pattern": r"\bacme\b", "message": "brand names are not allowed"},
]
PRICE_PER_IMAGE = 0.01  # tiny-priced: exact in binary-free nano units, so budgets fit whole jobs


class Gateway:
    def __init__(self, server: ServerProcess, clock_file: Path):
        self.server = server
        self.url = server.url
        self.clock_file = clock_file

    def admin(self) -> httpx.Client:
        return self.server.client()

    def new_key(self, name: str = "gw", **policy: object) -> tuple[str, str]:
        """A generate key with the given policy; returns (key, key id)."""
        with self.server.client() as admin:
            created = admin.post("/v1/keys", json={"name": name, "scopes": ["generate"]})
            created.raise_for_status()
            body = created.json()
            if policy:
                patched = admin.patch(f"/v1/keys/{body['id']}/policy", json=policy)
                assert patched.status_code == 200, patched.text
        return body["key"], body["id"]

    def client(self, key: str) -> httpx.Client:
        return self.server.client(key)

    def set_clock(self, iso: str | None) -> None:
        self.clock_file.write_text(iso or "")


@pytest.fixture(scope="session")
def gateway_catalog(tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_catalog(tmp_path_factory.mktemp("gw-catalog") / "catalog.toml", tiny_models)
    extra = "\n".join(
        [
            "[[models]]",
            'id = "tiny-priced"',
            f'source = "{tiny_models["sd1"]}"',
            TINY_DEFAULTS,
            f"price = {{ per_image = {PRICE_PER_IMAGE} }}",
            "",
        ]
    )
    path.write_text(path.read_text() + "\n" + extra)
    return path


@pytest.fixture(scope="session")
def gateway(gateway_catalog: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    data = tmp_path_factory.mktemp("gw-server")
    clock = data / "clock.txt"
    env = {
        "IMAGEGATE_ENV": "test",
        "IMAGEGATE_DEFAULT_MODEL": "tiny-sd1",
        "IMAGEGATE_TEST_CLOCK_FILE": str(clock),
        "IMAGEGATE_PLANS": json.dumps(PLANS),
        "IMAGEGATE_QUOTA_TIMEZONE": "Asia/Tokyo",
        "IMAGEGATE_MODERATION_RULES": json.dumps(RULES),
        "IMAGEGATE_WEBHOOK_ALLOWLIST": '["127.0.0.1"]',
        "IMAGEGATE_WEBHOOK_BACKOFF_BASE_S": "0.2",
        "IMAGEGATE_WEBHOOK_BACKOFF_MAX_S": "1",
        "IMAGEGATE_WEBHOOK_RETRY_WINDOW_S": "6",
        "IMAGEGATE_SWEEP_INTERVAL_S": "1",
        "IMAGEGATE_LOG_LEVEL": "info",
    }
    proc = ServerProcess(data, gateway_catalog, env=env).start()
    yield Gateway(proc, clock)
    proc.stop()

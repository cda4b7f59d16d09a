"""``client.usage`` against a real server's ledger: a fresh key runs a few jobs (one failed, one
answered from the cache), and the SDK reads back exactly those jobs, images and costs — grouped by
day and by model, summed in ``total``, and the same for an admin asking for that key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from imagegate.client import AsyncClient, Client, PermissionDeniedError
from tests.support.server import ServerProcess

# The tiny catalog: per_megapixel_step = 0.001, 64 x 64 px, 2 steps; a job's cost is kept to 8 decimals.
COST_PER_IMAGE = 0.001 * (64 * 64 / 1_000_000) * 2
CENT_MILLIONTH = 1e-8


@dataclass
class Ran:
    key: str
    key_id: str
    costs: list[float]


@pytest.fixture(scope="module")
def ran(server: ServerProcess) -> Iterator[Ran]:
    """Four jobs of one new key: tiny-sd1 (1 image), tiny-sdxl (2 images), the tiny-sd1 request
    again (a cache hit: no cost), and one the key's safety policy blocks (failed)."""
    with Client(base_url=server.url, api_key=server.admin_key) as admin:
        created = admin.keys.create(name="usage", scopes=["generate"])
        with server.client() as http:
            blocked = {"safety": {"action": "block", "threshold": 0.0}}
            assert http.patch(f"/v1/keys/{created.id}/policy", json=blocked).status_code == 200
            with Client(base_url=server.url, api_key=created.key) as client:
                failed = client.jobs.wait(client.jobs.create(prompt="blocked", seed=3).id, timeout=60)
                assert failed.status == "failed"
                assert http.patch(f"/v1/keys/{created.id}/policy", json={"safety": None}).status_code == 200
                one = client.images.generate(prompt="usage one", seed=1)
                two = client.images.generate(prompt="usage two", seed=2, num_images=2, model="tiny-sdxl")
                again = client.images.generate(prompt="usage one", seed=1)
    costs = [r.job.cost or 0.0 for r in (one, two, again)]
    assert costs[0] == pytest.approx(COST_PER_IMAGE, abs=CENT_MILLIONTH)
    assert costs[1] == pytest.approx(2 * COST_PER_IMAGE, abs=CENT_MILLIONTH)
    assert costs[2] == 0.0  # the cache hit
    yield Ran(created.key, created.id, costs)


def test_usage_by_model_and_day_adds_up_the_keys_jobs(server: ServerProcess, ran: Ran) -> None:
    with Client(base_url=server.url, api_key=ran.key) as client:
        by_model = client.usage.retrieve(group_by=["model"])
        by_day = client.usage.retrieve(group_by="day")
    total = by_model.total
    assert (total.jobs, total.succeeded, total.errors, total.canceled, total.cached) == (4, 3, 1, 0, 1)
    assert total.images == 4 and total.currency == "USD"
    assert total.cost > 0 and total.cost == pytest.approx(sum(ran.costs), abs=1e-12)
    assert total.compute_s > 0 and total.latency_p50_s is not None
    assert total.latency_p50_s <= total.latency_p95_s <= total.latency_p99_s  # type: ignore[operator]

    assert by_model.group_by == ["model"] and by_model.timezone
    rows = {row.model: row for row in by_model.data}
    assert set(rows) == {"tiny-sd1", "tiny-sdxl"} and all(row.day is None for row in by_model.data)
    sd1, sdxl = rows["tiny-sd1"], rows["tiny-sdxl"]
    assert (sd1.jobs, sd1.succeeded, sd1.errors, sd1.cached, sd1.images) == (3, 2, 1, 1, 2)
    assert (sdxl.jobs, sdxl.images) == (1, 2)
    assert sd1.cost == pytest.approx(ran.costs[0], abs=1e-12) and sdxl.cost == pytest.approx(ran.costs[1], abs=1e-12)

    assert by_day.group_by == ["day"] and isinstance(by_day.end, date)
    (today,) = by_day.data
    assert today.day == by_day.end and today.model is None
    assert today.model_dump(exclude={"day"}) == by_day.total.model_dump(exclude={"day"})


def test_a_date_range_without_jobs_and_another_keys_usage(server: ServerProcess, ran: Ran) -> None:
    with Client(base_url=server.url, api_key=ran.key) as client:
        empty = client.usage.retrieve(start="2020-01-01", end=date(2020, 1, 31), group_by=["day", "model"])
        assert (empty.start, empty.end) == (date(2020, 1, 1), date(2020, 1, 31))
        assert empty.data == [] and empty.total.jobs == 0 and empty.total.latency_p50_s is None
        with pytest.raises(PermissionDeniedError):
            client.usage.retrieve(key_id="key_someone_else")
    with Client(base_url=server.url, api_key=server.admin_key) as admin:
        theirs = admin.usage.retrieve(key_id=ran.key_id, group_by=["key", "model"])
    assert {row.key_id for row in theirs.data} == {ran.key_id}
    assert theirs.total.jobs == 4 and theirs.total.cost == pytest.approx(sum(ran.costs), abs=1e-12)


async def test_the_async_client_reads_the_same(server: ServerProcess, ran: Ran) -> None:
    async with AsyncClient(base_url=server.url, api_key=ran.key) as client:
        report = await client.usage.retrieve(group_by=["day", "model"])
    with Client(base_url=server.url, api_key=ran.key) as client:
        assert report == client.usage.retrieve(group_by=["day", "model"])
    assert [row.model for row in report.data] == ["tiny-sd1", "tiny-sdxl"]

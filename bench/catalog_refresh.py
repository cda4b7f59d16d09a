"""What the run-time catalog costs each server process, and how fast pulls go on loopback.

* an idle refresh (nothing changed): one read of the revision counter — every process does this
  every ``IMAGEGATE_CATALOG_REFRESH_S`` (2 s), and every catalog listing once;
* a full re-read after a change, with ``--entries`` run-time entries merged into the catalog;
* pulls from the loopback hub (``tests/support/model_hub.py``): the tiny SD 1.5 repo through the
  real ``huggingface_hub`` client, and its single-file checkpoint through the streaming URL client
  with a sha256 check. Loopback speed shows our overhead, not a network's.

    HF_HUB_OFFLINE=0 .venv/bin/python -m bench.catalog_refresh [--database-url postgresql+asyncpg://…]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

from tests.support.model_hub import FakeHub
from tests.support.tiny_models import build_all

from imagegate.catalog import CatalogStore, EntryKind, EntryStatus, LiveCatalog
from imagegate.catalog.fetch import download_url
from imagegate.catalog.hub import HubPull
from imagegate.catalog.sources import Origin, SourceType
from imagegate.config import Catalog
from imagegate.db import Database
from imagegate.net.guard import UrlPolicy, guarded_client


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    return f"p50 {statistics.median(ordered) * 1e3:.2f} ms, p99 {ordered[int(len(ordered) * 0.99) - 1] * 1e3:.2f} ms"


async def refresh_costs(url: str, entries: int, rounds: int) -> None:
    db = Database(url)
    await db.migrate()
    store = CatalogStore(db)
    for i in range(entries):
        spec = {"id": f"bench-{i}", "source": f"/models/bench-{i}", "family": "sd1", "tags": ["bench"]}
        await store.add(EntryKind.model, spec["id"], spec, status=EntryStatus.ready)
    live = await LiveCatalog.open(Catalog(models={}, default_id=None), db, refresh_s=60)
    idle, full = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        await live.refresh()
        idle.append(time.perf_counter() - start)
    for _ in range(max(5, rounds // 20)):
        start = time.perf_counter()
        await live.refresh(force=True)
        full.append(time.perf_counter() - start)
    print(f"database: {db.url.get_backend_name()}, {entries} run-time entries, {len(live.catalog.models)} merged")
    print(f"  idle refresh (revision read): {_ms(idle)} over {rounds}")
    print(f"  full re-read and merge:       {_ms(full)} over {len(full)}")
    await db.dispose()


async def pull_speeds(root: Path) -> None:
    models = build_all(root / "tiny")
    with FakeHub() as hub:
        hub.add_folder("tiny/sd1", models["sd1"])
        single = models["sd1_single_file"]
        hub.files["sd1.safetensors"] = single.read_bytes()
        pull = HubPull(Origin(SourceType.hub, "tiny/sd1"), root / "hub", hub.url, None, False)
        start = time.perf_counter()
        await asyncio.to_thread(pull.run)
        took = time.perf_counter() - start
        print(
            f"hub repo (huggingface_hub, {len(hub.repos['tiny/sd1'])} files, {pull.total / 1e6:.1f} MB): "
            f"{took:.2f} s, {pull.total / 1e6 / took:.1f} MB/s"
        )

        async def report(done: int, total: int | None) -> bool:
            return True

        client = guarded_client(UrlPolicy.from_entries(["127.0.0.1"]))
        start = time.perf_counter()
        path = await download_url(
            client,
            f"{hub.url}/files/sd1.safetensors",
            root / "url",
            report=report,
            sha256=hashlib.sha256(single.read_bytes()).hexdigest(),
        )
        took = time.perf_counter() - start
        size = path.stat().st_size
        print(
            f"URL single file (streamed, sha256 checked, {size / 1e6:.1f} MB): {took:.2f} s, "
            f"{size / 1e6 / took:.1f} MB/s"
        )
        await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        asyncio.run(refresh_costs(url, args.entries, args.rounds))
        asyncio.run(pull_speeds(Path(tmp)))


if __name__ == "__main__":
    main()

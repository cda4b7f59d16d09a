"""The run-time catalog's store and live view, on SQLite and on a real PostgreSQL: every write moves
the revision counter, a download is held by one process at a time under a lease, a removed entry
stops its download, and file entries win over database ones with the same id."""

from __future__ import annotations

import asyncio

import pytest

from imagegate.catalog import CatalogStore, EntryKind, EntryStatus, LiveCatalog
from imagegate.catalog.errors import PullFailed
from imagegate.catalog.hub import _pipeline_files
from imagegate.config import Catalog
from imagegate.db import Database
from imagegate.domain.models import ModelSpec

SPEC = {"id": "m1", "source": "owner/repo", "family": "sd1"}


async def test_writes_move_the_revision_and_duplicates_are_refused(portable_db: Database) -> None:
    store = CatalogStore(portable_db)
    start = await store.revision()
    added = await store.add(EntryKind.model, "m1", SPEC, status=EntryStatus.downloading, origin={"type": "hub"})
    assert added is not None and added.status is EntryStatus.downloading
    assert await store.add(EntryKind.model, "m1", SPEC, status=EntryStatus.ready) is None
    assert await store.add(EntryKind.lora, "m1", SPEC, status=EntryStatus.ready) is not None  # another kind
    assert await store.revision() == start + 2
    await store.update_spec(EntryKind.model, "m1", {**SPEC, "tags": ["x"]})
    assert await store.revision() == start + 3
    assert (await store.delete(EntryKind.model, "m1")) is not None
    assert await store.delete(EntryKind.model, "m1") is None
    assert await store.revision() == start + 4


async def test_a_download_is_held_by_one_process_under_a_lease(portable_db: Database) -> None:
    store = CatalogStore(portable_db)
    await store.add(EntryKind.model, "m1", SPEC, status=EntryStatus.downloading, origin={"type": "hub"})
    first = await store.claim_pull("worker-a", lease_s=30, skip=set())
    assert first is not None and first.id == "m1"
    assert await store.claim_pull("worker-b", lease_s=30, skip=set()) is None  # held
    assert await store.progress(EntryKind.model, "m1", "worker-a", done=10, total=100, lease_s=0.01)
    assert not await store.progress(EntryKind.model, "m1", "worker-b", done=10, total=100, lease_s=30)
    await asyncio.sleep(0.05)  # worker-a's lease ran out: it died
    taken = await store.claim_pull("worker-b", lease_s=30, skip=set())
    assert taken is not None and taken.bytes_done == 10 and taken.bytes_total == 100
    assert not await store.finish_pull(EntryKind.model, "m1", "worker-a", spec=SPEC, path="/x", size_bytes=1)
    await store.delete(EntryKind.model, "m1")
    assert not await store.progress(EntryKind.model, "m1", "worker-b", done=20, total=100, lease_s=30)


async def test_the_live_catalog_merges_entries_and_file_entries_win(portable_db: Database) -> None:
    file_spec = ModelSpec(id="shared", source="/files/model", family="sd1")
    catalog = Catalog(models={"shared": file_spec}, default_id="shared")
    live = await LiveCatalog.open(catalog, portable_db, refresh_s=60)
    store = live.store
    await store.add(EntryKind.model, "shared", {"id": "shared", "source": "/db/model"}, status=EntryStatus.ready)
    await store.add(EntryKind.model, "extra", {"id": "extra", "source": "/db/extra"}, status=EntryStatus.ready)
    await store.add(EntryKind.model, "later", SPEC | {"id": "later"}, status=EntryStatus.downloading)
    assert await live.refresh()
    assert catalog.models["shared"].source == "/files/model"
    assert catalog.models["extra"].source == "/db/extra"
    assert "later" not in catalog.models and "still downloading" in catalog.pending["later"]
    assert await live.refresh()  # a download under way: re-read for its progress
    await store.delete(EntryKind.model, "later")
    await live.refresh()
    assert not await live.refresh() and "later" not in catalog.pending


def test_pipeline_files_take_one_set_of_weights_per_component() -> None:
    names = [
        "model_index.json",
        "sd_xl_base.safetensors",  # a whole-model checkpoint beside the pipeline: left out
        "unet/config.json",
        "unet/diffusion_pytorch_model.safetensors",
        "unet/diffusion_pytorch_model.fp16.safetensors",
        "unet/diffusion_pytorch_model.bin",
        "vae/config.json",
        "vae/diffusion_pytorch_model.safetensors",
        "text_encoder/model.bin",
        "text_encoder/model.safetensors",
        "README.md",
    ]
    plain = _pipeline_files(names, "", None, allow_pickle=False)
    assert "unet/diffusion_pytorch_model.safetensors" in plain and "README.md" not in plain
    assert not any(n.endswith((".bin", "fp16.safetensors")) or n == "sd_xl_base.safetensors" for n in plain)
    fp16 = _pipeline_files(names, "", "fp16", allow_pickle=False)
    assert "unet/diffusion_pytorch_model.fp16.safetensors" in fp16
    assert "unet/diffusion_pytorch_model.safetensors" not in fp16
    assert "vae/diffusion_pytorch_model.safetensors" in fp16  # no fp16 there: the plain one


def test_pickle_only_components_are_refused_unless_allowed() -> None:
    names = ["model_index.json", "unet/config.json", "unet/diffusion_pytorch_model.bin"]
    with pytest.raises(PullFailed, match="IMAGEGATE_ALLOW_PICKLE"):
        _pipeline_files(names, "", None, allow_pickle=False)
    assert "unet/diffusion_pytorch_model.bin" in _pipeline_files(names, "", None, allow_pickle=True)

"""``Puller``: downloads the entries being pulled, one at a time per process, each under a lease in
the database. A process that dies leaves its lease to run out; the next one (or itself, restarted)
takes the download over and resumes it from what is on disk. Files go to a staging folder and move
into the models folder only once complete and checked, so nothing half-downloaded is ever loadable."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from imagegate.catalog.budget import DiskBudget
from imagegate.catalog.errors import PullCanceled, PullFailed, PullInterrupted
from imagegate.catalog.fetch import download_url
from imagegate.catalog.finish import finished_spec, weights_in
from imagegate.catalog.hub import HubPull
from imagegate.catalog.live import LiveCatalog
from imagegate.catalog.sources import Origin, SourceType, dir_size
from imagegate.catalog.store import CatalogStore, Entry, EntryKind

log = logging.getLogger("imagegate.catalog")
# A connection that breaks off is resumed (Range) this many times, after 1, 2, 4 … seconds.
RESUME_ATTEMPTS = 4
RESUME_BACKOFF_S = 1.0


@dataclass(frozen=True)
class PullSettings:
    models_dir: Path
    owner: str
    lease_s: float = 30.0
    poll_s: float = 1.0
    hub_endpoint: str | None = None
    hub_token: str | None = None
    download_tokens: dict[str, str] | None = None
    allow_pickle: bool = False


# What a hub pull fetches for each kind (HubPull.want): a pipeline for models.
_WANT = {EntryKind.lora: "file", EntryKind.controlnet: "folder", EntryKind.annotator: "folder"}


def entry_folder(models_dir: Path, kind: EntryKind, entry_id: str) -> Path:
    """Where an entry's files live: one folder per entry (ids may hold '/', ':')."""
    return models_dir / kind.value / entry_id.replace("/", "--").replace(":", "-")


def staging_folder(models_dir: Path, kind: EntryKind, entry_id: str) -> Path:
    return models_dir / ".partial" / entry_folder(models_dir, kind, entry_id).relative_to(models_dir)


class Puller:
    def __init__(
        self,
        store: CatalogStore,
        live: LiveCatalog,
        client: httpx.AsyncClient,
        settings: PullSettings,
        budget: DiskBudget | None = None,
    ):
        self.store = store
        self.live = live
        self.client = client
        self.settings = settings
        self.budget = budget
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.current: tuple[EntryKind, str] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="model-puller")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.current is not None:  # resumed by whoever claims it next
            with contextlib.suppress(Exception):
                await self.store.release_pull(*self.current, self.settings.owner)
        await self.client.aclose()

    async def _loop(self) -> None:
        while True:
            try:
                entry = await self.store.claim_pull(self.settings.owner, lease_s=self.settings.lease_s, skip=set())
                if entry is not None:
                    self.current = (entry.kind, entry.id)
                    await self.pull(entry)
                    self.current = None
                    continue
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("model puller: %s", exc)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.settings.poll_s)

    async def pull(self, entry: Entry) -> None:
        assert entry.origin is not None
        origin = Origin.of(entry.origin)
        models_dir = self.settings.models_dir
        staging = staging_folder(models_dir, entry.kind, entry.id)
        final = entry_folder(models_dir, entry.kind, entry.id)
        staging.mkdir(parents=True, exist_ok=True)
        log.info("pulling %s '%s' from %s", entry.kind.value, entry.id, origin.source)
        started = time.monotonic()
        try:
            if origin.type is SourceType.url:
                await self._url(entry, origin, staging)
            else:
                await self._hub(entry, origin, staging)
            downloaded = staging / origin.subfolder if origin.subfolder else staging
            source = weights_in(downloaded)
            spec = await asyncio.to_thread(
                finished_spec, entry.kind, entry.spec, source, final / source.relative_to(staging)
            )
            size = dir_size(staging)
            if self.budget is not None:
                await self.budget.make_room(size, keep={(entry.kind, entry.id)})
            shutil.rmtree(final, ignore_errors=True)
            final.parent.mkdir(parents=True, exist_ok=True)
            staging.rename(final)
            kept = await self.store.finish_pull(
                entry.kind, entry.id, self.settings.owner, spec=spec, path=str(final), size_bytes=size
            )
            if not kept:  # removed meanwhile
                shutil.rmtree(final, ignore_errors=True)
                return
            log.info(
                "pulled %s '%s': %.1f MB in %.1f s",
                entry.kind.value,
                entry.id,
                size / 1e6,
                time.monotonic() - started,
                extra={"model": entry.id, "bytes": size},
            )
            await self.live.refresh()
        except PullCanceled:
            if await self.store.get(entry.kind, entry.id) is not None:
                # Not removed: our lease ran out (a stall) and another process took the pull over.
                log.warning("pull of %s '%s' taken over by another process", entry.kind.value, entry.id)
                return
            log.info("pull of %s '%s' canceled", entry.kind.value, entry.id)
            shutil.rmtree(staging, ignore_errors=True)
        except PullFailed as exc:
            await self._fail(entry, staging, exc.message)
        except Exception as exc:  # e.g. the hub unreachable: failed, not retried forever
            await self._fail(entry, staging, f"the download failed ({type(exc).__name__}: {exc}); try again later")

    async def _fail(self, entry: Entry, staging: Path, message: str) -> None:
        log.warning("pull of %s '%s' failed: %s", entry.kind.value, entry.id, message)
        shutil.rmtree(staging, ignore_errors=True)
        await self.store.fail_pull(entry.kind, entry.id, self.settings.owner, message)
        await self.live.refresh()

    async def _report(self, entry: Entry, done: int, total: int | None) -> bool:
        return await self.store.progress(
            entry.kind, entry.id, self.settings.owner, done=done, total=total, lease_s=self.settings.lease_s
        )

    async def _url(self, entry: Entry, origin: Origin, staging: Path) -> None:
        host = httpx.URL(origin.source).host
        token = (self.settings.download_tokens or {}).get(host)

        async def report(done: int, total: int | None) -> bool:
            if total is not None and self.budget is not None and done == 0:
                await self.budget.check_fits(total)
            return await self._report(entry, done, total)

        for attempt in range(RESUME_ATTEMPTS + 1):
            try:
                await download_url(
                    self.client,
                    origin.source,
                    staging,
                    report=report,
                    sha256=origin.sha256,
                    token=token,
                    allow_pickle=self.settings.allow_pickle,
                )
                return
            except PullInterrupted as exc:
                if attempt == RESUME_ATTEMPTS:
                    raise
                log.info("pull of '%s' interrupted (%s); resuming", entry.id, exc.message)
                await asyncio.sleep(RESUME_BACKOFF_S * 2**attempt)

    async def _hub(self, entry: Entry, origin: Origin, staging: Path) -> None:
        pull = HubPull(
            origin=origin,
            dest=staging,
            endpoint=self.settings.hub_endpoint,
            token=self.settings.hub_token,
            allow_pickle=self.settings.allow_pickle,
            want=_WANT.get(entry.kind, "pipeline"),
            weight_name=entry.spec.get("weight_name"),
        )
        work = asyncio.create_task(asyncio.to_thread(pull.run))
        try:
            while not work.done():
                await asyncio.wait([work], timeout=0.5)
                if pull.total is not None and self.budget is not None:
                    await self.budget.check_fits(pull.total)
                if not await self._report(entry, await asyncio.to_thread(dir_size, staging), pull.total):
                    pull.cancel.set()
            await work
        finally:
            pull.cancel.set()
            if not work.done():
                with contextlib.suppress(Exception):
                    await work
        shutil.rmtree(staging / ".cache", ignore_errors=True)  # the hub client's download bookkeeping

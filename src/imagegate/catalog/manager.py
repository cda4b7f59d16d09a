"""``ModelManager``: adding, changing and removing run-time catalog entries, as the API asks. A
local path is checked and ready at once; a hub repo or URL becomes an entry that is downloading
(the ``Puller`` of some process takes it). Every refusal is a 4xx naming what to fix."""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from imagegate.catalog.budget import DiskBudget
from imagegate.catalog.errors import PullFailed
from imagegate.catalog.finish import finished_spec
from imagegate.catalog.live import SPEC_TYPES, LiveCatalog
from imagegate.catalog.pull import staging_folder
from imagegate.catalog.sources import (
    PICKLE_SUFFIXES,
    Origin,
    SourceType,
    check_suffix,
    hub_page_repo,
    local_exists,
    source_type,
)
from imagegate.catalog.store import CatalogStore, Entry, EntryKind, EntryStatus
from imagegate.errors import Conflict, InvalidRequest, NotFound
from imagegate.net.guard import UrlPolicy, check_url

log = logging.getLogger("imagegate.catalog")

# Fields of an entry fixed at creation: a different source is a different entry.
FIXED = ("id", "source", "revision", "variant", "engine")


def _invalid(exc: ValidationError) -> InvalidRequest:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    return InvalidRequest.for_field(where, first["msg"])


class ModelManager:
    def __init__(
        self,
        store: CatalogStore,
        live: LiveCatalog,
        *,
        models_dir: Path,
        url_policy: UrlPolicy,
        allow_pickle: bool,
        on_pull: Callable[[], None] = lambda: None,
        budget: DiskBudget | None = None,
    ):
        self.budget = budget
        self._background: set[asyncio.Task[None]] = set()
        self.store = store
        self.live = live
        self.models_dir = models_dir
        self.url_policy = url_policy
        self.allow_pickle = allow_pickle
        self.on_pull = on_pull

    async def add(
        self, kind: EntryKind, fields: dict[str, Any], *, sha256: str | None = None, subfolder: str | None = None
    ) -> Entry:
        entry_id = str(fields.get("id", ""))
        if self.live.files.has(kind, entry_id) or await self.store.get(kind, entry_id) is not None:
            raise Conflict(f"id: a {kind.value} '{entry_id}' already exists; pick another id", code="duplicate_id")
        if kind is EntryKind.model and fields.get("engine", "diffusers") != "diffusers":
            raise InvalidRequest.for_field("engine", "only local diffusers models can be added at run time")
        # A new entry under an old id must never be served from a pipeline (or a cached result) of the old one.
        fields = {**fields, "version": fields.get("version") or f"rt-{uuid.uuid4().hex[:12]}"}
        source = str(fields.get("source", ""))
        if (repo := hub_page_repo(source)) is not None:
            source = fields["source"] = repo
        kind_of_source = source_type(source)
        if kind is EntryKind.annotator and kind_of_source is SourceType.url:
            raise InvalidRequest.for_field(
                "source", "an annotator is a folder (config.json and weights): give a hub repo id or a server path"
            )
        spec = self._validated(kind, fields)
        origin: Origin | None = None
        if kind_of_source is SourceType.path:
            spec = await self._local(kind, spec)
        elif kind_of_source is SourceType.url:
            await self._check_url(source)
            origin = Origin(SourceType.url, source, sha256=sha256.lower() if sha256 else None)
        else:
            if sha256:
                raise InvalidRequest.for_field("sha256", "applies to URL downloads; the hub checks its own files")
            origin = Origin(SourceType.hub, source, spec.get("revision"), spec.get("variant"), subfolder)
        status = EntryStatus.ready if origin is None else EntryStatus.downloading
        entry = await self.store.add(kind, entry_id, spec, status=status, origin=origin.as_json() if origin else None)
        if entry is None:
            raise Conflict(f"id: a {kind.value} '{entry_id}' already exists; pick another id", code="duplicate_id")
        log.info("catalog: %s '%s' added (%s)", kind.value, entry_id, status.value)
        await self.live.refresh()
        if origin is not None:
            self.on_pull()
        return entry

    def _validated(self, kind: EntryKind, fields: dict[str, Any]) -> dict[str, Any]:
        try:
            return SPEC_TYPES[kind].model_validate(fields).model_dump(mode="json", exclude_defaults=True)
        except ValidationError as exc:
            raise _invalid(exc) from None

    async def _local(self, kind: EntryKind, spec: dict[str, Any]) -> dict[str, Any]:
        path = Path(spec["source"]).expanduser()
        if not local_exists(spec["source"]):
            raise InvalidRequest.for_field("source", f"no such file or folder: {str(path)[:300]}")
        path = path.resolve()
        if path.is_file():
            check_suffix(path.name, allow_pickle=self.allow_pickle)
        if path.suffix == ".safetensors" or path.is_dir():
            try:
                spec = await asyncio.to_thread(finished_spec, kind, spec, path, path)
            except PullFailed as exc:
                raise InvalidRequest.for_field("source", exc.message, code="not_loadable") from None
        return {**spec, "source": str(path)}

    async def _check_url(self, url: str) -> None:
        parsed = check_url(url, field_name="source", policy=self.url_policy)
        name = Path(parsed.path).name
        if Path(name).suffix.lower() in PICKLE_SUFFIXES:  # a name without a suffix is judged once fetched
            check_suffix(name, allow_pickle=self.allow_pickle)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(parsed.host, port, type=socket.SOCK_STREAM)
        except OSError:
            raise InvalidRequest.for_field("source", f"cannot resolve the host '{parsed.host}'") from None
        import ipaddress

        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if not self.url_policy.allows(parsed.host, port, address):
                raise InvalidRequest.for_field(
                    "source",
                    f"'{parsed.host}' resolves to a private or local address ({address}); only public addresses "
                    "may be downloaded from",
                    code="url_not_allowed",
                )

    async def update(self, kind: EntryKind, entry_id: str, changes: dict[str, Any]) -> Entry:
        entry = await self._own(kind, entry_id)
        for name in FIXED:
            if name in changes and changes[name] != entry.spec.get(name, changes[name]):
                raise InvalidRequest.for_field(name, "cannot change; remove the entry and add it again")
        spec = self._validated(kind, {**entry.spec, **changes})
        updated = await self.store.update_spec(kind, entry_id, spec)
        if updated is None:
            raise NotFound(f"no {kind.value} '{entry_id}' added at run time", code="model_not_found")
        await self.live.refresh()
        return updated

    async def remove(self, kind: EntryKind, entry_id: str) -> Entry:
        await self._own(kind, entry_id)
        entry = await self.store.delete(kind, entry_id)
        if entry is None:
            raise NotFound(f"no {kind.value} '{entry_id}' added at run time", code="model_not_found")
        if entry.path:  # files we pulled (never a local path the admin pointed us at)
            await asyncio.to_thread(shutil.rmtree, entry.path, True)
        await asyncio.to_thread(shutil.rmtree, staging_folder(self.models_dir, kind, entry_id), True)
        log.info("catalog: %s '%s' removed", kind.value, entry_id)
        await self.live.refresh()
        return entry

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Follow-up work of a change that must not hold its request (kept referenced until done)."""
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def close(self) -> None:
        for task in list(self._background):
            task.cancel()

    async def _own(self, kind: EntryKind, entry_id: str) -> Entry:
        if self.live.files.has(kind, entry_id):
            raise Conflict(
                f"{kind.value} '{entry_id}' is defined in a catalog file, which is read-only here; edit the file",
                code="catalog_file_entry",
            )
        entry = await self.store.get(kind, entry_id)
        if entry is None:
            raise NotFound(f"no {kind.value} '{entry_id}'", code="model_not_found")
        return entry

"""The model manager: catalog entries added at run time (models, LoRAs, ControlNets), their
downloads from the Hugging Face hub, a URL or a local path, and the live view every server process
keeps of them.

``store.CatalogStore`` is the only writer of ``catalog_entries`` and ``catalog_revision``;
``live.LiveCatalog`` merges those entries into the server's ``Catalog`` (file entries are read-only
and win on id clashes) and refreshes when another process changed them; ``pull.Puller`` downloads
entries being pulled, under a lease, resumable after a restart; ``manager.ModelManager`` is what the
API calls.

May import: engines, executors, net, db, config, domain, errors; never jobs, admission,
bookkeeping, services or the api (what a removal does to queued jobs is the API's to decide).
"""

from imagegate.catalog.live import LiveCatalog
from imagegate.catalog.manager import ModelManager
from imagegate.catalog.pull import Puller
from imagegate.catalog.store import CatalogStore, Entry, EntryKind, EntryStatus

__all__ = ["CatalogStore", "Entry", "EntryKind", "EntryStatus", "LiveCatalog", "ModelManager", "Puller"]

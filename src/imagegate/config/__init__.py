"""Settings (``IMAGEGATE_*`` environment variables and an optional ``imagegate.toml``) and the catalog.

Precedence, highest first: keyword arguments, environment, ``imagegate.toml`` (or the file named by
``IMAGEGATE_CONFIG``), defaults. The catalog is read from ``[[models]]`` tables in that file and from
every file matched by ``catalog`` (``models/*.toml`` by default).

May import: domain and errors.
"""

from imagegate.config.catalog import CLIENT_DEFAULT_IDS, Catalog, load_catalog
from imagegate.config.settings import PLACEHOLDER_SECRETS, Settings, load_settings

__all__ = ["CLIENT_DEFAULT_IDS", "PLACEHOLDER_SECRETS", "Catalog", "Settings", "load_catalog", "load_settings"]

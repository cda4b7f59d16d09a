"""Where the server is and which key to use: arguments, then the environment, then a config file.

The config file is TOML, at ``$IMAGEGATE_CLIENT_CONFIG`` or ``~/.config/imagegate/client.toml``
(``$XDG_CONFIG_HOME`` respected)::

    url = "http://127.0.0.1:8000"
    api_key = "ig_…"

    [profiles.prod]
    url = "https://images.example.com"
    api_key = "ig_…"

A profile (``profile=`` or ``$IMAGEGATE_PROFILE``) overrides the top-level values.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_URL = "http://127.0.0.1:8000"


class ClientConfigError(ValueError):
    """The config file is unreadable, or names a profile it does not have."""


@dataclass(frozen=True)
class Resolved:
    base_url: str
    api_key: str | None


def config_path() -> Path:
    explicit = os.environ.get("IMAGEGATE_CLIENT_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "imagegate" / "client.toml"


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ClientConfigError(f"cannot read {path}: {exc}") from None


def resolve(*, base_url: str | None = None, api_key: str | None = None, profile: str | None = None) -> Resolved:
    """The effective base URL and key; each comes from the first of: argument, environment
    (``IMAGEGATE_URL``, ``IMAGEGATE_API_KEY``), profile in the config file, its top level."""
    if base_url is not None and api_key is not None:
        return Resolved(base_url=base_url.rstrip("/"), api_key=api_key)
    path = config_path()
    doc = _read(path)
    section: dict[str, Any] = {}
    profile = profile or os.environ.get("IMAGEGATE_PROFILE")
    if profile:
        found = (doc.get("profiles") or {}).get(profile)
        if not isinstance(found, dict):
            raise ClientConfigError(f"no profile '{profile}' in {path}")
        section = found
    url = base_url or os.environ.get("IMAGEGATE_URL") or section.get("url") or doc.get("url") or DEFAULT_URL
    key = api_key or os.environ.get("IMAGEGATE_API_KEY") or section.get("api_key") or doc.get("api_key")
    return Resolved(base_url=str(url).rstrip("/"), api_key=str(key) if key else None)

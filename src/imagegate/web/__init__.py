"""The web app: playground, live progress, gallery, jobs, usage dashboard and admin pages. Browser
files only (HTML, ES modules, CSS and the vendored Chart.js under ``static/``), a client of the public
API like the SDKs: every number and action it shows comes from a ``/v1`` route. The server hands the
files out (``api/pages.py``); nothing here runs on the server, and nothing is fetched from elsewhere.

May import: nothing of imagegate (it is the folder of browser files and the way to find it).
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def static_files() -> Traversable:
    """The folder of the app's files, inside the installed package."""
    return resources.files(__name__) / "static"


def index_html() -> str:
    """The app's one page; ``{{root}}`` and ``{{base}}`` are filled in by whoever serves it."""
    return (static_files() / "index.html").read_text(encoding="utf-8")


__all__ = ["index_html", "static_files"]

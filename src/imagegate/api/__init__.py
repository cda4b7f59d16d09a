"""The HTTP API: the app factory, native routes and the client dialects."""

from imagegate.api.app import build_app

__all__ = ["build_app"]

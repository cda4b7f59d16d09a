"""The HTTP API: the app factory (``app.build_app``), one folder per surface — ``native/`` (the
REST API), ``openai/``, ``modelslab/``, ``a1111/`` (the client dialects), each with its wire
models, serving code and thin routes side by side — what they share (``common/``), typed
dependencies (``deps``), error rendering (``problems``), the middlewares and the operational routes
(health, metrics). A surface never imports another.

May import: services and every lower layer; only ``cli`` imports the api.
"""

from imagegate.api.app import build_app

__all__ = ["build_app"]

"""The AUTOMATIC1111 dialect (``/sdapi/v1/*``): wire models (``wire``), translation (``translate``),
serving (``serving``), thin routes (``routes``) and the dialect's own state (``state``: each key's
checkpoint choice).

May import: the api's shared pieces (``api.common``, ``api.deps``, ``api.problems``), the
services, and every lower layer; never another surface.
"""

from imagegate.api.a1111.routes import ERROR_MODEL, ERROR_PREFIXES, render_error, router

__all__ = ["ERROR_MODEL", "ERROR_PREFIXES", "render_error", "router"]

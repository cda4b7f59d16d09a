"""The OpenAI Images dialect (``/v1/images/generations``, ``/edits``, ``/variations``), for the
official ``openai`` SDKs: wire models (``wire``), translation (``translate``), serving
(``serving``: synchronous answers, streamed partial images) and thin routes (``routes``).

May import: the api's shared pieces (``api.common``, ``api.deps``, ``api.problems``), the
services, and every lower layer; never another surface.
"""

from imagegate.api.openai.routes import ERROR_MODEL, ERROR_PREFIXES, render_error, router

__all__ = ["ERROR_MODEL", "ERROR_PREFIXES", "render_error", "router"]

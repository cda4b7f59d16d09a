"""The native REST API (``/v1/*``): jobs and their events, images, the catalog, keys and their
policies, limits, usage and webhooks. Wire models (``wire``, ``wire_account``), domain → wire
(``views``), serving code (``serving_*``) and thin routes (``routes_*``), side by side.

May import: the api's shared pieces (``api.common``, ``api.deps``, ``api.problems``), the
services, and every lower layer; never another surface.
"""

from imagegate.api.native import (
    routes_account,
    routes_catalog,
    routes_events,
    routes_images,
    routes_jobs,
    routes_keys,
    routes_models,
    routes_webhooks,
)

ROUTERS = (
    routes_jobs.router,
    routes_events.router,
    routes_models.router,  # before routes_catalog: its GET /v1/models/{id:path} would take …/events
    routes_catalog.router,
    routes_images.router,
    routes_keys.router,
    routes_account.router,
    routes_webhooks.router,
)

__all__ = ["ROUTERS"]

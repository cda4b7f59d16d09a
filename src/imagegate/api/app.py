"""The application factory. ``build_app(settings)`` wires routes and error rendering; the lifespan
creates every service (database, engines, scheduler) and stops them in order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from imagegate import __version__
from imagegate.api.middleware import RequestIdMiddleware
from imagegate.api.problems import install_error_handlers
from imagegate.api.routes import (
    a1111,
    adapters,
    events,
    gateway,
    health,
    images,
    jobs,
    keys,
    metrics,
    models,
    modelslab,
    openai,
    webhooks,
)
from imagegate.api.services import Services
from imagegate.config import Settings, load_settings
from imagegate.observability.http import GatewayMiddleware


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    services = await Services.start(app.state.settings, hooks=app.state.service_hooks)
    app.state.services = services
    try:
        yield
    finally:
        app.state.services = None
        await services.stop()


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(
        title="imagegate",
        version=__version__,
        summary="One API for every image model: local diffusers pipelines and hosted providers.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.services = None
    app.state.service_hooks = []  # Callable[[Services], None], run at start before any job (dialects add theirs)
    # Set when the server begins to shut down, so long-lived responses (event streams) end instead
    # of holding the shutdown until its grace period runs out.
    app.state.draining = asyncio.Event()
    install_error_handlers(app)
    app.add_middleware(GatewayMiddleware)
    app.add_middleware(RequestIdMiddleware)
    for router in (health.router, jobs.router, events.router, models.router, images.router, keys.router):
        app.include_router(router)
    for router in (adapters.router, gateway.router, webhooks.router, metrics.router):
        app.include_router(router)
    for dialect in (openai, modelslab, a1111):
        dialect.install(app)  # routes plus the dialect's own error rendering
    return app

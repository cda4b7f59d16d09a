"""The application factory. ``build_app(settings)`` wires the surfaces' routes, their error
rendering and the middlewares; the lifespan starts the services (``imagegate.services``) while the
server already listens, and stops them in order."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI

from imagegate import __version__
from imagegate.api import a1111, modelslab, native, openai, operations, pages
from imagegate.api.middleware import AccessMiddleware, BodyLimitMiddleware, RequestIdMiddleware
from imagegate.api.openapi import document_errors
from imagegate.api.problems import install_error_handlers
from imagegate.config import Settings, load_settings
from imagegate.errors import ConfigError
from imagegate.observability.metrics import Metrics
from imagegate.services import Role, Services

DIALECTS = (openai, modelslab, a1111)
log = logging.getLogger("imagegate.api")


def _started(app: FastAPI, task: asyncio.Task[None]) -> None:
    if task.cancelled():
        return
    if task.exception() is None:
        on_start = getattr(app.state, "on_start", None)
        if on_start is not None:  # set by `imagegate serve` (it owns the process's heap)
            on_start(app.state.services)
        return
    error = task.exception()
    if isinstance(error, ConfigError):  # says what to fix: no traceback
        log.critical("the server could not start: %s", error.message)
    else:
        log.critical("the server could not start: %s", error, exc_info=error)
    on_failure = getattr(app.state, "on_start_failure", None)
    if on_failure is not None:  # set by `imagegate serve`: stop, and exit with an error
        on_failure()


def _lifespan(
    settings: Settings, metrics: Metrics, role: Role
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # ModelsLab's callers expect its own webhook body; every other job gets the native one.
        bodies = [modelslab.ModelslabWebhookBody(settings.public_url)]

        async def start() -> None:
            app.state.services = await Services.start(settings, metrics=metrics, dialect_bodies=bodies, role=role)

        # Listen at once; the services start meanwhile (importing torch and the engines takes seconds).
        # A request that comes early waits for them (api/deps.py); /readyz says when they are up.
        starting = asyncio.create_task(start(), name="start-services")
        starting.add_done_callback(lambda task: _started(app, task))
        app.state.starting = starting
        try:
            yield
        finally:
            if not starting.done():
                starting.cancel()
            with contextlib.suppress(BaseException):
                await starting
            services, app.state.services = app.state.services, None
            if services is not None:
                await services.stop()

    return lifespan


def _state(app: FastAPI, settings: Settings) -> None:
    app.state.settings = settings
    app.state.services = None
    app.state.starting = None
    # Set when the server begins to shut down, so long-lived responses (event streams) end instead
    # of holding the shutdown until its grace period runs out.
    app.state.draining = asyncio.Event()


def build_app(settings: Settings | None = None, *, role: Role = "all") -> FastAPI:
    """The HTTP app. ``role="api"``: an API replica, which admits and serves jobs that separate
    ``imagegate worker`` processes run; "all" (the default) runs them in this process too."""
    settings = settings or load_settings()
    metrics = Metrics()
    app = FastAPI(
        title="imagegate",
        version=__version__,
        summary="One API for every image model: local diffusers pipelines and hosted providers.",
        lifespan=_lifespan(settings, metrics, role),
        docs_url=None,  # served by api/pages.py, with assets from the package instead of a CDN
        redoc_url=None,
    )
    _state(app, settings)
    # Errors under a dialect's paths render the way its clients expect; the rest as problem details.
    renderers = {prefix: d.render_error for d in DIALECTS for prefix in d.ERROR_PREFIXES}
    render = install_error_handlers(app, renderers)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes, render=render)
    app.add_middleware(AccessMiddleware, metrics=metrics)
    app.add_middleware(RequestIdMiddleware)
    routers = [operations.router, *native.ROUTERS, *(dialect.router for dialect in DIALECTS)]
    for router in routers:
        app.include_router(router)
    app.include_router(pages.router)
    pages.mount_assets(app)
    # The document says what the handlers above really answer, in each surface's shape.
    models = {prefix: d.ERROR_MODEL for d in DIALECTS for prefix in d.ERROR_PREFIXES}
    document_errors(app, routers, renderers, models)
    return app


def build_worker_app(settings: Settings) -> FastAPI:
    """A worker's only HTTP: liveness, readiness (its scheduler runs) and metrics, for orchestrators.
    Its lifespan starts the worker's services, which claim and run jobs."""
    app = FastAPI(title="imagegate worker", version=__version__, lifespan=_lifespan(settings, Metrics(), "worker"))
    app.openapi_url = None
    _state(app, settings)
    install_error_handlers(app, {})
    app.include_router(operations.router)
    return app

"""Running an app under uvicorn the way every imagegate process does: our log format, a graceful
shutdown that ends event streams first, the heap settled once the services are up, and exit codes
that say whether the start failed."""

from __future__ import annotations

import asyncio
from typing import Any

import typer
from fastapi import FastAPI

from imagegate.cli._common import EXIT_USAGE, fail
from imagegate.config import Settings
from imagegate.errors import ConfigError


def checked_settings(**overrides: Any) -> Settings:
    """The settings, refused before anything starts if they or the catalog are wrong: a message and
    exit status 2, no traceback. Logging is configured from them."""
    from imagegate.config import load_catalog, load_settings
    from imagegate.engines.registry import supported_tasks
    from imagegate.observability.logs import configure_logging

    try:
        settings = load_settings(**{k: v for k, v in overrides.items() if v is not None})
        settings.signing_secret()
        load_catalog(settings, supported_tasks=supported_tasks())
    except ConfigError as exc:
        fail(exc.message, EXIT_USAGE)
    configure_logging(settings.log_level, settings.log_format)
    return settings


def run_http(application: FastAPI, settings: Settings, *, port: int) -> None:
    """Serve until SIGTERM/SIGINT. Exits 1 when the services could not start, 2 when the port
    could not be listened on."""
    import uvicorn

    from imagegate.observability.heap import GcPauses, freeze_long_lived
    from imagegate.services import Services

    def settle_heap(services: Services) -> None:
        # Full collections walked the whole start-up heap with the GIL held (~0.3-0.45 s each):
        # keep what lives as long as the process out of them, the preloaded model too.
        GcPauses(services.metrics.gc_pauses).install()
        freeze_long_lived()
        if services.preload is not None and not services.preload.done():
            services.preload.add_done_callback(lambda _: freeze_long_lived(collect=False))

    config = uvicorn.Config(
        application,
        host=settings.host,
        port=port,
        log_level=settings.log_level,
        log_config=None,  # configure_logging owns the format (JSON lines by default)
        access_log=False,  # the access middleware writes one access line per request, with ids
        lifespan="on",
        timeout_graceful_shutdown=int(settings.shutdown_grace_s) + 5,
    )

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            # Event streams end now rather than hold the shutdown; their clients resume elsewhere or later.
            draining = application.state.draining
            loop = getattr(self, "_loop", None)
            if draining is not None and loop is not None:
                loop.call_soon_threadsafe(draining.set)
            super().handle_exit(sig, frame)

        async def serve(self, sockets: Any = None) -> None:
            self._loop = asyncio.get_running_loop()
            await super().serve(sockets)

    server = Server(config)
    failed: list[bool] = []

    def stop_after_failed_start() -> None:  # the lifespan logged why
        failed.append(True)
        server.should_exit = True

    application.state.on_start_failure = stop_after_failed_start
    application.state.on_start = settle_heap  # once the services are up (they start after listening)
    try:
        server.run()
    except ConfigError as exc:
        fail(exc.message, EXIT_USAGE)
    if not server.started:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)

"""``imagegate``: serve the API; as a client (through the SDK): generate and upscale images, follow
and cancel jobs, read usage, manage keys and models.

The client commands find the server and key in ``--url``/``--api-key``, then ``IMAGEGATE_URL``/
``IMAGEGATE_API_KEY``, then ``~/.config/imagegate/client.toml`` (``--profile`` picks a section).
Their exit codes are listed in ``imagegate.cli._common``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from imagegate import __version__
from imagegate.cli import admin, generate
from imagegate.cli._common import EXIT_USAGE, fail
from imagegate.cli.jobs import jobs_app
from imagegate.cli.models import models_app

app = typer.Typer(
    help="imagegate: one API for every image model. Exit codes: 0 ok, 1 job failed, 2 usage, 3 refused, "
    "4 unreachable or server error, 5 auth, 6 not found, 7 rate limited or out of quota, 130 interrupted.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"imagegate {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    pass


app.add_typer(admin.keys_app, name="keys")
app.add_typer(models_app, name="models")
app.add_typer(jobs_app, name="jobs")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Run the server (settings from IMAGEGATE_* variables and imagegate.toml)."""
    import asyncio

    import uvicorn

    from imagegate.api.app import build_app
    from imagegate.config import load_catalog, load_settings
    from imagegate.engines.registry import supported_tasks
    from imagegate.errors import ConfigError
    from imagegate.observability.heap import GcPauses, freeze_long_lived
    from imagegate.observability.logs import configure_logging
    from imagegate.services import Services

    def settle_heap(services: Services) -> None:
        # Full collections walked the whole start-up heap with the GIL held (~0.3-0.45 s each):
        # keep what lives as long as the process out of them, the preloaded model too.
        GcPauses(services.metrics.gc_pauses).install()
        freeze_long_lived()
        if services.preload is not None and not services.preload.done():
            services.preload.add_done_callback(lambda _: freeze_long_lived(collect=False))

    overrides: dict[str, Any] = {}
    if host is not None:
        overrides["host"] = host
    if port is not None:
        overrides["port"] = port
    try:
        settings = load_settings(**overrides)
        # Refuse bad configuration before the server starts, with a message and no traceback.
        settings.signing_secret()
        load_catalog(settings, supported_tasks=supported_tasks())
    except ConfigError as exc:
        fail(exc.message, EXIT_USAGE)
    configure_logging(settings.log_level, settings.log_format)
    application = build_app(settings)
    config = uvicorn.Config(
        application,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,  # configure_logging above owns the format (JSON lines by default)
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


app.command("generate")(generate.generate)
app.command("upscale")(generate.upscale)
app.command("usage")(admin.usage)


def main() -> None:
    app()

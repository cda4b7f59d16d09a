"""``imagegate worker``: compute only. Claims queued jobs from the shared database, runs them, stores
their images and ends them; serves no HTTP. Run any number, on any machine, beside API replicas
(``imagegate serve --role api``) that share the same PostgreSQL and image storage.

SIGTERM or SIGINT drains it: it stops claiming, lets running jobs finish for up to
``shutdown_grace_s`` and hands the rest back to the queue, where another worker takes them at once.
A rolling restart therefore loses and repeats nothing (a job handed back starts over elsewhere).
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

import typer

from imagegate.cli._common import fail

log = logging.getLogger("imagegate.worker")


def worker(
    worker_id: Annotated[
        str | None,
        typer.Option(
            help="This worker's name in job leases (default: IMAGEGATE_WORKER_ID, else host and process id). "
            "A worker restarted under the same name takes its unfinished jobs back at once.",
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(help="Also answer /healthz, /readyz and /metrics on this port (for orchestrators)."),
    ] = None,
) -> None:
    """Run jobs only, no API (settings from IMAGEGATE_* variables and imagegate.toml)."""
    import asyncio
    import os
    import socket

    from imagegate.cli._http import checked_settings
    from imagegate.errors import ConfigError

    settings = checked_settings(worker_id=worker_id)
    if settings.worker_id is None:
        # Unlike a server, a worker has no port to tell it apart from others on the same machine.
        settings = settings.model_copy(update={"worker_id": f"{socket.gethostname()}-worker-{os.getpid()}"})
    if port is not None:
        from imagegate.api.app import build_worker_app
        from imagegate.cli._http import run_http

        run_http(build_worker_app(settings), settings, port=port)
        return
    try:
        asyncio.run(_run(settings))
    except ConfigError as exc:
        fail(exc.message, 1)


async def _run(settings: Any) -> None:
    import asyncio
    import signal

    from imagegate.services import Services

    services = await Services.start(settings, role="worker")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    log.info("worker %s is running jobs", settings.resolved_worker_id, extra={"worker": settings.resolved_worker_id})
    try:
        await stop.wait()
        grace = settings.shutdown_grace_s
        log.info("worker %s stopping: running jobs get %.0f s to finish", settings.resolved_worker_id, grace)
    finally:
        await services.stop()
    log.info("worker %s stopped", settings.resolved_worker_id)

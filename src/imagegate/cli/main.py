"""``imagegate``: serve the API; as a client (through the SDK): generate and upscale images, follow
and cancel jobs, read usage, manage keys and models.

The client commands find the server and key in ``--url``/``--api-key``, then ``IMAGEGATE_URL``/
``IMAGEGATE_API_KEY``, then ``~/.config/imagegate/client.toml`` (``--profile`` picks a section).
Their exit codes are listed in ``imagegate.cli._common``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from imagegate import __version__
from imagegate.cli import admin, generate, worker
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
    role: Annotated[
        str,
        typer.Option(
            help="all: serve the API and run jobs (the default); api: serve the API only, "
            "while `imagegate worker` processes sharing its PostgreSQL run the jobs.",
        ),
    ] = "all",
) -> None:
    """Run the server (settings from IMAGEGATE_* variables and imagegate.toml)."""
    from imagegate.api.app import build_app
    from imagegate.cli._http import checked_settings, run_http

    if role not in ("all", "api"):
        fail(f"--role must be 'all' or 'api' (got {role!r}); for compute only, run `imagegate worker`", EXIT_USAGE)
    settings = checked_settings(host=host, port=port)
    run_http(build_app(settings, role="api" if role == "api" else "all"), settings, port=settings.port)


app.command("worker")(worker.worker)
app.command("generate")(generate.generate)
app.command("upscale")(generate.upscale)
app.command("usage")(admin.usage)


def main() -> None:
    app()

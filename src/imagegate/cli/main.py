"""``imagegate``: serve the API, manage keys and models, generate images from the terminal."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(
    help="imagegate: one API for every image model.", no_args_is_help=True, pretty_exceptions_enable=False
)
keys_app = typer.Typer(help="Manage API keys (needs an admin key).", no_args_is_help=True)
models_app = typer.Typer(help="Inspect the model catalog.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(models_app, name="models")

UrlOpt = Annotated[str | None, typer.Option("--url", envvar="IMAGEGATE_URL", help="Server base URL.")]
KeyOpt = Annotated[
    str | None, typer.Option("--api-key", envvar="IMAGEGATE_API_KEY", help="API key.", show_default=False)
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]

EXIT_JOB_FAILED = 1
EXIT_API_ERROR = 3
EXIT_UNREACHABLE = 4


def _client(url: str | None, api_key: str | None) -> Any:
    from imagegate.client import Client

    return Client(base_url=url, api_key=api_key)


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    from imagegate.client import APIConnectionError, APIStatusError

    try:
        return fn(*args, **kwargs)
    except APIStatusError as exc:
        raise _fail(str(exc), EXIT_API_ERROR) from None
    except APIConnectionError as exc:
        raise _fail(str(exc), EXIT_UNREACHABLE) from None


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Run the server (settings from IMAGEGATE_* variables and imagegate.toml)."""
    import logging

    import uvicorn

    from imagegate.api.app import build_app
    from imagegate.config import load_catalog, load_settings
    from imagegate.engines.registry import supported_tasks
    from imagegate.errors import ConfigError

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
        raise _fail(exc.message, 2) from None
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = uvicorn.Config(
        build_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        lifespan="on",
        timeout_graceful_shutdown=int(settings.shutdown_grace_s) + 5,
    )
    server = uvicorn.Server(config)
    try:
        server.run()
    except ConfigError as exc:
        raise _fail(exc.message, 2) from None
    if not server.started:
        raise typer.Exit(2)


@app.command()
def generate(
    prompt: Annotated[str, typer.Argument(help="What to draw.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the image.")] = Path("out.png"),
    model: Annotated[str | None, typer.Option(help="Catalog model id (default: the server's).")] = None,
    negative_prompt: Annotated[str | None, typer.Option("--negative-prompt")] = None,
    width: Annotated[int | None, typer.Option()] = None,
    height: Annotated[int | None, typer.Option()] = None,
    num_inference_steps: Annotated[int | None, typer.Option("--steps", "--num-inference-steps")] = None,
    guidance_scale: Annotated[float | None, typer.Option("--guidance", "--guidance-scale")] = None,
    seed: Annotated[int | None, typer.Option()] = None,
    scheduler: Annotated[str | None, typer.Option()] = None,
    num_images: Annotated[int, typer.Option("-n", "--num-images")] = 1,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Generate an image and save it (image i of n goes to out-i.png when n > 1)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from imagegate.client import JobFailedError

    client = _client(url, api_key)
    job = _call(
        client.jobs.create,
        prompt=prompt,
        model=model,
        negative_prompt=negative_prompt,
        width=width,
        height=height,
        num_inference_steps=num_inference_steps,
        guidance_scale=guidance_scale,
        seed=seed,
        scheduler=scheduler,
        num_images=num_images,
    )
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} steps"),
        TimeRemainingColumn(),
        disable=as_json or not sys.stderr.isatty(),
        transient=True,
        console=None,
    )
    with progress:
        task = progress.add_task(f"{job['id']} queued", total=None)

        def update(current: dict[str, Any]) -> None:
            p = current["progress"]
            progress.update(
                task,
                description=f"{current['id']} {current['status']}",
                completed=p["step"],
                total=p["total"] or None,
            )

        try:
            job = _call(client.jobs.wait, job["id"], on_update=update)
        except JobFailedError as exc:
            if as_json:
                typer.echo(json.dumps(exc.job))
            raise _fail(str(exc), EXIT_JOB_FAILED) from None
    paths: list[str] = []
    for i, image in enumerate(job["images"]):
        path = output if len(job["images"]) == 1 else output.with_name(f"{output.stem}-{i}{output.suffix}")
        _call(client.images.save, image, path)
        paths.append(str(path))
    if as_json:
        typer.echo(json.dumps({"job": job, "files": paths}))
    else:
        for name, image in zip(paths, job["images"], strict=True):
            typer.echo(f"{name}  ({image['width']}x{image['height']}, seed {image['seed']}, job {job['id']})")


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="A label for the key.")],
    scope: Annotated[list[str] | None, typer.Option(help="admin or generate (repeatable).")] = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Create a key; it is printed once and never shown again."""
    key = _call(_client(url, api_key).keys.create, name=name, scopes=scope)
    typer.echo(json.dumps(key) if as_json else f"{key['id']}  {key['key']}")


@keys_app.command("list")
def keys_list(
    include_revoked: Annotated[bool, typer.Option("--all", help="Include revoked keys.")] = False,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List keys (id, prefix, name, scopes)."""
    keys = _call(_client(url, api_key).keys.list, include_revoked=include_revoked)
    if as_json:
        typer.echo(json.dumps(keys))
        return
    for key in keys:
        state = "revoked" if key["revoked_at"] else "active"
        typer.echo(f"{key['id']}  {key['prefix']}…  {state:8}  {','.join(key['scopes']):16}  {key['name']}")


@keys_app.command("revoke")
def keys_revoke(key_id: str, url: UrlOpt = None, api_key: KeyOpt = None, as_json: JsonOpt = False) -> None:
    """Revoke a key; its next request is refused."""
    key = _call(_client(url, api_key).keys.revoke, key_id)
    typer.echo(json.dumps(key) if as_json else f"revoked {key['id']} ({key['name']})")


@models_app.command("list")
def models_list(url: UrlOpt = None, api_key: KeyOpt = None, as_json: JsonOpt = False) -> None:
    """List the models this server offers."""
    models = _call(_client(url, api_key).models.list)
    if as_json:
        typer.echo(json.dumps(models))
        return
    for m in models:
        flag = "*" if m.get("default") else " "
        typer.echo(f"{flag} {m['id']:24} {m['engine']:10} {m.get('family') or '-':6} {','.join(m['tasks'])}")


def main() -> None:
    app()

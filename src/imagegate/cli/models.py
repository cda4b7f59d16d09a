"""``imagegate models …``: list, show, add, pull (with a progress bar), remove, load and the disk
use of the models pulled at run time — all through the SDK."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from imagegate.cli._common import (
    EXIT_JOB_FAILED,
    JsonOpt,
    KeyOpt,
    ProfileOpt,
    UrlOpt,
    api_errors,
    dump,
    emit_json,
    fail,
    make_client,
    stderr_is_tty,
)

if TYPE_CHECKING:
    from imagegate.client import Client
    from imagegate.client.types import Model

models_app = typer.Typer(help="The model catalog: list, show, add, pull and remove models.", no_args_is_help=True)

FamilyOpt = Annotated[
    str | None, typer.Option(help="sd1, sd2, sdxl, sd3 or flux (read from the weights if omitted).", show_default=False)
]
ConfigOpt = Annotated[
    str | None, typer.Option(help="Single files: a diffusers folder or repo id with the configs.", show_default=False)
]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).", show_default=False)]


def _mb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1e6:,.1f} MB"


def _line(m: Model) -> str:
    flag = "*" if m.default else " "
    status = "" if m.status == "ready" else f"  [{m.status}]"
    return f"{flag} {m.id:24} {m.engine:10} {m.family or '-':6} {','.join(m.tasks)}{status}"


@models_app.command("list")
def models_list(
    url: UrlOpt = None, api_key: KeyOpt = None, profile: ProfileOpt = None, as_json: JsonOpt = False
) -> None:
    """List the models this server offers (* marks the default; pulls show their status)."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        models = client.models.list()
    if as_json:
        emit_json(dump(models))
        return
    for m in models:
        typer.echo(_line(m))


models_app.command("ls", help="Same as list.")(models_list)


@models_app.command("show")
def models_show(
    model_id: str, url: UrlOpt = None, api_key: KeyOpt = None, profile: ProfileOpt = None, as_json: JsonOpt = False
) -> None:
    """One model: tasks, defaults, limits, price, and how its pull stands."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        model = client.models.retrieve(model_id)
    if as_json:
        emit_json(dump(model))
        return
    typer.echo(_line(model).strip())
    rows = {
        "status": model.status,
        "added at run time": "yes" if model.managed else "no (catalog file)",
        "defaults": model.defaults,
        "limits": model.limits,
        "price": model.price,
        "tags": ", ".join(model.tags) or "-",
    }
    if model.download is not None:
        rows["downloaded"] = f"{_mb(model.download.bytes_done)} of {_mb(model.download.bytes_total)}"
        if model.download.error:
            rows["error"] = model.download.error
    for name, value in rows.items():
        typer.echo(f"  {name:18} {value}")


def _follow(client: Client, model_id: str, *, show: bool) -> Model:
    """Show a pull until it ends: a progress bar on a terminal, one line per second otherwise."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TextColumn("{task.fields[eta]}"),
        console=Console(stderr=True),
        disable=not show,
    ) as bar:
        task = bar.add_task(f"{model_id} downloading", total=None, eta="")
        with client.models.stream(model_id) as events:
            for event in events:
                eta = f"ETA {event.eta_s:.0f}s" if event.eta_s is not None else ""
                bar.update(task, completed=event.bytes_done or 0, total=event.bytes_total, eta=eta)
                if event.terminal:
                    bar.update(task, description=f"{model_id} {event.type}", eta="")
    return client.models.retrieve(model_id)


@models_app.command("pull")
def models_pull(
    source: Annotated[str, typer.Argument(help="A Hugging Face repo id, an http(s) URL of a .safetensors, or a path.")],
    model_id: Annotated[
        str | None, typer.Option("--id", help="The id requests will name (default: the repo's name).")
    ] = None,
    revision: Annotated[str | None, typer.Option(help="Hub: branch, tag or commit.", show_default=False)] = None,
    variant: Annotated[str | None, typer.Option(help="Hub: weights variant, e.g. fp16.", show_default=False)] = None,
    subfolder: Annotated[str | None, typer.Option(help="Hub: the pipeline's folder.", show_default=False)] = None,
    sha256: Annotated[str | None, typer.Option(help="URLs: the file's checksum.", show_default=False)] = None,
    config: ConfigOpt = None,
    family: FamilyOpt = None,
    tag: TagOpt = None,
    preload: Annotated[bool, typer.Option("--preload", help="Load it into memory once downloaded.")] = False,
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Follow the download until it ends.")] = True,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a model and download it (admin): progress bar, then the model; exit 1 if the pull fails."""
    entry_id = model_id or source.rstrip("/").rsplit("/", 1)[-1].removesuffix(".safetensors")
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        model = client.models.create(
            id=entry_id,
            source=source,
            revision=revision,
            variant=variant,
            subfolder=subfolder,
            sha256=sha256,
            config=config,
            family=family,
            tags=tag,
        )
        if wait and model.status == "downloading":
            model = _follow(client, entry_id, show=stderr_is_tty() and not as_json)
        if preload and model.status == "ready":
            model = client.models.load(entry_id)
    if model.status == "failed":
        error = model.download.error if model.download else "unknown error"
        fail(f"pulling {entry_id} failed: {error}", EXIT_JOB_FAILED, as_json=as_json)
    if as_json:
        emit_json(dump(model))
        return
    loaded = ", loaded" if model.loaded else ""
    size = f", {_mb(model.download.size_bytes)}" if model.download and model.status == "ready" else ""
    typer.echo(f"{model.id}: {model.status} ({model.family or 'family unknown yet'}{size}{loaded})")


@models_app.command("add")
def models_add(
    model_id: Annotated[str, typer.Argument(help="The id requests will name.")],
    source: Annotated[str, typer.Argument(help="A path on the server (or a repo id / URL, pulled).")],
    config: ConfigOpt = None,
    family: FamilyOpt = None,
    tag: TagOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a model without waiting (admin): a local path is ready at once; a pull goes on in the server."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        model = client.models.create(id=model_id, source=source, config=config, family=family, tags=tag)
    emit_json(dump(model)) if as_json else typer.echo(f"{model.id}: {model.status} ({model.family or '-'})")


@models_app.command("rm")
def models_rm(
    model_id: str,
    force: Annotated[bool, typer.Option("--force", help="Cancel its queued and running jobs.")] = False,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Remove a model added at run time, and its downloaded files (admin)."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        deleted = client.models.delete(model_id, force=force)
    canceled = f" ({deleted.canceled_jobs} job(s) canceled)" if deleted.canceled_jobs else ""
    emit_json(dump(deleted)) if as_json else typer.echo(f"removed {model_id}{canceled}")


@models_app.command("du")
def models_du(url: UrlOpt = None, api_key: KeyOpt = None, profile: ProfileOpt = None, as_json: JsonOpt = False) -> None:
    """Disk use of the models pulled at run time: size and last use of each, and the total."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        pulled = [m for m in client.models.list() if m.download is not None]
    rows = [
        {
            "id": m.id,
            "status": m.status,
            "size_bytes": m.download.size_bytes if m.download else 0,
            "last_used_at": m.download.last_used_at.isoformat() if m.download and m.download.last_used_at else None,
        }
        for m in pulled
    ]
    total = sum(int(r["size_bytes"] or 0) for r in rows)
    if as_json:
        emit_json({"data": rows, "total_bytes": total})
        return
    for r in sorted(rows, key=lambda r: -int(r["size_bytes"] or 0)):
        typer.echo(f"{_mb(int(r['size_bytes'] or 0)):>12}  {r['last_used_at'] or 'never used':32}  {r['id']}")
    typer.echo(f"{_mb(total):>12}  total")

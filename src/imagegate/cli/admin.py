"""``imagegate keys …``, ``imagegate models …`` and ``imagegate usage``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from imagegate.cli._common import JsonOpt, KeyOpt, ProfileOpt, UrlOpt, api_errors, dump, emit_json, make_client

if TYPE_CHECKING:
    from imagegate.client.types import UsageRow

keys_app = typer.Typer(help="Manage API keys (needs an admin key).", no_args_is_help=True)


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="A label for the key.")],
    scope: Annotated[list[str] | None, typer.Option(help="admin or generate (repeatable).")] = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Create a key; it is printed once and never shown again."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        key = client.keys.create(name=name, scopes=scope)
    emit_json(dump(key)) if as_json else typer.echo(f"{key.id}  {key.key}")


@keys_app.command("list")
def keys_list(
    include_revoked: Annotated[bool, typer.Option("--all", help="Include revoked keys.")] = False,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List keys (id, prefix, name, scopes)."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        keys = client.keys.list(include_revoked=include_revoked)
    if as_json:
        emit_json(dump(keys))
        return
    for key in keys:
        state = "revoked" if key.revoked_at else "active"
        typer.echo(f"{key.id}  {key.prefix}…  {state:8}  {','.join(key.scopes):16}  {key.name}")


@keys_app.command("revoke")
def keys_revoke(
    key_id: str, url: UrlOpt = None, api_key: KeyOpt = None, profile: ProfileOpt = None, as_json: JsonOpt = False
) -> None:
    """Revoke a key; its next request is refused."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        key = client.keys.revoke(key_id)
    emit_json(dump(key)) if as_json else typer.echo(f"revoked {key.id} ({key.name})")


def usage(
    start: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD.", show_default=False)] = None,
    end: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.", show_default=False)] = None,
    group_by: Annotated[
        list[str] | None,
        typer.Option("--group-by", help="day, model or key (repeatable or comma-separated; default day,model)."),
    ] = None,
    key_id: Annotated[str | None, typer.Option("--key-id", help="One key's usage (admin keys).")] = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Jobs, images, cost, compute time and latency over a date range, grouped, with a total row."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        report = client.usage.retrieve(start=start, end=end, group_by=group_by, key_id=key_id)
    if as_json:
        emit_json(dump(report))
        return
    zone = f" ({report.timezone})" if report.timezone else ""
    typer.echo(f"usage {report.start or '…'} to {report.end or '…'}{zone}")
    groups = report.group_by
    header = [*groups, *USAGE_COLUMNS, f"cost {report.total.currency}", "compute s", "p50 s", "p95 s", "p99 s"]
    rows = [[*(_label(row, g) for g in groups), *_figures(row)] for row in report.data]
    rows.append([*(["total"] + [""] * (len(groups) - 1) if groups else []), *_figures(report.total)])
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for line in [header, *rows]:
        cells = [
            c.ljust(w) if i < len(groups) else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        typer.echo("  ".join(cells).rstrip())


USAGE_COLUMNS = ("jobs", "ok", "failed", "canceled", "cached", "images")


def _label(row: UsageRow, group: str) -> str:
    value = getattr(row, "key_id" if group == "key" else group, None)
    return str(value) if value is not None else "-"


def _figures(row: UsageRow) -> list[str]:
    def seconds(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    counts = [row.jobs, row.succeeded, row.errors, row.canceled, row.cached, row.images]
    latency = [seconds(v) for v in (row.latency_p50_s, row.latency_p95_s, row.latency_p99_s)]
    return [*(str(n) for n in counts), f"{row.cost:.8f}", f"{row.compute_s:.2f}", *latency]

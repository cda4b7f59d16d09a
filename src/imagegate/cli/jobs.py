"""``imagegate jobs list|get|cancel|watch``."""

from __future__ import annotations

from typing import Annotated

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
    make_client,
    stderr_is_tty,
)

jobs_app = typer.Typer(help="Inspect, cancel and follow your jobs.", no_args_is_help=True)

JobId = Annotated[str, typer.Argument(help="A job id (job_…).", show_default=False)]


def _line(job: object) -> str:
    from imagegate.client import Job

    assert isinstance(job, Job)
    steps = f"{job.progress.step}/{job.progress.total}" if job.progress.total else "-"
    created = job.created_at.strftime("%Y-%m-%d %H:%M:%S") if job.created_at else "-"
    return f"{job.id}  {job.status:9}  {job.task:9}  {job.model or '-':16}  {steps:>7}  {created}"


@jobs_app.command("list")
def list_jobs(
    status: Annotated[list[str] | None, typer.Option(help="Only this status (repeatable).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many jobs at most.")] = 20,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Your jobs, newest first."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        jobs = []
        with client.jobs.iter(status=status, page_size=min(limit, 100)) as found:
            for job in found:
                jobs.append(job)
                if len(jobs) >= limit:
                    break
    if as_json:
        emit_json(dump(jobs))
        return
    for job in jobs:
        typer.echo(_line(job))


@jobs_app.command("get")
def get_job(
    job_id: JobId, url: UrlOpt = None, api_key: KeyOpt = None, profile: ProfileOpt = None, as_json: JsonOpt = False
) -> None:
    """One job: status, progress, parameters, images, error."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        job = client.jobs.retrieve(job_id)
    if as_json:
        emit_json(dump(job))
        return
    typer.echo(_line(job))
    if job.error:
        typer.echo(f"  error: {job.error.code}: {job.error.message}")
    if job.queue_position is not None:
        typer.echo(f"  queue position: {job.queue_position}")
    if job.eta_s is not None:
        typer.echo(f"  eta: {job.eta_s:.1f} s")
    for image in job.images:
        seed = f"  seed {image.seed}" if image.seed is not None else ""
        typer.echo(f"  {image.id}  {image.width}x{image.height}{seed}  {image.url}")


@jobs_app.command("cancel")
def cancel_job(
    job_id: JobId, url: UrlOpt = None, api_key: KeyOpt = None, profile: ProfileOpt = None, as_json: JsonOpt = False
) -> None:
    """Cancel a queued or running job."""
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        job = client.jobs.cancel(job_id)
    emit_json(dump(job)) if as_json else typer.echo(f"{job.id} {job.status}")


@jobs_app.command("watch")
def watch_job(
    job_id: JobId,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait.")] = 600.0,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Follow a job live until it ends (exit code 1 if it failed or was canceled): a progress bar
    in a terminal, otherwise one line per event."""
    from imagegate.cli.generate import follow

    terminal = stderr_is_tty()
    with make_client(url, api_key, profile) as client, api_errors(as_json=as_json):
        job = client.jobs.retrieve(job_id)
        job = follow(
            client,
            job,
            show=not as_json and terminal,
            preview=None,
            timeout=timeout,
            lines=not as_json and not terminal,
        )
    emit_json(dump(job)) if as_json else typer.echo(_line(job))
    if job.status != "succeeded":
        raise typer.Exit(EXIT_JOB_FAILED)

"""``imagegate generate`` and ``imagegate upscale``: queue a job, show it live, save the result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from imagegate.cli._common import (
    EXIT_INTERRUPTED,
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
    from imagegate.client import Client, Job, JobEvent

ProgressOpt = Annotated[
    bool | None,
    typer.Option("--progress/--no-progress", help="Live progress bar (default: when stderr is a terminal)."),
]
PreviewOpt = Annotated[
    Path | None, typer.Option("--preview", help="Keep the latest live preview (JPEG) in this file.", show_default=False)
]
DetachOpt = Annotated[bool, typer.Option("--detach", help="Queue the job, print its id and return at once.")]
WaitOpt = Annotated[float, typer.Option("--timeout", help="Seconds to wait for the job.")]


class LiveProgress:
    """A rich progress bar on stderr fed by job events: phase, queue position, steps, server ETA."""

    def __init__(self, job_id: str, enabled: bool, preview: Path | None):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.preview = preview
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("steps"),
            TextColumn("{task.fields[eta]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=not enabled,
            transient=False,
        )
        self.task = self.progress.add_task(f"{job_id} queued", total=None, eta="")
        self.job_id = job_id

    def __enter__(self) -> LiveProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, event: JobEvent) -> None:
        eta = f"ETA {event.eta_s:.1f}s" if event.eta_s is not None else ""
        if event.type == "queued":
            where = f" (position {event.queue_position})" if event.queue_position is not None else ""
            self.progress.update(self.task, description=f"{self.job_id} queued{where}", eta=eta)
        elif event.type == "started":
            self.progress.update(self.task, description=f"{self.job_id} running", eta=eta)
        elif event.type == "progress" and event.total:
            self.progress.update(
                self.task, description=f"{self.job_id} running", completed=event.step, total=event.total, eta=eta
            )
        elif event.terminal:
            done = self.progress.tasks[0].total
            completed = done if event.type == "succeeded" and done else self.progress.tasks[0].completed
            self.progress.update(self.task, description=f"{self.job_id} {event.type}", completed=completed, eta="")
        if event.preview is not None and self.preview is not None:
            event.preview.save(self.preview)


def event_line(event: JobEvent) -> str:
    """One event as a plain line, for output that is not a terminal (a log, a pipe)."""
    text = f"{event.job_id} {event.type}"
    if event.type == "queued" and event.queue_position is not None:
        text += f" (position {event.queue_position})"
    elif event.type == "progress" and event.total:
        text += f" {event.step}/{event.total} steps"
    if event.eta_s is not None and not event.terminal:
        text += f", ETA {event.eta_s:.1f}s"
    return text


def follow(client: Client, job: Job, *, show: bool, preview: Path | None, timeout: float, lines: bool = False) -> Job:
    """Show a job's events until it ends and return it finished; Ctrl-C cancels it. ``show``: a live
    progress bar on stderr; ``lines``: one plain line per event on stdout instead."""
    from imagegate.client import APIConnectionError, APITimeoutError

    ended = False
    try:
        with LiveProgress(job.id, show, preview) as live:
            try:
                with client.jobs.stream(job.id, timeout=timeout) as events:
                    for event in events:
                        live.update(event)
                        if lines:
                            typer.echo(event_line(event))
                        ended = event.terminal
            except APITimeoutError:
                raise
            except APIConnectionError:
                pass  # no live stream (e.g. a buffering proxy): wait() below polls
        return client.jobs.retrieve(job.id) if ended else client.jobs.wait(job.id, timeout=timeout)
    except KeyboardInterrupt:
        with api_errors():
            client.jobs.cancel(job.id)
        typer.echo(f"interrupted: canceled job {job.id}", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def finish(client: Client, job: Job, output: Path, *, as_json: bool) -> None:
    """Report a finished job: save its images, or exit 1 with its error."""
    if job.status != "succeeded":
        message = f"job {job.id} {job.status}"
        if job.error:
            message += f": {job.error.code}: {job.error.message}"
        if as_json:
            emit_json({"job": dump(job), "files": []})
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(EXIT_JOB_FAILED)
    result = client.images.download(job)
    paths = [str(p) for p in result.save(output)]
    if as_json:
        emit_json({"job": dump(result.job), "files": paths})
        return
    for path, image in zip(paths, result.images, strict=True):
        seed = f", seed {image.seed}" if image.seed is not None else ""  # an upscale has none
        typer.echo(f"{path}  ({image.width}x{image.height}{seed}, job {job.id})")


def run_job(
    client: Client,
    create: dict[str, Any],
    *,
    output: Path,
    as_json: bool,
    progress: bool | None,
    preview: Path | None,
    detach: bool,
    timeout: float,
) -> None:
    with api_errors(as_json=as_json):
        job = client.jobs.create(**create)
        if detach:
            emit_json(dump(job)) if as_json else typer.echo(job.id)
            return
        show = (not as_json and stderr_is_tty()) if progress is None else progress
        job = follow(client, job, show=show, preview=preview, timeout=timeout)
        finish(client, job, output, as_json=as_json)


def generate(
    prompt: Annotated[str, typer.Argument(help="What to draw.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the image.")] = Path("out.png"),
    model: Annotated[str | None, typer.Option(help="Catalog model id (default: the server's).")] = None,
    negative_prompt: Annotated[str | None, typer.Option("--negative-prompt", help="What to avoid.")] = None,
    width: Annotated[int | None, typer.Option(help="Pixels (default: the model's).")] = None,
    height: Annotated[int | None, typer.Option(help="Pixels (default: the model's).")] = None,
    num_inference_steps: Annotated[int | None, typer.Option("--steps", "--num-inference-steps")] = None,
    guidance_scale: Annotated[float | None, typer.Option("--guidance", "--guidance-scale")] = None,
    seed: Annotated[int | None, typer.Option(help="Fixes the result (random if omitted).")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Sampler, e.g. 'Euler a' or 'DPM++ 2M Karras'.")] = None,
    num_images: Annotated[int, typer.Option("-n", "--num-images", min=1)] = 1,
    progress: ProgressOpt = None,
    preview: PreviewOpt = None,
    detach: DetachOpt = False,
    timeout: WaitOpt = 600.0,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Generate images and save them (image i of n goes to out-i.png when n > 1)."""
    create = {
        "prompt": prompt,
        "model": model,
        "negative_prompt": negative_prompt,
        "width": width,
        "height": height,
        "num_inference_steps": num_inference_steps,
        "guidance_scale": guidance_scale,
        "seed": seed,
        "scheduler": scheduler,
        "num_images": num_images,
    }
    client = make_client(url, api_key, profile)
    with client:
        run_job(
            client,
            create,
            output=output,
            as_json=as_json,
            progress=progress,
            preview=preview,
            detach=detach,
            timeout=timeout,
        )


def upscale(
    image: Annotated[Path, typer.Argument(help="The image to enlarge (PNG, JPEG or WebP).", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the result.")] = Path("upscaled.png"),
    scale: Annotated[float, typer.Option(help="Factor per side, above 1 and up to 8 (8192 px a side at most).")] = 4,
    model: Annotated[str | None, typer.Option(help="Upscaler from the catalog (default: the server's).")] = None,
    progress: ProgressOpt = None,
    detach: DetachOpt = False,
    timeout: WaitOpt = 600.0,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Enlarge an image (×4 by default) and save it."""
    from imagegate.client.resources.images import encode_image

    if not 1 < scale <= 8:
        fail("--scale must be above 1 and at most 8", 2, as_json=as_json)
    if not image.is_file():
        fail(f"no such file: {image}", 2, as_json=as_json)
    create = {"task": "upscale", "model": model, "extra_body": {"image": encode_image(image), "scale": scale}}
    client = make_client(url, api_key, profile)
    with client:
        run_job(
            client,
            create,
            output=output,
            as_json=as_json,
            progress=progress,
            preview=None,
            detach=detach,
            timeout=timeout,
        )

"""The SDK against a real server: generating and saving, live events with previews, resuming,
ownership, typed errors, and the async client doing the same through the same flows."""

from __future__ import annotations

import inspect
import io
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

import imagegate.client.resources as resources
from imagegate.client import (
    AsyncClient,
    AuthenticationError,
    Client,
    ConflictError,
    JobEvent,
    NotFoundError,
    UnprocessableEntityError,
)
from tests.support.flaky_proxy import FlakyProxy
from tests.support.server import ServerProcess

# Long enough to hold the device while a test subscribes to the job queued behind it.
BLOCKER = {"prompt": "hold the device", "width": 512, "height": 512, "num_inference_steps": 60}


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with Client(base_url=server.url, api_key=server.new_key("sdk")) as client:
        yield client


def follow_behind_a_blocker(client: Client, **params: object) -> list[JobEvent]:
    """Queue a job behind a slow one, subscribe, then let it run: every step happens while we
    listen, so the server draws previews for it."""
    blocker = client.jobs.create(**BLOCKER)  # type: ignore[arg-type]
    job = client.jobs.create(**params)  # type: ignore[arg-type]
    events: list[JobEvent] = []
    with client.jobs.stream(job.id, timeout=120) as stream:
        for event in stream:
            events.append(event)
            if event.type in ("queued", "started") and client.jobs.retrieve(blocker.id).status == "running":
                client.jobs.cancel(blocker.id)
    return events


def test_generate_waits_and_saves_the_png(client: Client, tmp_path: Path) -> None:
    result = client.images.generate(prompt="a red circle", seed=11, num_images=2)
    assert result.job.status == "succeeded" and len(result) == 2
    paths = result.save(tmp_path / "circle.png")
    assert [p.name for p in paths] == ["circle-0.png", "circle-1.png"]
    with Image.open(paths[0]) as image:
        assert image.format == "PNG" and image.size == (64, 64) and "parameters" in image.info
    assert [img.seed for img in result.images] == [11, 12]
    assert result.images[0].data == client.images.content(result.images[0].id)


@pytest.mark.parametrize("model", ["tiny-sd1", "tiny-sdxl", "tiny-sd3", "tiny-flux"])
def test_stream_yields_events_in_order_with_increasing_steps_and_previews(client: Client, model: str) -> None:
    events = follow_behind_a_blocker(client, prompt="a blue square", model=model, num_inference_steps=8, seed=3)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    types = [e.type for e in events]
    assert types[0] == "queued" and types[-1] == "succeeded" and types.count("succeeded") == 1
    assert types.index("started") < types.index("progress")
    progress = [e for e in events if e.type == "progress"]
    assert [e.step for e in progress] == list(range(1, 9)) and {e.total for e in progress} == {8}
    assert any(e.eta_s is not None for e in progress)
    previews = [e.preview for e in progress if e.preview is not None]
    assert previews, "no preview was sent while the job was followed"
    for preview in previews:
        with Image.open(io.BytesIO(preview.data)) as image:
            image.load()
            assert image.format == "JPEG" and image.size == (preview.width, preview.height) == (64, 64)


def test_stream_resumes_after_an_event_id_and_ends_at_once_after_the_end(client: Client, server: ServerProcess) -> None:
    job = client.jobs.create(prompt="resume me", wait=30)
    full = list(client.jobs.stream(job.id))
    assert full[-1].type == "succeeded"
    rest = list(client.jobs.stream(job.id, after=2))
    assert [e.seq for e in rest] == [e.seq for e in full[2:]]
    assert list(client.jobs.stream(job.id, after=full[-1].seq)) == []
    with httpx.Client(base_url=server.url, headers={"Authorization": client._api.headers()["Authorization"]}) as raw:
        response = raw.get(f"/v1/jobs/{job.id}/events", headers={"Last-Event-ID": str(full[-1].seq)})
        assert response.status_code == 204  # EventSource clients stop reconnecting
        assert raw.get(f"/v1/jobs/{job.id}/events", headers={"Last-Event-ID": "x"}).status_code == 422
        # An id this server never gave out (another replica's, an earlier life's): the stream starts
        # again from the first event known here and closes after the final one (it once stayed open).
        beyond = raw.get(f"/v1/jobs/{job.id}/events", params={"after": full[-1].seq + 100}, timeout=15)
        assert beyond.status_code == 200
        ids = [int(line[4:]) for line in beyond.text.splitlines() if line.startswith("id: ")]
        assert ids == [e.seq for e in full] and "event: succeeded" in beyond.text


def test_a_stream_cut_midway_resumes_where_it_broke_off(client: Client, server: ServerProcess) -> None:
    job = client.jobs.create(prompt="cut me", num_inference_steps=6, wait=30)

    def cut(request: object, response: bytes) -> int | None:
        first = not any(r.cut for r in proxy.requests[:-1])
        return response.index(b'"type":"progress"') if first and b"text/event-stream" in response else None

    with (
        FlakyProxy(server.port, cut=cut) as proxy,
        Client(base_url=proxy.url, api_key=client._api.options.api_key) as via,
    ):
        events = list(via.jobs.stream(job.id))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))  # nothing lost, nothing twice
    assert events[-1].type == "succeeded" and [e.step for e in events if e.type == "progress"] == list(range(1, 7))
    streams = [r for r in proxy.requests if r.path.endswith("/events")]
    assert len(streams) == 2 and streams[0].cut
    assert streams[1].headers["last-event-id"] == str(events[[e.type for e in events].index("progress") - 1].seq)


def test_wait_falls_back_to_polling_when_the_stream_is_unavailable(client: Client, server: ServerProcess) -> None:
    key = client._api.options.api_key
    with (
        FlakyProxy(server.port, drop=lambda r: r.path.endswith("/events")) as proxy,
        Client(base_url=proxy.url, api_key=key, max_retries=1) as via,
    ):
        job = via.jobs.create(prompt="no stream for me")
        done = via.jobs.wait(job.id, timeout=60)
    assert done.status == "succeeded"
    assert sum(r.path.endswith("/events") for r in proxy.requests) == 2  # one try and one retry, then polling
    assert any(r.method == "GET" and r.path == f"/v1/jobs/{job.id}" for r in proxy.requests)


def test_only_the_jobs_key_can_listen(client: Client, server: ServerProcess) -> None:
    job = client.jobs.create(prompt="mine", wait=30)
    with Client(base_url=server.url, api_key=server.new_key("other")) as other:
        with pytest.raises(NotFoundError) as caught:
            list(other.jobs.stream(job.id))
        assert caught.value.code == "job_not_found"
    response = httpx.get(f"{server.url}/v1/jobs/{job.id}/events")
    assert response.status_code == 401


def test_errors_are_typed_and_name_the_field(client: Client, server: ServerProcess) -> None:
    with pytest.raises(UnprocessableEntityError) as invalid:
        client.jobs.create(prompt="x", width=100)
    assert invalid.value.errors[0]["field"] == "width" and invalid.value.request_id
    with pytest.raises(NotFoundError):
        client.jobs.retrieve("job_doesnotexist")
    with Client(base_url=server.url, api_key="ig_not_a_key_at_all_123") as stranger, pytest.raises(AuthenticationError):
        stranger.models.list()
    done = client.jobs.create(prompt="finished", wait=30)
    started = time.monotonic()
    with pytest.raises(ConflictError) as conflict:
        client.jobs.cancel(done.id)
    assert conflict.value.code == "job_not_cancelable"
    assert time.monotonic() - started < 0.4  # the server said X-Should-Retry: false; no backoff


def test_list_pages_and_iteration(client: Client) -> None:
    ids = [client.jobs.create(prompt=f"page {i}", wait=30).id for i in range(3)]
    page = client.jobs.list(limit=2)
    assert [j.id for j in page.data] == ids[::-1][:2] and page.has_more and page.next_cursor
    assert [j.id for j in client.jobs.iter(page_size=1)][:3] == ids[::-1]
    assert client.jobs.list(status=["failed", "canceled"]).data == []


async def test_async_client_does_the_same_through_the_same_flows(client: Client, server: ServerProcess) -> None:
    sync_result = client.images.generate(prompt="twins", seed=99)
    async with AsyncClient(base_url=server.url, api_key=client._api.options.api_key) as aclient:
        async_result = await aclient.images.generate(prompt="twins", seed=99)
        assert async_result.images[0].data == sync_result.images[0].data  # same request, same bytes
        job = await aclient.jobs.create(prompt="async events", num_inference_steps=4)
        events = [event async for event in aclient.jobs.stream(job.id)]
        assert events[-1].type == "succeeded" and [e.seq for e in events] == list(range(1, len(events) + 1))
        assert (await aclient.jobs.wait(job.id)).status == "succeeded"
        assert {m.id for m in await aclient.models.list()} == {m.id for m in client.models.list()}
        with pytest.raises(NotFoundError):
            await aclient.jobs.retrieve("job_doesnotexist")


def test_sync_and_async_resources_wrap_one_implementation() -> None:
    pairs = [
        (resources.Jobs, resources.AsyncJobs),
        (resources.Images, resources.AsyncImages),
        (resources.Models, resources.AsyncModels),
        (resources.UsageResource, resources.AsyncUsageResource),
        (resources.Keys, resources.AsyncKeys),
    ]
    for sync_cls, async_cls in pairs:
        sync_names = {n for n in vars(sync_cls) if not n.startswith("_")}
        assert sync_names == {n for n in vars(async_cls) if not n.startswith("_")}
        for name in sync_names:
            assert vars(sync_cls)[name].fn is vars(async_cls)[name].fn, f"{sync_cls.__name__}.{name}"
            assert vars(sync_cls)[name].fn.__doc__, f"{sync_cls.__name__}.{name} has no docstring"
    # The resource modules hold no async code of their own: the drivers in _flow do all the awaiting.
    for module in (resources.jobs, resources.images, resources.models, resources.usage, resources.keys):
        source = inspect.getsource(module)
        assert "await " not in source and "async def" not in source, module.__name__


def test_public_methods_show_their_own_signature(client: Client) -> None:
    signature = inspect.signature(client.jobs.create)
    assert "api" not in signature.parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in signature.parameters.values())
    assert client.images.generate.__doc__ and client.images.generate.__doc__.startswith("Text to image")


def test_image_tasks_end_to_end(edit_server: ServerProcess, tmp_path: Path) -> None:
    """edit / outpaint / variation / upscale build task bodies from a path, bytes or a PIL image, and
    the editing catalog's models run them."""
    picture = Image.new("RGB", (64, 64), "blue")
    picture.save(tmp_path / "in.png")
    mask = io.BytesIO()
    Image.new("L", (64, 64), 255).save(mask, format="PNG")
    with Client(base_url=edit_server.url, api_key=edit_server.new_key("sdk-images")) as client:
        calls = {
            "img2img": lambda: client.images.edit(image=tmp_path / "in.png", prompt="x", strength=0.5),
            "inpaint": lambda: client.images.edit(image=picture, mask=mask.getvalue(), prompt="x"),
            "outpaint": lambda: client.images.outpaint(image=str(tmp_path / "in.png"), prompt="x", left=32),
            "variation": lambda: client.images.create_variation(image=(tmp_path / "in.png").read_bytes(), prompt="x"),
            "upscale": lambda: client.images.upscale(image=picture, scale=2),
        }
        sizes = {"outpaint": (96, 64), "upscale": (128, 128)}
        for task, call in calls.items():
            result = call()
            assert result.job.task == task and result.job.status == "succeeded", task
            assert (result.images[0].width, result.images[0].height) == sizes.get(task, (64, 64)), task
    with pytest.raises(ValueError, match="no such file"):
        client.images.edit(image=tmp_path / "missing.png", prompt="x")

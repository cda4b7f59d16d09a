"""GET /v1/jobs/{id}/events: queue positions, and jobs followed from a process that is not running them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from imagegate.client import Client, JobEvent
from tests.support.catalog import TINY_DEFAULTS
from tests.support.server import ServerProcess

# A few seconds on a tiny model: long enough for several heartbeats of the process running it.
# About 2.5 s on the build box: long enough for several of the runner's heartbeats (every 0.5 s
# with a 1.5 s lease) to land while the job runs, whatever the load.
SLOW = {"prompt": "slow", "width": 384, "height": 384, "num_inference_steps": 40}


@pytest.fixture(scope="module")
def two_processes(
    catalog_file: Path, tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    """Two server processes over one database. The second offers only another model, so it never
    claims the first one's jobs: it can only follow them through the store."""
    data = tmp_path_factory.mktemp("shared")
    other_catalog = data.parent / "sdxl-only.toml"
    other_catalog.write_text(f'[[models]]\nid = "tiny-sdxl"\nsource = "{tiny_models["sdxl"]}"\n{TINY_DEFAULTS}\n')
    runner = ServerProcess(data, catalog_file, env={"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1", "IMAGEGATE_LEASE_S": "1.5"})
    follower = ServerProcess(
        data,
        other_catalog,
        admin_key=runner.admin_key,
        env={"IMAGEGATE_PRELOAD": "false", "IMAGEGATE_POLL_INTERVAL_S": "0.3", "IMAGEGATE_SSE_KEEPALIVE_S": "0.2"},
    )
    runner.start()
    try:
        follower.start()
        yield runner, follower
    finally:
        follower.stop()
        runner.stop()


def test_a_job_running_in_another_process_is_followed_through_the_store(
    two_processes: tuple[ServerProcess, ServerProcess],
) -> None:
    runner, follower = two_processes
    key = runner.new_key("shared")
    with Client(base_url=runner.url, api_key=key) as at_runner, Client(base_url=follower.url, api_key=key) as there:
        job = at_runner.jobs.create(**SLOW)  # type: ignore[arg-type]
        events: list[JobEvent] = list(there.jobs.stream(job.id, timeout=180))
        final = there.jobs.retrieve(job.id)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    types = [e.type for e in events]
    assert types[-1] == "succeeded" and final.status == "succeeded" and "started" in types
    steps = [e.step for e in events if e.type == "progress"]
    assert len(steps) >= 2, f"expected progress from the runner's heartbeats, got {types}"
    assert steps == sorted(set(steps)) and all(e.total == 40 for e in events if e.type == "progress")


def test_the_follower_sends_keepalives_while_nothing_happens(
    two_processes: tuple[ServerProcess, ServerProcess],
) -> None:
    runner, follower = two_processes
    key = runner.new_key("pings")
    with Client(base_url=runner.url, api_key=key) as at_runner:
        job = at_runner.jobs.create(prompt="short", num_inference_steps=10, width=128, height=128)
    lines: list[str] = []
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.stream("GET", f"{follower.url}/v1/jobs/{job.id}/events", headers=headers, timeout=180) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        for line in response.iter_lines():
            lines.append(line)
            if line.startswith("event: succeeded"):
                break
    assert lines[0] == "retry: 1000" and ": keep-alive" in lines


def test_a_queued_job_reports_its_queue_position(server: ServerProcess) -> None:
    with Client(base_url=server.url, api_key=server.new_key("queue")) as client:
        client.jobs.create(prompt="one done, so the model has an average time", wait=60)
        # One job runs, one waits claimed beside the device, so the third one is really queued.
        blockers = [client.jobs.create(**SLOW) for _ in range(2)]  # type: ignore[arg-type]
        job = client.jobs.create(prompt="third in line")
        events: list[JobEvent] = []
        with client.jobs.stream(job.id, timeout=180) as stream:
            for event in stream:
                events.append(event)
                if event.type == "queued" and event.queue_position is not None:
                    for blocker in blockers:
                        client.jobs.cancel(blocker.id)
    positioned = [e for e in events if e.type == "queued" and e.queue_position is not None]
    assert positioned and positioned[0].queue_position == 0
    # The very first event already says where it stands and when it should be done.
    assert events[0].type == "queued" and events[0].queue_position == 0 and events[0].eta_s is not None
    assert events[-1].type == "succeeded"


def test_event_streams_end_promptly_when_the_server_stops(catalog_file: Path, tmp_path: Path) -> None:
    server = ServerProcess(
        tmp_path / "stopping",
        catalog_file,
        env={"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1", "IMAGEGATE_PRELOAD": "false", "IMAGEGATE_SHUTDOWN_GRACE_S": "1"},
    ).start()
    try:
        key = server.new_key("listener")
        with Client(base_url=server.url, api_key=key) as client:
            job = client.jobs.create(prompt="long", width=512, height=512, num_inference_steps=150)
        headers = {"Authorization": f"Bearer {key}"}
        with httpx.stream("GET", f"{server.url}/v1/jobs/{job.id}/events", headers=headers, timeout=60) as response:
            lines = response.iter_lines()
            assert next(lines) == "retry: 1000"
            assert server.proc is not None
            server.proc.terminate()
            stopping = time.monotonic()
            rest = list(lines)  # a clean end of the stream, not a connection torn down by the grace timeout
            ended_after = time.monotonic() - stopping
        assert ended_after < 5, f"the stream held the shutdown for {ended_after:.1f} s"
        assert not any(line.startswith("event: succeeded") for line in rest)
    finally:
        server.stop()

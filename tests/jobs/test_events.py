"""The live-event bus keeps full histories of the newest ended jobs only (their objects are walked by
every full collection of the garbage collector); a job still followed keeps its history."""

from __future__ import annotations

from imagegate.jobs.events import JobEvents


def _run(events: JobEvents, job_id: str) -> None:
    events.publish(job_id, "started")
    events.publish(job_id, "progress", {"step": 1, "total": 1})
    events.publish(job_id, "succeeded", {"status": "succeeded"})


def test_full_histories_are_kept_for_the_newest_ended_jobs_only() -> None:
    events = JobEvents(max_ended=3)
    for n in range(5):
        _run(events, f"job_{n}")
    # The two oldest are forgotten (a listener gets their end from the store); the newest three replay.
    assert events.history("job_0") == [] and events.history("job_1") == []
    assert [e.type for e in events.history("job_4")] == ["started", "progress", "succeeded"]
    assert events.state("job_2").phase == "succeeded"
    events.publish("job_5", "started")  # a job that has not ended does not count
    assert events.history("job_2") != []


async def test_a_followed_job_keeps_its_history_after_it_ends() -> None:
    events = JobEvents(max_ended=1)
    stream = events.subscribe("job_0")
    events.publish("job_0", "started")
    assert (await anext(stream)).type == "started"  # now a listener
    events.publish("job_0", "succeeded", {"status": "succeeded"})
    _run(events, "job_1")
    assert [e.type for e in events.history("job_0")] == ["started", "succeeded"]
    assert (await anext(stream)).type == "succeeded"
    await stream.aclose()


def test_the_newest_preview_outlives_later_steps_without_one() -> None:
    """A poller (A1111's /sdapi/v1/progress) asks between steps: most carry no preview, and the newest
    preview must still be found, not only when the latest step happened to draw one."""
    events = JobEvents()
    events.publish("job", "progress", {"step": 1, "total": 9, "preview": "first"})
    events.publish("job", "progress", {"step": 2, "total": 9, "preview": "second"})
    events.publish("job", "progress", {"step": 3, "total": 9})
    newest = events.last("job", "progress", having="preview")
    assert newest is not None and newest.data["preview"] == "second"
    assert events.last("job", "progress").data == {"step": 3, "total": 9}  # type: ignore[union-attr]
    assert events.last("other", "progress", having="preview") is None

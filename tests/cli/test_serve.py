"""``imagegate serve`` owns its process: it keeps the start-up heap (torch, diffusers, the app)
out of the garbage collector's full collections and reports the collector's pauses."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.support.server import ServerProcess


def test_the_start_up_heap_is_frozen_and_gc_pauses_are_measured(server: ServerProcess) -> None:
    with server.client() as client:
        client.get("/v1/models").raise_for_status()
        text = client.get("/metrics").text
    samples = {
        (s.name, s.labels.get("generation")): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    # Hundreds of thousands of objects live as long as the server; none of them is walked again.
    assert samples[("imagegate_gc_frozen_objects", None)] > 100_000
    assert samples[("imagegate_gc_pause_seconds_count", "2")] >= 1  # at least the one at start-up
    assert ("imagegate_gc_pause_seconds_count", "0") in samples

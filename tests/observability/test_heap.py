"""The collector's pauses in the metrics, and the long-lived heap kept out of full collections."""

from __future__ import annotations

import gc

from imagegate.observability.heap import GcPauses, freeze_long_lived
from imagegate.observability.metrics import Metrics


def _count(metrics: Metrics, generation: str) -> float:
    value = metrics.registry.get_sample_value("imagegate_gc_pause_seconds_count", {"generation": generation})
    return value or 0.0


def test_frozen_objects_are_out_of_every_collection() -> None:
    long_lived = [{"a": [1, 2]} for _ in range(100)]
    try:
        frozen = freeze_long_lived()
        assert frozen >= 100
        # The gauge reads the count when scraped: frozen objects that died since (other threads of
        # this test process free theirs) are no longer counted, so it can only have gone down.
        reported = Metrics().registry.get_sample_value("imagegate_gc_frozen_objects")
        assert reported is not None and 100 <= reported <= frozen
        # gc.get_objects lists what collections walk; the permanent generation is not among it.
        tracked = {id(o) for o in gc.get_objects()}
        assert not any(id(o) in tracked for o in long_lived)
        gc.collect()
        assert all(o == {"a": [1, 2]} for o in long_lived)  # still alive and well
    finally:
        gc.unfreeze()  # this test process builds many apps: let them be collected again
    tracked = {id(o) for o in gc.get_objects()}
    assert all(id(o) in tracked for o in long_lived)


def test_pauses_are_observed_by_generation_while_installed() -> None:
    metrics = Metrics()
    pauses = GcPauses(metrics.gc_pauses).install()
    try:
        gc.collect(0)
        gc.collect(2)
        assert _count(metrics, "0") >= 1
        assert _count(metrics, "2") >= 1
    finally:
        pauses.uninstall()
    before = _count(metrics, "2")
    gc.collect(2)
    assert _count(metrics, "2") == before

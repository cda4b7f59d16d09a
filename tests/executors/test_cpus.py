"""The CPUs a process may use (cgroup quotas of v1 and v2, affinity) and the thread counts from them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from imagegate.executors.cpus import available_cpus, torch_threads

AFFINITY = len(os.sched_getaffinity(0))


def test_a_v2_quota_caps_the_affinity(tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("150000 100000\n")  # 1.5 CPUs: two threads busy part of the time
    assert available_cpus(tmp_path) == min(AFFINITY, 2)
    (tmp_path / "cpu.max").write_text("50000 100000\n")
    assert available_cpus(tmp_path) == 1


def test_no_quota_leaves_the_affinity(tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert available_cpus(tmp_path) == AFFINITY
    assert available_cpus(tmp_path / "missing") == AFFINITY


def test_a_v1_quota(tmp_path: Path) -> None:
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("100000\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert available_cpus(tmp_path) == 1
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")  # unlimited
    assert available_cpus(tmp_path) == AFFINITY


@pytest.mark.parametrize(("setting", "cpus", "threads"), [(0, 1, 1), (0, 2, 1), (0, 4, 3), (0, 16, 15), (2, 2, 2)])
def test_torch_threads(setting: int, cpus: int, threads: int) -> None:
    assert torch_threads(setting, cpus) == threads

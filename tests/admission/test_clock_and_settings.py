"""Calendar windows in a time zone, the test clock, and the settings that guard them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from imagegate.admission.clock import FileClock, Windows
from imagegate.config import load_settings
from imagegate.errors import ConfigError


def test_windows_follow_the_zone_and_dst() -> None:
    ny = ZoneInfo("America/New_York")
    w = Windows.at(datetime(2026, 3, 8, 4, 59, tzinfo=UTC), ny)  # 23:59 on the 7th in New York
    assert w.day == "d:2026-03-07" and w.month == "m:2026-03"
    assert w.day_ends == datetime(2026, 3, 8, 5, 0, tzinfo=UTC)
    dst = Windows.at(datetime(2026, 3, 8, 12, 0, tzinfo=UTC), ny)  # the 23-hour day
    assert dst.day_ends == datetime(2026, 3, 9, 4, 0, tzinfo=UTC)
    december = Windows.at(datetime(2026, 12, 31, 23, 0, tzinfo=UTC), ZoneInfo("UTC"))
    assert december.month_ends == datetime(2027, 1, 1, tzinfo=UTC)


def test_file_clock(tmp_path: Path) -> None:
    path = tmp_path / "clock"
    clock = FileClock(path)
    assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 5  # no file: real time
    path.write_text("2030-01-02T03:04:05+00:00")
    assert clock.now() == datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    path.write_text("2030-01-02T09:00:00")
    assert clock.now() == datetime(2030, 1, 2, 9, tzinfo=UTC)  # naive means UTC


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"test_clock_file": "/tmp/clock"}, "only allowed with env=test"),
        ({"quota_timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"default_plan": "gold"}, "unknown plan 'gold'"),
        ({"plans": {"free": {"images_per_day": -1}}}, "images_per_day"),
        ({"moderation_rules": [{"id": "x", "category": "c", "pattern": "(unclosed"}]}, "regular expression"),
    ],
)
def test_bad_gateway_settings_are_refused(overrides: dict, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_settings(data_dir=tmp_path, **overrides)


def test_test_clock_accepted_in_test_env(tmp_path: Path) -> None:
    settings = load_settings(env="test", data_dir=tmp_path, test_clock_file=tmp_path / "c")
    assert settings.test_clock_file == tmp_path / "c"

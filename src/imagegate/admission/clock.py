"""The clock quotas and budgets count by, and the calendar windows it defines.

Quotas reset at midnight in the configured time zone, not 24 h after a key's first request, so they
use our own date-keyed counters (``limits``' fixed windows anchor at the first hit). Tests drive a
real server's clock through a file (``test_clock_file``, accepted only with ``env=test``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FileClock:
    """Reads the time from a file holding an ISO 8601 timestamp (re-read when the file changes);
    the system time when the file is missing or empty."""

    def __init__(self, path: Path):
        self.path = path
        self._stamp: tuple[float, int] | None = None
        self._value: datetime | None = None

    def now(self) -> datetime:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return datetime.now(UTC)
        stamp = (stat.st_mtime, stat.st_size)
        if stamp != self._stamp:
            text = self.path.read_text().strip()
            self._value = datetime.fromisoformat(text) if text else None
            if self._value is not None and self._value.tzinfo is None:
                self._value = self._value.replace(tzinfo=UTC)
            self._stamp = stamp
        return self._value or datetime.now(UTC)


@dataclass(frozen=True)
class Windows:
    """The calendar day and month containing ``at`` in ``zone``, and when they end."""

    day: str  # "d:2026-11-24"
    month: str  # "m:2026-11"
    day_ends: datetime
    month_ends: datetime

    @classmethod
    def at(cls, at: datetime, zone: ZoneInfo) -> Windows:
        local = at.astimezone(zone)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        # Add a day in local calendar terms, then resolve: DST days are 23 or 25 hours long.
        next_day = (midnight + timedelta(days=1)).replace(tzinfo=None).replace(tzinfo=zone)
        first = midnight.replace(day=1)
        next_month = (first + timedelta(days=32)).replace(day=1, tzinfo=None).replace(tzinfo=zone)
        return cls(
            day=f"d:{local.date().isoformat()}",
            month=f"m:{local.year:04d}-{local.month:02d}",
            day_ends=next_day.astimezone(UTC),
            month_ends=next_month.astimezone(UTC),
        )


def clock_for(test_clock_file: Path | None) -> Clock:
    return FileClock(test_clock_file) if test_clock_file is not None else SystemClock()

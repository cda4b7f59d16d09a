"""``client.usage``: what your jobs did and cost, from the server's usage ledger.

Wire contract (``GET /v1/usage``): query ``start`` and ``end`` (ISO dates, inclusive, calendar days
in the server's quota time zone), ``group_by`` (comma-separated: ``day``, ``model``, ``key``) and,
for admin keys, ``key_id``. The answer::

    {"object": "usage", "start": "2026-11-01", "end": "2026-11-24", "timezone": "UTC",
     "group_by": ["day", "model"],
     "data": [{"day": "2026-11-24", "model": "sdxl", "key_id": null, "jobs": 3, "succeeded": 2,
               "errors": 1, "canceled": 0, "cached": 0, "images": 2, "cost": 0.01, "currency": "USD",
               "compute_s": 4.2, "latency_p50_s": 1.9, "latency_p95_s": 2.4, "latency_p99_s": 2.4}, …],
     "total": {"day": null, "model": null, "key_id": null, "jobs": 12, …}}

Fields this SDK does not know are kept on the returned objects (``model_extra``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from imagegate.client._core import Api
from imagegate.client._flow import Flow, Resource, async_method, sync_method
from imagegate.client.types import Usage


def retrieve(
    api: Api,
    *,
    start: date | str | None = None,
    end: date | str | None = None,
    group_by: str | Sequence[str] | None = None,
    key_id: str | None = None,
) -> Flow[Usage]:
    """Jobs (succeeded, failed, canceled, cached), images, cost, compute time and latency
    percentiles over a date range, grouped; ``Usage.total`` adds up every row.

    Args:
        start, end: First and last day, inclusive (dates or ``YYYY-MM-DD``); by default the 30 days
            ending today in the server's quota time zone.
        group_by: ``day``, ``model`` and/or ``key`` (the server groups by ``day,model`` by default).
        key_id: One key's usage (admin keys only; an admin key sees every key's by default). Other
            keys always see their own.
    """
    groups = group_by if group_by is None or isinstance(group_by, str) else ",".join(group_by)
    params = {
        "start": start.isoformat() if isinstance(start, date) else start,
        "end": end.isoformat() if isinstance(end, date) else end,
        "group_by": groups,
        "key_id": key_id,
    }
    data = yield from api.json("GET", "/v1/usage", params=params)
    return Usage.model_validate(data)


class UsageResource(Resource):
    """Usage and cost. ``client.usage``."""

    retrieve = sync_method(retrieve)


class AsyncUsageResource(Resource):
    """Usage and cost, for ``AsyncClient``. ``client.usage``."""

    retrieve = async_method(retrieve)

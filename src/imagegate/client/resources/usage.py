"""``client.usage``: what your jobs cost, from the server's usage ledger.

Wire contract (``GET /v1/usage``; the server side is the gateway's): query ``start`` and ``end``
(ISO dates, inclusive, in the server's quota timezone), ``group_by`` (comma-separated: ``day``,
``model``, ``key``) and, for admin keys, ``key_id``. The answer::

    {"object": "usage", "start": "2026-11-01", "end": "2026-11-24", "currency": "USD",
     "group_by": ["day"],
     "totals": {"jobs": 12, "images": 14, "errors": 1, "cost": 0.042, "compute_s": 9.1,
                "latency_ms": {"p50": 410, "p95": 980, "p99": 1200}},
     "data": [{"day": "2026-11-24", "jobs": 3, "images": 3, "errors": 0, "cost": 0.01, …}, …]}

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
    """Images, jobs, errors, cost and latency over a date range, optionally grouped.

    Args:
        start, end: First and last day (inclusive); the server's defaults (this month) if omitted.
        group_by: ``day``, ``model`` and/or ``key``.
        key_id: Another key's usage (admin keys only); your own by default.
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

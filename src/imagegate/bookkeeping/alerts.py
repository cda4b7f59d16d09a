"""Budget alerts: when a key's spending reaches 80 % and 100 % of a daily or monthly budget, once per
window (the ``budget_alerts`` table's unique key says whether it was raised already), as a warning
in the log, a metric and a ``budget.alert`` message to the key's alert webhook."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from imagegate.admission.allowance import COST, NANOS, AllowanceStore, Item
from imagegate.admission.policies import PolicyStore
from imagegate.db import Database
from imagegate.db.tables import budget_alerts
from imagegate.db.types import utcnow
from imagegate.observability.metrics import Metrics
from imagegate.webhooks import payload
from imagegate.webhooks.outbox import Outbox

log = logging.getLogger("imagegate.gateway")
THRESHOLDS = (80, 100)


class BudgetAlerts:
    def __init__(
        self,
        *,
        db: Database,
        allowance: AllowanceStore,
        policies: PolicyStore,
        outbox: Outbox,
        metrics: Metrics,
        on_queued: Callable[[], None],
    ):
        self.db = db
        self.allowance = allowance
        self.policies = policies
        self.outbox = outbox
        self.metrics = metrics
        self.on_queued = on_queued  # an alert webhook was queued: wake the delivery

    async def check(self, key_id: str, items: list[Item]) -> None:
        """Raise the alerts that the reservations a job settled (``items``) may have crossed."""
        capped = [i for i in items if i.metric == COST and i.limit]
        if not capped:
            return
        counters = await self.allowance.read(key_id, [(i.period, i.metric) for i in capped])
        for item in capped:
            assert item.limit is not None
            used = counters[(item.period, item.metric)].used
            for threshold in THRESHOLDS:
                if used * 100 >= item.limit * threshold:
                    await self._alert(key_id, item, threshold, used)

    async def _alert(self, key_id: str, item: Item, threshold: int, used: int) -> None:
        now = utcnow()
        spent, budget = used / NANOS, (item.limit or 0) / NANOS
        try:
            async with self.db.connect() as conn:
                await conn.execute(
                    insert(budget_alerts).values(
                        key_id=key_id,
                        period=item.period,
                        threshold=threshold,
                        spent=spent,
                        budget=budget,
                        created_at=now,
                    )
                )
        except IntegrityError:
            return  # raised before for this window
        self.metrics.budget_alerts.labels(str(threshold)).inc()
        log.warning(
            "budget alert: key %s spent %.6g of %.6g (%d%%) in %s",
            key_id,
            spent,
            budget,
            threshold,
            item.period,
            extra={"key_id": key_id, "period": item.period, "threshold": threshold},
        )
        policy = await self.policies.get(key_id)
        if policy.alert_webhook and not await self.outbox.is_disabled(key_id, policy.alert_webhook):
            body = payload.budget_alert(
                key_id=key_id,
                period=item.period,
                threshold=threshold,
                spent=spent,
                budget=budget,
                currency="USD",
                now=now,
            )
            async with self.db.connect() as conn:
                await self.outbox.enqueue(
                    conn, key_id=key_id, job_id=None, event="budget.alert", url=policy.alert_webhook, body=body, now=now
                )
            self.on_queued()

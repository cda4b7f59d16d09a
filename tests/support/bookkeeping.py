"""The bookkeeping of a server, built from its parts on one database (no app, no Services)."""

from __future__ import annotations

from dataclasses import dataclass, field

from imagegate.admission.allowance import AllowanceStore
from imagegate.admission.cache import ResultCache
from imagegate.admission.policies import PolicyStore
from imagegate.bookkeeping import Bookkeeper, BudgetAlerts
from imagegate.db import Database
from imagegate.observability.metrics import Metrics
from imagegate.storage.signing import UrlSigner
from imagegate.webhooks.bodies import WebhookBodies
from imagegate.webhooks.outbox import Outbox


@dataclass
class Books:
    bookkeeper: Bookkeeper
    allowance: AllowanceStore
    outbox: Outbox
    metrics: Metrics
    woken: list[str] = field(default_factory=list)  # one entry each time the webhook delivery is woken


def books(db: Database) -> Books:
    allowance, outbox, metrics, policies = AllowanceStore(db), Outbox(db), Metrics(), PolicyStore(db)
    woken: list[str] = []
    alerts = BudgetAlerts(
        db=db, allowance=allowance, policies=policies, outbox=outbox, metrics=metrics, on_queued=lambda: None
    )
    bookkeeper = Bookkeeper(
        db=db,
        allowance=allowance,
        cache=ResultCache(db, ttl_s=60),
        outbox=outbox,
        bodies=WebhookBodies(base_url="http://127.0.0.1:8000", signer=UrlSigner(b"k" * 32, ttl_s=60)),
        alerts=alerts,
        metrics=metrics,
        on_queued=lambda: woken.append("delivery"),
    )
    return Books(bookkeeper, allowance, outbox, metrics, woken)

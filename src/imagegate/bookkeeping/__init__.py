"""Bookkeeping: what a job means to the gateway beyond its own state, from its start to its end —
the job lifecycle (``jobs.lifecycle.JobLifecycle``) of a server or worker.

- ``lifecycle.Bookkeeper``: the ``started`` webhook; settling a job's reservations, queueing its
  webhook and caching its result inside the transaction that ends it; then delivery, budget alerts,
  metrics and the job's log line.
- ``alerts.BudgetAlerts``: 80 % and 100 % budget alerts, once per window, logged and sent to the
  key's alert webhook.
- ``sweeper.Sweeper``: settles what was left unsettled (a settlement that failed and let the job
  end without it).

May import: admission, jobs, webhooks and every lower layer; never api, services, cli or client.
"""

from imagegate.bookkeeping.alerts import BudgetAlerts
from imagegate.bookkeeping.lifecycle import Bookkeeper
from imagegate.bookkeeping.sweeper import Sweeper

__all__ = ["Bookkeeper", "BudgetAlerts", "Sweeper"]

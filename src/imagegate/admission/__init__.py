"""Admission: the whole way from a parsed request to a durable job — authentication (``keys``), the
model and its limits (``validation``), image inputs (``edits``), prompt moderation, webhook and
safety options (``options``, ``rules``), rate limits (``ratelimit``), idempotency, the result cache
(``cache``), quota and budget reservations (``allowance``, ``reservations``), and the one admission
transaction (``service.Admission.admit``). Every API surface calls ``admit``.

May import: jobs (to write the job), engines, images, webhooks (to check and address webhooks),
safety and every lower layer; never bookkeeping, api, services, cli or client.
"""

from imagegate.admission.rules import KeyRules
from imagegate.admission.service import Admission, Admitted, Submission

__all__ = ["Admission", "Admitted", "KeyRules", "Submission"]

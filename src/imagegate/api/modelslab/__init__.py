"""The ModelsLab v6 dialect (``/api/v6/*`` and the v3/v4/v5 routes its clients call): wire models
(``wire``), translation to and from the domain request (``translate``), serving (``serving``,
``envelopes``), thin routes (``routes``), the dialect's own state (``state``: request numbers) and
its webhook body (``webhooks``).

May import: the api's shared pieces (``api.common``, ``api.deps``, ``api.problems``), the
services, and every lower layer; never another surface.
"""

from imagegate.api.modelslab.routes import ERROR_MODEL, ERROR_PREFIXES, render_error, router
from imagegate.api.modelslab.webhooks import ModelslabWebhookBody

__all__ = ["ERROR_MODEL", "ERROR_PREFIXES", "ModelslabWebhookBody", "render_error", "router"]

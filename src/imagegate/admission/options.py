"""Per-request options every surface may pass to admission (``Submission.options``): webhook,
event filter, track id, cache opt-out and the safety-checker switch. Checked here, so every surface
refuses bad values the same way, naming the field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imagegate.errors import InvalidRequest
from imagegate.net.guard import UrlPolicy, check_url, resolve

EVENTS = ("started", "succeeded", "failed", "canceled")
TERMINAL_EVENTS = frozenset({"succeeded", "failed", "canceled"})
DEFAULT_EVENTS = TERMINAL_EVENTS


@dataclass(frozen=True)
class SubmitOptions:
    webhook: str | None = None
    webhook_events_filter: list[str] | None = None
    track_id: str | None = None
    cache: bool = True
    safety_checker: bool | None = None  # None: the key's policy decides (checked)

    def fingerprint(self) -> dict[str, Any]:
        """The options that make two requests different for Idempotency-Key purposes."""
        return {
            "webhook": self.webhook,
            "webhook_events_filter": sorted(self.webhook_events_filter) if self.webhook_events_filter else None,
            "track_id": self.track_id,
            "cache": self.cache,
            "safety_checker": self.safety_checker,
        }


def parse_events(values: list[str] | None, *, field_name: str = "webhook_events_filter") -> frozenset[str]:
    """The events to send; ``completed`` stands for every final event."""
    if values is None:
        return DEFAULT_EVENTS
    if not isinstance(values, list) or not values:
        raise InvalidRequest.for_field(field_name, "must be a non-empty list of event names", code="invalid_events")
    chosen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            raise InvalidRequest.for_field(field_name, "event names must be strings", code="invalid_events")
        name = value.strip().lower()
        if name == "completed":
            chosen |= TERMINAL_EVENTS
        elif name in EVENTS:
            chosen.add(name)
        else:
            allowed = ", ".join((*EVENTS, "completed"))
            raise InvalidRequest.for_field(
                field_name, f"unknown event '{value}'; use one or more of: {allowed}", code="invalid_events"
            )
    return frozenset(chosen)


async def check_webhook(url: str, *, field_name: str, policy: UrlPolicy) -> str:
    """Refuse a webhook URL that is not http(s) or whose host resolves to an address the policy
    refuses (the delivery re-checks every connection, so a later DNS change cannot get around this)."""
    if len(url) > 2048:
        raise InvalidRequest.for_field(field_name, "must be at most 2048 characters", code="invalid_url")
    parsed = check_url(url, field_name=field_name, policy=policy)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = await resolve(parsed.host, port)
    except Exception:
        raise InvalidRequest.for_field(field_name, f"cannot resolve host '{parsed.host}'", code="invalid_url") from None
    refused = [a for a in addresses if not policy.allows(parsed.host, port, a)]
    if refused or not addresses:
        raise InvalidRequest.for_field(
            field_name,
            f"{parsed.host} resolves to {refused[0] if refused else 'nothing'}, a loopback, private, link-local or "
            "reserved address; webhooks cannot be sent there (an operator can allowlist it: webhook_allowlist)",
            code="url_refused",
        )
    return url

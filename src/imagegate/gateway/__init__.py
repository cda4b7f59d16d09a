"""The gateway layer: admission (limits, quotas, budgets, cache), job bookkeeping, webhooks,
safety and metrics. ``install_gateway`` wires it into a starting server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from imagegate.errors import Unavailable

if TYPE_CHECKING:
    from imagegate.api.services import Services
    from imagegate.domain.jobs import Job
    from imagegate.gateway.service import Gateway


async def install_gateway(services: Services) -> Gateway:
    """Create the gateway and hook it into the runner; call before the scheduler starts, so that no
    job runs without the safety check."""
    from imagegate.gateway.service import Gateway

    gateway = Gateway(services)
    await gateway.start()
    services.extras["gateway"] = gateway
    return gateway


async def stop_gateway(services: Services) -> None:
    gateway = services.extras.pop("gateway", None)
    if gateway is not None:
        await gateway.stop()


def gateway_of(services: Services) -> Gateway:
    gateway = services.extras.get("gateway")
    if gateway is None:
        raise Unavailable("the server is starting or stopping; retry shortly")
    return gateway


async def track_id_of(services: Services, job: Job) -> str | None:
    gateway = services.extras.get("gateway")
    return await gateway.track_id(job) if gateway is not None else None

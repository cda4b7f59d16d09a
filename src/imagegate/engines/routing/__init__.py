"""Routes: one catalog id served by ordered or weighted targets with fallback, cooldowns, a circuit
breaker and a retry budget (``route.py``, ``health.py``)."""

from imagegate.engines.routing.route import RouteEngine, prepare_routes

__all__ = ["RouteEngine", "prepare_routes"]

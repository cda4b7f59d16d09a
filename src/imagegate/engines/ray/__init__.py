"""``executor = "ray"``: the diffusers engine's jobs run on a Ray Serve deployment whose replicas
each hold a diffusers engine and multiplex models by id (``replica.py``); this server dispatches
them and streams their progress back (``dispatch.py``). Ray is imported only when this runs.
"""

from imagegate.engines.ray.dispatch import RayCompute, RayEngine

__all__ = ["RayCompute", "RayEngine"]

"""Where compute runs: in this process (``local``) or on a Ray Serve cluster."""

from imagegate.executors.local import LocalExecutor

__all__ = ["LocalExecutor"]

"""Where compute runs: the device's one compute thread in this process (``local``).

May import: nothing of imagegate (a foundation layer).
"""

from imagegate.executors.local import LocalExecutor

__all__ = ["LocalExecutor"]

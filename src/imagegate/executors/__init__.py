"""Where compute runs: the device's one compute thread in this process (``local``), with thread
counts chosen from the CPUs this process may really use (``cpus``).

May import: nothing of imagegate (a foundation layer).
"""

from imagegate.executors.cpus import available_cpus, torch_threads
from imagegate.executors.local import LocalExecutor

__all__ = ["LocalExecutor", "available_cpus", "torch_threads"]

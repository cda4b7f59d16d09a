"""Running a command inside a pseudo-terminal, as a user at a terminal would, and reading its output."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class TerminalRun:
    returncode: int
    output: str  # stdout and stderr, as the terminal showed them (escape sequences included)


def run_in_terminal(
    args: list[str], *, env: dict[str, str], cwd: Path, timeout: float = 120.0, columns: int = 120
) -> TerminalRun:
    """Both stdout and stderr are the terminal, so the program sees ``isatty()`` true."""
    primary, secondary = pty.openpty()
    os.set_blocking(primary, False)
    env = {**env, "COLUMNS": str(columns), "LINES": "40", "TERM": "xterm-256color"}
    proc = subprocess.Popen(args, stdin=secondary, stdout=secondary, stderr=secondary, env=env, cwd=cwd)
    os.close(secondary)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            if time.monotonic() > deadline:
                proc.kill()
                raise TimeoutError(f"{args[0]} still running after {timeout} s")
            ready, _, _ = select.select([primary], [], [], 0.1)
            if ready:
                try:
                    data = os.read(primary, 65536)
                except OSError:  # the child closed the terminal
                    data = b""
                if data:
                    chunks.append(data)
                    continue
                if proc.poll() is not None:
                    break
            elif proc.poll() is not None:
                break
        proc.wait(10)
    finally:
        os.close(primary)
    return TerminalRun(proc.returncode, b"".join(chunks).decode(errors="replace"))

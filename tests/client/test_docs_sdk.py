"""The Python examples of docs/sdk.md, run as a reader would paste them into a file: against a real
server, with the URL and key from the environment (placeholders in the examples swapped for them)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import imagegate
from tests.support.server import ServerProcess

DOC = Path(__file__).resolve().parents[2] / "docs" / "sdk.md"
SRC = str(Path(imagegate.__file__).resolve().parents[1])


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


def runnable(block: str) -> bool:
    # Fragments that continue an earlier block (no imports of their own) or need a web framework's
    # request object are read, not run.
    return "import " in block and "request." not in block


@pytest.mark.parametrize("index", [i for i, b in enumerate(python_blocks()) if runnable(b)])
def test_sdk_doc_example_runs(index: int, server: ServerProcess, tmp_path: Path) -> None:
    key = server.new_key("docs")
    code = python_blocks()[index].replace("http://127.0.0.1:8000", server.url).replace('"ig_…"', repr(key))
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMAGEGATE_")}
    env |= {"IMAGEGATE_URL": server.url, "IMAGEGATE_API_KEY": key, "PYTHONPATH": SRC}
    env["IMAGEGATE_CLIENT_CONFIG"] = str(tmp_path / "none.toml")
    (tmp_path / "example.py").write_text(code)
    run = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, f"{code}\n--- stderr:\n{run.stderr}"
    assert run.stdout.strip(), "the example printed nothing"

"""The Dockerfile, checked as far as this machine allows: hadolint's rules (it cannot be built here:
no container registry for its base image), and what it promises in the README stays true."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HADOLINT = Path(sys.executable).parent / "hadolint"


def test_hadolint_passes() -> None:
    run = subprocess.run([str(HADOLINT), "Dockerfile"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr


def test_it_installs_the_locked_set_and_runs_as_a_user_with_a_health_check() -> None:
    text = (REPO / "Dockerfile").read_text()
    assert "-c constraints.txt" in text and '"torch==2.13.0"' in text
    assert "\nUSER 10001\n" in text and "HEALTHCHECK" in text and "/healthz" in text
    assert "COPY models /app/models" in text  # the bundled model: it serves with no download

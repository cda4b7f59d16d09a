"""Schemathesis against a real server process (``tests/support/fuzz.py``): examples, coverage and a
bounded fuzzing phase over every operation of the server's own OpenAPI document, with the admin key
and with a normal key. Fails on any 5xx (but those of defects listed as known in
``fuzz_hooks.KNOWN``), any 2xx whose body the document does not describe, any undocumented status
code or content type, and any 405 without a correct ``Allow``. ``make fuzz`` runs a longer one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fuzz import errors_logged, fuzz, fuzz_server
from tests.support.server import ServerProcess

# Cases per operation in the fuzzing phase (the coverage phase adds its own, most of the total):
# about 12,000 cases in about a minute on the 2-core CI box.
ADMIN_EXAMPLES = 15
KEY_EXAMPLES = 5
SEED = 20261207  # fixed, so that a failure here reproduces with the same seed


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = fuzz_server(Path(tmp_path_factory.mktemp("fuzz"))).start()
    yield server
    server.stop()


@pytest.mark.timeout(600)
def test_the_api_answers_what_its_document_says_under_fuzzing(fuzz_target: ServerProcess) -> None:
    report = fuzz(fuzz_target, admin_examples=ADMIN_EXAMPLES, key_examples=KEY_EXAMPLES, seed=SEED)
    outputs = "\n".join(f"===== {p.name} =====\n{p.output[-15000:]}" for p in report.passes if p.returncode)
    logged = "\n".join(errors_logged(fuzz_target))
    assert report.ok, f"{report.summary()}\n{outputs}\nserver errors:\n{logged}"
    # The passes really ran: thousands of cases with a key, answered by the server (not refused at
    # the door), and the short pass without one.
    admin, normal, anonymous = report.passes
    assert admin.cases >= 2000 and normal.cases >= 2000 and anonymous.cases >= 100, report.summary()
    assert report.statuses[200] + report.statuses[202] >= 100, report.summary()
    assert report.statuses[403] > 0 and report.statuses[401] > 0, report.summary()

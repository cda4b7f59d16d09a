"""Shared fixtures: tiny models built once per session, and one real server process over them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.catalog import write_catalog
from tests.support.server import ServerProcess


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.support.tiny_models import build_all

    return build_all(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture(scope="session")
def catalog_file(tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(tmp_path_factory.mktemp("catalog") / "catalog.toml", tiny_models)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Admin URL of a real PostgreSQL server started for this test session."""
    from tests.support.postgres import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def server(catalog_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server shared by the tests that do not restart or reconfigure it."""
    proc = ServerProcess(
        tmp_path_factory.mktemp("server"), catalog_file, env={"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1"}
    ).start()
    yield proc
    proc.stop()

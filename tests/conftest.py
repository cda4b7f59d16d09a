"""Shared fixtures: tiny models built once per session, and one real server process over them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from imagegate.db import Database
from tests.support.catalog import write_catalog
from tests.support.http_peer import ImagePeer
from tests.support.server import ServerProcess

if TYPE_CHECKING:
    from tests.support.s3_server import S3Server


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


@pytest.fixture(params=["sqlite", "postgresql"])
async def portable_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database, once SQLite and once a real PostgreSQL: for SQL that must be portable."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'portable.db'}"
    else:
        from tests.support.postgres import fresh_database

        url = await fresh_database(request.getfixturevalue("postgres_url"))
    database = Database(url)
    await database.migrate()
    yield database
    await database.dispose()


@pytest.fixture(scope="session")
def server(catalog_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server shared by the tests that do not restart or reconfigure it."""
    proc = ServerProcess(
        tmp_path_factory.mktemp("server"), catalog_file, env={"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1"}
    ).start()
    yield proc
    proc.stop()


# -- image editing (img2img, inpaint, outpaint, ControlNet, LoRA, upscale, variation) -------------


@pytest.fixture(scope="session")
def edit_models(tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.support.edit_models import build_edit_models

    return build_edit_models(tmp_path_factory.mktemp("edit-models"), tiny_models)


@pytest.fixture(scope="session")
def image_peer() -> Iterator[ImagePeer]:
    """A loopback HTTP server the edit server may fetch image URLs from (it is allowlisted)."""
    with ImagePeer() as peer:
        yield peer


@pytest.fixture(scope="session")
def edit_server(
    catalog_file: Path,
    tiny_models: dict[str, Path],
    edit_models: dict[str, Path],
    image_peer: ImagePeer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServerProcess]:
    """One server over the tiny models plus the editing catalog; only ``image_peer`` is allowlisted."""
    from tests.support.edit_catalog import write_edit_catalog

    catalog = write_edit_catalog(tmp_path_factory.mktemp("edit-catalog") / "edit.toml", tiny_models, edit_models)
    proc = ServerProcess(
        tmp_path_factory.mktemp("edit-server"),
        [catalog_file, catalog],
        env={
            "IMAGEGATE_DEFAULT_MODEL": "edit-sd1",
            "IMAGEGATE_URL_ALLOWLIST": f'["127.0.0.1:{image_peer.port}"]',
            "IMAGEGATE_IMAGE_MAX_BYTES": str(4 << 20),
            "IMAGEGATE_MAX_BODY_BYTES": str(16 << 20),
            "IMAGEGATE_IMAGE_MAX_PIXELS": str(2048 * 2048),
        },
    ).start()
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """One real S3 server (SeaweedFS) for the session, with the bucket ``images``; tests use
    prefixes of their own in it."""
    from tests.support.s3_server import S3Server

    server = S3Server(tmp_path_factory.mktemp("s3")).start()
    yield server
    server.kill()

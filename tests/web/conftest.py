"""One real server for the web app's browser tests: the bundled tiny-shapes model (with a price, so
the dashboard has costs to add up) and the bundled upscalers, as `make run` serves them; a headless
Chromium (Debian's) that may reach nothing but that server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.support.server import ServerProcess

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("IMAGEGATE_TEST_ARTIFACTS", REPO / "tmp" / "artifacts")) / "web"
PRICE = 0.01


def web_catalog(folder: Path) -> Path:
    """The bundled catalog with its model's folder given in full and a price per image."""
    text = (REPO / "models" / "catalog.toml").read_text()
    priced = text.replace('source = "tiny-shapes"', f'source = "{REPO / "models" / "tiny-shapes"}"')
    priced = priced.replace("price = { per_megapixel_step = 0.0 }", f"price = {{ per_image = {PRICE} }}")
    assert priced.count(str(REPO)) == 1 and f"per_image = {PRICE}" in priced, "models/catalog.toml changed shape"
    path = folder / "catalog.toml"
    path.write_text(priced)
    return path


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("web-server")
    catalog = web_catalog(folder)
    proc = ServerProcess(
        folder / "data",
        [catalog, REPO / "models" / "upscalers.toml"],
        env={"IMAGEGATE_CACHE_ENABLED": "false", "IMAGEGATE_SSE_KEEPALIVE_S": "1"},
    ).start()
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Per module: Playwright's sync API holds an event loop while it runs, and the async tests of
    # other modules need theirs.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make web-test-deps` (npm ci in tests/web)")
    return AXE.read_text()

"""The browser pages in a real browser (headless Chromium) that may reach nothing but the server:
/docs renders every operation from the server's own assets, Authorize takes a key and "Try it out"
then works; /redoc renders; / links where to start."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from tests.support.server import ServerProcess

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@dataclass
class Offline:
    page: Page
    elsewhere: list[str] = field(default_factory=list)  # requests refused: not to the server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture
def offline(browser: Browser, server: ServerProcess) -> Iterator[Offline]:
    """A page whose every request elsewhere than the server is refused and recorded."""
    context = browser.new_context()
    result = Offline(context.new_page())
    server_netloc = urlsplit(server.url).netloc

    def only_the_server(route: Route) -> None:
        if urlsplit(route.request.url).netloc == server_netloc:
            route.continue_()
        else:
            result.elsewhere.append(route.request.url)
            route.abort()

    result.page.route("**/*", only_the_server)
    yield result
    context.close()


def test_swagger_ui_offline_with_authorize(offline: Offline, server: ServerProcess) -> None:
    p = offline.page
    key = server.new_key("docs-page")
    p.goto(f"{server.url}/docs")
    p.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "imagegate" in p.inner_text(".swagger-ui .info .title")
    assert p.locator(".opblock").count() >= 60
    # Authorize with the key, then try GET /v1/models from the page.
    p.click("button.authorize")
    dialog = p.locator(".modal-ux")
    bearer = dialog.locator(".auth-container", has_text="bearer")
    bearer.locator("input").fill(key)
    bearer.locator("button.authorize").click()
    dialog.locator("button.close-modal").click()
    models = p.locator("#operations-models-list_models_v1_models_get")
    models.locator(".opblock-summary").click()
    models.locator("button.try-out__btn").click()
    models.locator("button.execute").click()
    status = models.locator(".live-responses-table .response .response-col_status").first
    status.wait_for(timeout=30_000)
    assert status.inner_text().strip() == "200"
    assert offline.elsewhere == []


def test_redoc_offline(offline: Offline, server: ServerProcess) -> None:
    p = offline.page
    p.goto(f"{server.url}/redoc")
    p.wait_for_selector("h1", timeout=30_000)
    assert "imagegate" in p.inner_text("h1")
    assert p.locator("[data-section-id]").count() >= 20
    # Only ReDoc's "powered by" logo lives on its CDN; offline it is just not shown.
    assert all(url.endswith(".svg") for url in offline.elsewhere)


def test_home_page_links_where_to_start(server: ServerProcess) -> None:
    home = httpx.get(f"{server.url}/")
    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
    for link in ('href="/docs"', 'href="/redoc"', 'href="/healthz"', 'href="/readyz"', 'href="/openapi.json"'):
        assert link in home.text
    assert f"{server.url}/v1/jobs" in home.text  # the first-image command names this server
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        assert httpx.get(f"{server.url}/docs-assets/{asset}").status_code == 200

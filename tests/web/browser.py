"""Driving the web app in the tests: a signed-in page that may reach only the server, the
accessibility scan (axe-core, injected into the page) and the screenshot of each page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Route

from tests.support.server import ServerProcess

DESKTOP = {"width": 1280, "height": 900}
BLOCKING = ("serious", "critical")


@dataclass
class App:
    page: Page
    server: ServerProcess
    elsewhere: list[str] = field(default_factory=list)  # requests refused: not to the server
    errors: list[str] = field(default_factory=list)  # uncaught errors in the page, CSP violations

    def go(self, route: str) -> None:
        """Open a page of the app and wait until it has drawn its heading."""
        self.page.goto(f"{self.server.url}/#/{route}")
        self.page.wait_for_function(
            "() => document.activeElement && document.activeElement.tagName === 'H1'", timeout=30_000
        )

    def sign_in(self, key: str) -> None:
        self.page.goto(f"{self.server.url}/")
        self.page.fill("input[name=key]", key)
        self.page.click("form button[type=submit]")
        self.page.wait_for_selector("h1:has-text('Playground')", timeout=30_000)
        self.page.wait_for_selector("select[name=model] option", state="attached")

    def generate(self, prompt: str, **fields: object) -> str:
        """Fill the playground's prompt and fields, run the job, wait for its end; its id."""
        p = self.page
        p.fill("textarea[name=prompt]", prompt)
        for name, value in fields.items():
            p.fill(f"[name={name}]", str(value))
        self.submit()
        return self.wait_for_job()

    def submit(self) -> None:
        """Run the playground's form; returns once the new job is being followed."""
        before = (
            self.page.get_attribute(".progress-panel", "data-job-id")
            if self.page.locator(".progress-panel").count()
            else ""
        )
        self.page.click("form button[type=submit]")
        self.page.wait_for_function(
            "(before) => { const panel = document.querySelector('.progress-panel'); "
            "return panel && panel.dataset.jobId !== before; }",
            arg=before,
            timeout=30_000,
        )

    def wait_for_job(self, status: str = "succeeded") -> str:
        self.page.wait_for_selector(f"#job-status.status-{status}", timeout=60_000)
        return str(self.page.get_attribute(".progress-panel", "data-job-id"))


@contextmanager
def open_app(
    browser: Browser, server: ServerProcess, axe_source: str, *, viewport: dict[str, int] | None = None
) -> Iterator[App]:
    """A fresh browser context (its own session storage) whose requests elsewhere are refused, with
    axe-core in every page (as an init script: the app's Content-Security-Policy allows no inline
    script, and the scan must not need the policy relaxed)."""
    context = browser.new_context(viewport=viewport or DESKTOP)
    context.add_init_script(script=axe_source)
    app = App(context.new_page(), server)
    netloc = urlsplit(server.url).netloc

    def only_the_server(route: Route) -> None:
        if urlsplit(route.request.url).netloc == netloc or route.request.url.startswith(("data:", "blob:")):
            route.fallback()
        else:
            app.elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_server)
    app.page.on("pageerror", lambda error: app.errors.append(str(error)))
    # The policy refuses anything but the server: a refusal means the app tried to reach elsewhere
    # (or used an inline script or style), which must never happen.
    app.page.on(
        "console",
        lambda message: app.errors.append(message.text) if "Content Security Policy" in message.text else None,
    )
    try:
        yield app
        assert app.elsewhere == [], app.elsewhere
        assert app.errors == [], app.errors
    finally:
        context.close()


def check_page(page: Page, artifacts: Path, name: str) -> None:
    """Scan the page as it is now with axe-core (no serious or critical violation may remain) and
    save its screenshot as ``<name>.png``."""
    artifacts.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, { resultTypes: ["violations"] });
            return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
        }"""
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], f"{name}: {blocking}"

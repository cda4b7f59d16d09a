"""The web app in a real browser (Debian's Chromium, headless) against a real server on the bundled
tiny-shapes model: sign-in, the playground (txt2img, progress, reuse, inpaint with a painted mask,
upscale, cancel, errors next to their fields), the gallery, the jobs, the usage dashboard against
/v1/usage, the admin pages, a revoked key, a dropped event stream, a phone-width screen. Every page
is scanned with axe-core and saved as a screenshot (tests/web/conftest.py: ARTIFACTS)."""

from __future__ import annotations

import base64
import io
import json

import httpx
from PIL import Image
from playwright.sync_api import Browser, Request, Route

from tests.support.server import ServerProcess
from tests.web.browser import check_page, open_app
from tests.web.conftest import ARTIFACTS, PRICE


def api_job(server: ServerProcess, key: str, job_id: str) -> dict:
    with server.client(key) as client:
        response = client.get(f"/v1/jobs/{job_id}")
        response.raise_for_status()
        return dict(response.json())


def test_sign_in_refuses_a_wrong_key_and_sign_out_forgets(
    browser: Browser, web_server: ServerProcess, axe_source: str
) -> None:
    key = web_server.new_key("web-sign-in")
    with open_app(browser, web_server, axe_source) as app:
        p = app.page
        p.goto(f"{web_server.url}/")
        p.wait_for_selector("h1:has-text('Sign in')")
        assert p.is_visible("#start a[href='/docs']")  # where to start, for a person without a key
        check_page(p, ARTIFACTS, "signin")
        p.fill("input[name=key]", "ig_not_a_key")
        p.click("form button[type=submit]")
        p.wait_for_selector(".alert:has-text('refused')")
        assert p.get_attribute("input[name=key]", "aria-invalid") == "true"
        # Keyboard: the skip link comes first and moves focus to the page's heading.
        first = "() => document.querySelector('a[href], button, input, select, textarea').className"
        assert p.evaluate(first) == "skip"
        p.focus(".skip")
        p.keyboard.press("Enter")
        assert p.evaluate("document.activeElement.tagName") == "H1"
        app.sign_in(key)
        assert p.evaluate("sessionStorage.getItem('imagegate.key')") == key
        assert not p.is_visible("[data-admin] a")  # not an admin key: no admin links
        p.click("#sign-out")
        p.wait_for_selector("h1:has-text('Sign in')")
        assert p.evaluate("sessionStorage.getItem('imagegate.key')") is None
        p.goto(f"{web_server.url}/#/gallery")  # signed out, every page leads to sign-in
        p.wait_for_selector("h1:has-text('Sign in')")


def test_txt2img_with_moving_progress_then_reuse_its_settings(
    browser: Browser, web_server: ServerProcess, axe_source: str
) -> None:
    key = web_server.new_key("web-txt2img")
    with open_app(browser, web_server, axe_source) as app:
        p = app.page
        app.sign_in(key)
        assert "0.0100 USD" in p.inner_text(".model-info")  # the price, before running
        p.fill("[name=num_inference_steps]", "100")
        p.fill("[name=num_images]", "2")
        assert p.inner_text(".cost") == f"Estimated cost: {2 * PRICE:.4f} USD"
        # Record every value the progress bar shows while the job runs.
        p.evaluate(
            """() => { window.seen = []; setInterval(() => {
                const bar = document.getElementById('job-progress'); if (bar) seen.push(bar.value); }, 5); }"""
        )
        job_id = app.generate("a small red circle in the top left on a blue background")
        seen = p.evaluate("window.seen")
        assert any(0 < value < 100 for value in seen), seen
        assert seen == sorted(seen) and seen[-1] == 100
        job = api_job(web_server, key, job_id)
        assert job["status"] == "succeeded" and job["params"]["num_inference_steps"] == 100
        images = p.locator(".results img")
        assert images.count() == 2
        assert p.evaluate("[...document.querySelectorAll('.results img')].every(i => i.naturalWidth === 64)")
        assert f"{job['cost']:.4f} USD" in p.inner_text("dl.params")
        check_page(p, ARTIFACTS, "playground")

        # Reuse: a new form with the job's settings and its seed, fixed.
        p.fill("textarea[name=prompt]", "something else")
        p.fill("[name=num_inference_steps]", "")
        p.click("button:has-text('Reuse settings')")
        assert p.input_value("textarea[name=prompt]") == job["params"]["prompt"]
        assert p.input_value("[name=num_inference_steps]") == "100"
        assert p.is_checked("[name=seed_mode][value=fixed]")
        assert p.input_value("[name=seed]") == str(job["seeds"][0])
        again = app.generate(job["params"]["prompt"])
        assert api_job(web_server, key, again)["seeds"] == job["seeds"]


def test_errors_show_next_to_the_field_they_name(browser: Browser, web_server: ServerProcess, axe_source: str) -> None:
    with open_app(browser, web_server, axe_source) as app:
        p = app.page
        app.sign_in(web_server.new_key("web-errors"))
        p.fill("textarea[name=prompt]", "a blue square")
        p.fill("[name=num_inference_steps]", "1000")
        p.click("form button[type=submit]")
        error = p.locator("[data-field=num_inference_steps] .field-error")
        error.wait_for()
        assert "150" in error.inner_text()
        steps = p.locator("[name=num_inference_steps]")
        assert steps.get_attribute("aria-invalid") == "true"
        assert error.get_attribute("id") in (steps.get_attribute("aria-describedby") or "")
        assert p.evaluate("document.activeElement.name") == "num_inference_steps"
        assert "fields need fixing" in p.inner_text("form .alert")
        check_page(p, ARTIFACTS, "playground-error")
        # Fixed, it runs, and the message goes away.
        p.fill("[name=num_inference_steps]", "5")
        app.generate("a blue square")
        assert p.locator(".field-error").count() == 0


def test_paint_a_mask_and_inpaint_then_upscale(browser: Browser, web_server: ServerProcess, axe_source: str) -> None:
    key = web_server.new_key("web-inpaint")
    with open_app(browser, web_server, axe_source) as app:
        p = app.page
        app.sign_in(key)
        app.generate("a green triangle on a white background")
        p.click(".results button:has-text('Send to inpaint')")
        p.wait_for_selector("fieldset[name=mask_image] canvas")
        assert p.input_value("select[name=task]") == "inpaint"
        canvas = p.locator("fieldset[name=mask_image] canvas")
        p.wait_for_function("() => document.querySelector('fieldset[name=mask_image] canvas').width === 64")
        canvas.scroll_into_view_if_needed()
        count = """() => {
            const c = document.querySelector('fieldset[name=mask_image] canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
        # Paint the left half's middle with the mouse; then erase a bit, clear, paint again.
        box = canvas.bounding_box()
        assert box is not None
        p.mouse.move(box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.5)
        p.mouse.down()
        p.mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.5, steps=5)
        p.mouse.up()
        assert p.evaluate(count) > 0
        p.click("button:has-text('Clear mask')")
        assert p.evaluate(count) == 0
        p.mouse.move(box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.5)
        p.mouse.down()
        p.mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.5, steps=5)
        p.mouse.up()
        # From the keyboard: focus the canvas, move the brush right, paint with Space.
        canvas.focus()
        before = p.evaluate(count)
        for _ in range(6):
            p.keyboard.press("ArrowRight")
        p.keyboard.press("Space")
        assert p.evaluate(count) > before
        check_page(p, ARTIFACTS, "playground-inpaint")

        p.fill("textarea[name=prompt]", "a red circle")
        with p.expect_request(lambda r: r.url.endswith("/v1/jobs") and r.method == "POST") as sent:
            app.submit()
        body = json.loads(sent.value.post_data or "{}")
        assert body["task"] == "inpaint" and body["init_image"].startswith("data:image/png;base64,")
        mask = Image.open(io.BytesIO(base64.b64decode(body["mask_image"].split(",", 1)[1]))).convert("L")
        assert mask.size == (64, 64)
        assert mask.getpixel((16, 32)) == 255  # painted with the mouse
        assert mask.getpixel((60, 4)) == 0 and mask.getpixel((4, 60)) == 0  # never painted
        inpainted = app.wait_for_job()
        assert api_job(web_server, key, inpainted)["task"] == "inpaint"

        # Upscale the inpainted image: the bundled Real-ESRGAN, ×4.
        p.click(".results button:has-text('Send to upscale')")
        p.wait_for_function("() => document.querySelector('select[name=task]').value === 'upscale'")
        p.wait_for_selector("[data-image=image] img")
        assert p.is_visible("[name=scale]") and not p.is_visible("textarea[name=prompt]")
        app.submit()
        upscaled = api_job(web_server, key, app.wait_for_job())
        assert upscaled["task"] == "upscale" and upscaled["images"][0]["width"] == 256
        assert p.evaluate("document.querySelector('.results img').naturalWidth") == 256


def test_cancel_a_long_job_and_see_it_in_jobs(browser: Browser, web_server: ServerProcess, axe_source: str) -> None:
    key = web_server.new_key("web-cancel")
    with open_app(browser, web_server, axe_source) as app:
        p = app.page
        app.sign_in(key)
        p.fill("textarea[name=prompt]", "a yellow square")
        p.fill("[name=num_inference_steps]", "100")
        p.fill("[name=num_images]", "16")
        app.submit()
        p.wait_for_selector("#job-status:has-text('Step')", timeout=60_000)
        job_id = str(p.get_attribute(".progress-panel", "data-job-id"))
        p.click("#cancel-job")
        app.wait_for_job("canceled")
        assert api_job(web_server, key, job_id)["status"] == "canceled"
        assert p.locator(".results img").count() == 0

        app.go("jobs")
        p.select_option("select[name=status]", "canceled")
        p.wait_for_selector(f"td:has-text('{job_id}')")
        assert p.locator("tbody tr").count() == 1
        check_page(p, ARTIFACTS, "jobs")


def test_a_dropped_event_stream_resumes_after_the_last_event(
    browser: Browser, web_server: ServerProcess, axe_source: str
) -> None:
    key = web_server.new_key("web-resume")
    with open_app(browser, web_server, axe_source) as app:
        p = app.page
        app.sign_in(key)
        asked: list[dict[str, str]] = []

        def drop_the_first(route: Route, request: Request) -> None:
            asked.append(request.headers)
            if len(asked) > 1:
                route.fallback()
                return
            # The real stream, cut after its first two events, as a connection that drops.
            full = route.fetch(timeout=60_000).text()
            blocks = [b for b in full.split("\n\n") if "data:" in b]
            route.fulfill(status=200, content_type="text/event-stream", body="\n\n".join(blocks[:2]) + "\n\n")

        p.route("**/v1/jobs/*/events", drop_the_first)
        job_id = app.generate("a purple circle", num_inference_steps=20)
        assert len(asked) == 2
        assert "last-event-id" not in asked[0] and asked[1]["last-event-id"] == "2"
        assert p.locator(".results img").count() == 1
        assert api_job(web_server, key, job_id)["status"] == "succeeded"


def test_gallery_newest_first_page_by_page_open_and_reuse(
    browser: Browser, web_server: ServerProcess, axe_source: str
) -> None:
    key = web_server.new_key("web-gallery")
    with web_server.client(key) as client:
        ids = []
        for prompt, n in (("a red square", 12), ("a blue circle", 1)):
            response = client.post("/v1/jobs", json={"prompt": prompt, "num_images": n}, headers={"Prefer": "wait=30"})
            assert response.status_code == 200
            ids.append(response.json()["id"])
    newest = api_job(web_server, key, ids[-1])
    with open_app(browser, web_server, axe_source) as app:
        p = app.page
        app.sign_in(key)
        app.go("gallery")
        tiles = p.locator(".gallery button.tile")
        tiles.first.wait_for()
        assert tiles.count() == 12  # a page: the newest job's image, then 11 of the older job's 12
        assert "a blue circle" in tiles.first.inner_text() and "a red square" in tiles.nth(1).inner_text()
        check_page(p, ARTIFACTS, "gallery")
        p.click("button:has-text('Older images')")
        p.wait_for_function("() => document.querySelectorAll('.gallery button.tile').length === 1")
        assert "a red square" in tiles.first.inner_text() and p.is_disabled("button:has-text('Older images')")
        p.click("button:has-text('Newer images')")
        p.wait_for_function("() => document.querySelectorAll('.gallery button.tile').length === 12")
        tiles.first.click()
        dialog = p.locator("dialog[open]")
        dialog.wait_for()
        text = dialog.inner_text()
        assert str(newest["seeds"][0]) in text and f"{newest['cost']:.4f} USD" in text and "compute" in text
        download = str(dialog.locator("a:has-text('Download')").get_attribute("href"))
        assert download.split("?")[0] == newest["images"][0]["url"].split("?")[0]  # a fresh signed URL
        check_page(p, ARTIFACTS, "gallery-image")
        dialog.locator("button:has-text('Reuse settings')").click()
        p.wait_for_selector("h1:has-text('Playground')")
        p.wait_for_function(f"() => document.querySelector('[name=seed]').value === '{newest['seeds'][0]}'")
        assert p.input_value("textarea[name=prompt]") == "a blue circle"

        # An image of the gallery, sent on to img2img.
        app.go("gallery")
        tiles.nth(3).click()
        p.locator("dialog[open] button:has-text('Send to img2img')").click()
        p.wait_for_selector("[data-image=init_image] img")
        assert p.input_value("select[name=task]") == "img2img" and p.is_visible("[name=strength]")
        p.fill("[name=strength]", "0.5")
        made = api_job(web_server, key, app.generate("a red circle"))
        assert made["task"] == "img2img" and made["params"]["strength"] == 0.5
        assert made["params"]["init_image"].startswith("blob:")


def test_usage_dashboard_numbers_equal_the_api(browser: Browser, web_server: ServerProcess, axe_source: str) -> None:
    key = web_server.new_key("web-usage")
    with web_server.client(key) as client:
        for n in (1, 2, 3):
            response = client.post(
                "/v1/jobs", json={"prompt": "a white triangle", "num_images": n}, headers={"Prefer": "wait=30"}
            )
            assert response.json()["status"] == "succeeded"
        by_day = client.get("/v1/usage", params={"group_by": "day"}).json()
        by_model = client.get("/v1/usage", params={"group_by": "model"}).json()
    assert by_day["total"]["images"] == 6
    with open_app(browser, web_server, axe_source) as app:
        p = app.page
        app.sign_in(key)
        app.go("usage")
        p.wait_for_selector("#chart-images")
        charts = p.evaluate(
            """() => Object.fromEntries(['chart-images', 'chart-cost', 'chart-models'].map((id) => {
                const chart = Chart.getChart(document.getElementById(id));
                return [id, { labels: chart.data.labels, data: chart.data.datasets.map((d) => d.data) }];
            }))"""
        )
        assert charts["chart-images"]["labels"] == [r["day"] for r in by_day["data"]]
        assert charts["chart-images"]["data"] == [
            [r["images"] for r in by_day["data"]],
            [r["errors"] for r in by_day["data"]],
        ]
        assert charts["chart-cost"]["data"] == [[r["cost"] for r in by_day["data"]]]
        assert charts["chart-models"]["labels"] == [r["model"] for r in by_model["data"]]
        assert charts["chart-models"]["data"] == [[r["images"] for r in by_model["data"]]]
        totals = p.inner_text("#usage-totals")
        assert "6" in totals and f"{6 * PRICE:.4f} USD" in totals
        assert "By key" not in p.inner_text("main")  # a key sees its own usage only
        check_page(p, ARTIFACTS, "usage")


def test_admin_creates_and_revokes_a_key_and_the_revoked_key_is_signed_out(
    browser: Browser, web_server: ServerProcess, axe_source: str
) -> None:
    with open_app(browser, web_server, axe_source) as admin, open_app(browser, web_server, axe_source) as user:
        a = admin.page
        admin.sign_in(web_server.admin_key)
        assert a.is_visible("[data-admin] a:has-text('Keys')")
        admin.go("admin/keys")
        a.fill("input[name=name]", "made-in-the-browser")
        a.click("form button[type=submit]")
        a.wait_for_selector("#new-key")
        new_key = a.inner_text("#new-key").strip()
        assert new_key.startswith("ig_")
        assert (
            httpx.get(f"{web_server.url}/v1/limits", headers={"Authorization": f"Bearer {new_key}"}).status_code == 200
        )
        check_page(a, ARTIFACTS, "admin-keys")

        user.sign_in(new_key)  # the key's holder, signed in in another browser
        a.once("dialog", lambda dialog: dialog.accept())
        a.click("button:has-text('Revoke made-in-the-browser')")
        a.wait_for_selector("tr:has-text('made-in-the-browser') td:has-text('revoked')")
        assert (
            httpx.get(f"{web_server.url}/v1/limits", headers={"Authorization": f"Bearer {new_key}"}).status_code == 401
        )

        u = user.page
        u.click("nav a:has-text('Gallery')")
        u.wait_for_selector("h1:has-text('Sign in')")
        assert "revoked" in u.inner_text("form .alert")
        assert u.evaluate("sessionStorage.getItem('imagegate.key')") is None

        for page in ("admin/policies", "admin/webhooks", "admin/catalog"):
            admin.go(page)
            check_page(a, ARTIFACTS, page.replace("/", "-"))
        assert "realesr-animevideov3" in a.inner_text("main")


def test_admin_pages_refuse_a_key_without_the_admin_scope(
    browser: Browser, web_server: ServerProcess, axe_source: str
) -> None:
    with open_app(browser, web_server, axe_source) as app:
        p = app.page
        app.sign_in(web_server.new_key("web-not-admin"))
        for page in ("admin/keys", "admin/policies", "admin/webhooks", "admin/catalog"):
            app.go(page)
            refusal = p.locator("#refused")
            refusal.wait_for()
            assert "admin" in refusal.inner_text()
            assert p.locator("main table, main form").count() == 0
        check_page(p, ARTIFACTS, "admin-refused")


def test_phone_width(browser: Browser, web_server: ServerProcess, axe_source: str) -> None:
    with open_app(browser, web_server, axe_source, viewport={"width": 390, "height": 844}) as app:
        p = app.page
        app.sign_in(web_server.new_key("web-phone"))
        app.generate("an orange square")
        assert p.evaluate("document.documentElement.scrollWidth") <= 390
        assert p.is_visible("nav a:has-text('Usage')")
        check_page(p, ARTIFACTS, "playground-phone")
        app.go("usage")
        p.wait_for_selector("#chart-images")
        assert p.evaluate("document.documentElement.scrollWidth") <= 390
        check_page(p, ARTIFACTS, "usage-phone")

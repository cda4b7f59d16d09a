"""The pages a person opens in a browser: ``/`` (where to start), ``/docs`` (Swagger UI: try every
operation, with a key entered once under Authorize) and ``/redoc``. Their scripts and styles come
from the installed ``fastapi-offline`` package and are served here, never from a CDN: the docs work
on a machine with no network, like the rest of the server."""

from __future__ import annotations

import html
from importlib import resources

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from imagegate import __version__

ASSETS = "/docs-assets"
TITLE = "imagegate API"

router = APIRouter(include_in_schema=False)


def mount_assets(app: FastAPI) -> None:
    """Serve Swagger UI's and ReDoc's files (from the installed package) under ``ASSETS``."""
    folder = resources.files("fastapi_offline") / "static"
    app.mount(ASSETS, StaticFiles(directory=str(folder)), name="docs-assets")


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    root = _root(request)
    return get_swagger_ui_html(
        openapi_url=f"{root}/openapi.json",
        title=TITLE,
        swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS}/favicon.png",
        # The key entered under Authorize survives a reload of the page.
        swagger_ui_parameters={"persistAuthorization": True, "displayRequestDuration": True},
    )


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    root = _root(request)
    return get_redoc_html(
        openapi_url=f"{root}/openapi.json",
        title=TITLE,
        redoc_js_url=f"{root}{ASSETS}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{ASSETS}/favicon.png",
        with_google_fonts=False,
    )


@router.get("/")
async def home(request: Request) -> HTMLResponse:
    """Where to start: the docs, the probes, and a first image in one command."""
    root = html.escape(_root(request))
    base = html.escape(str(request.base_url).rstrip("/"))
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>imagegate</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="{root}{ASSETS}/favicon.png">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222 }}
pre {{ background: #f4f4f4; padding: .8rem; overflow-x: auto; border-radius: 4px }}
code {{ font-size: .9em }} h1 small {{ font-size: .5em; color: #777 }}
</style></head>
<body>
<h1>imagegate <small>{html.escape(__version__)}</small></h1>
<p>One API for every image model: local diffusers pipelines and hosted providers, as durable jobs.</p>
<ul>
<li><a href="{root}/docs">API reference (Swagger UI)</a>: every operation; <em>Authorize</em> with your API key
to try them here.</li>
<li><a href="{root}/redoc">API reference (ReDoc)</a> · <a href="{root}/openapi.json">OpenAPI document</a></li>
<li>Probes: <a href="{root}/healthz">/healthz</a> (the process is up), <a href="{root}/readyz">/readyz</a>
(it can serve), <a href="{root}/metrics">/metrics</a> (Prometheus)</li>
</ul>
<h2>A first image</h2>
<pre><code>curl -s {base}/v1/jobs -H "Authorization: Bearer $IMAGEGATE_API_KEY" \\
  -H "Content-Type: application/json" -H "Prefer: wait=30" \\
  -d '{{"prompt": "a red circle on a blue background"}}'</code></pre>
<p>The answer lists the job's images with signed URLs. From the command line, with a progress bar:</p>
<pre><code>imagegate generate "a red circle on a blue background" -o first.png</code></pre>
<p>The same API answers the OpenAI (<code>/v1/images/…</code>), ModelsLab (<code>/api/v6/…</code>) and
AUTOMATIC1111 (<code>/sdapi/v1/…</code>) dialects: their clients work with the base URL changed.</p>
</body></html>"""
    return HTMLResponse(page)

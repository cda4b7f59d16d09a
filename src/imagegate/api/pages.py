"""The pages a person opens in a browser: ``/`` (the web app, ``imagegate.web``), ``/docs`` (Swagger UI: try every
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
from imagegate.web import index_html, static_files

ASSETS = "/docs-assets"
APP_ASSETS = "/web"
TITLE = "imagegate API"
# The app may load and call this server only: a page that tried to reach anywhere else would be
# refused by the browser (images also from data: and blob: URLs, which the mask painter makes).
APP_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; script-src 'self'; "
    "style-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)

router = APIRouter(include_in_schema=False)


def mount_assets(app: FastAPI) -> None:
    """Serve Swagger UI's and ReDoc's files (from the installed package) under ``ASSETS``, and the
    web app's under ``APP_ASSETS``."""
    folder = resources.files("fastapi_offline") / "static"
    app.mount(ASSETS, StaticFiles(directory=str(folder)), name="docs-assets")
    app.mount(APP_ASSETS, StaticFiles(directory=str(static_files())), name="web-assets")


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
    """The web app (``imagegate.web``): sign in, playground, gallery, jobs, usage, admin; signed out,
    where to start (the docs, the probes, a first image in one command)."""
    page = index_html().replace("{{root}}", html.escape(_root(request)))
    page = page.replace("{{base}}", html.escape(str(request.base_url).rstrip("/")))
    page = page.replace("{{version}}", html.escape(__version__))
    return HTMLResponse(page, headers={"Content-Security-Policy": APP_POLICY, "Cache-Control": "no-cache"})

"""The app with every dialect mounted builds a clean OpenAPI document (warnings are errors here)."""

from __future__ import annotations

from imagegate.api.app import build_app
from imagegate.config import load_settings


def test_app_builds_its_openapi_document_without_warnings() -> None:
    spec = build_app(load_settings(catalog=[], env="test")).openapi()
    assert "/api/v5/images/fetch/{request_id}" in spec["paths"] and "/sdapi/v1/options" in spec["paths"]
    assert "/v1/images/generations" in spec["paths"]

"""The OpenAPI document says what the server answers: each operation's errors in its surface's shape
and media type (``api/openapi.py``), and a 405 names the allowed methods in ``Allow``. The fuzz run
(``test_fuzz.py``) checks the same against a real server; these tests pin the rules down fast."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from imagegate.api.app import build_app
from imagegate.config import load_settings


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return build_app(load_settings(catalog=[], env="test")).openapi()


def errors(spec: dict[str, Any], method: str, path: str) -> dict[str, str]:
    """status -> the one media type documented for it, for every 4xx/5xx of the operation."""
    responses = spec["paths"][path][method]["responses"]
    out = {}
    for status, response in responses.items():
        if int(status) >= 400:
            (media_type,) = response["content"]
            out[status] = media_type
    return out


def schema_of(spec: dict[str, Any], method: str, path: str, status: str) -> str:
    (content,) = spec["paths"][path][method]["responses"][status]["content"].values()
    return str(content["schema"]["$ref"]).rsplit("/", 1)[-1]


def test_every_error_names_its_surface_media_type_and_shape(spec: dict[str, Any]) -> None:
    surfaces = {
        "/v1/images/generations": ("application/json", "OpenAIError"),
        "/v1/images/edits": ("application/json", "OpenAIError"),
        "/v1/images/variations": ("application/json", "OpenAIError"),
        "/api/": ("application/json", "ModelslabError"),
        "/sdapi/": ("application/json", "A1111Error"),
    }
    for path, operations in spec["paths"].items():
        expected = next((v for p, v in surfaces.items() if path.startswith(p)), ("application/problem+json", "Problem"))
        for method in operations:
            found = errors(spec, method, path)
            assert found, f"{method} {path} documents no error"
            assert set(found.values()) == {expected[0]}, (method, path, found)
            assert {schema_of(spec, method, path, s) for s in found} == {expected[1]}, (method, path)
    for name in ("Problem", "OpenAIError", "ModelslabError", "A1111Error"):
        assert name in spec["components"]["schemas"]


def test_statuses_follow_what_each_surface_renders(spec: dict[str, Any]) -> None:
    native = errors(spec, "post", "/v1/jobs")
    assert {"400", "401", "402", "403", "413", "422", "429", "500", "503"} <= set(native)
    # OpenAI answers 400 where imagegate says 422, and 404 for an unknown model.
    openai = errors(spec, "post", "/v1/images/generations")
    assert {"400", "401", "403", "404", "413", "429"} <= set(openai) and "422" not in openai
    modelslab = errors(spec, "post", "/api/v6/images/text2img")
    assert {"400", "401", "402", "403", "429"} <= set(modelslab) and "422" not in modelslab
    assert {"400", "413", "422"} <= set(errors(spec, "post", "/sdapi/v1/txt2img"))
    # Rate limits carry Retry-After; an authentication error says how to authenticate.
    headers = spec["paths"]["/v1/jobs"]["post"]["responses"]["429"]["headers"]
    assert "Retry-After" in headers
    assert "Www-Authenticate" in spec["paths"]["/v1/jobs"]["post"]["responses"]["401"]["headers"]


def test_statuses_follow_what_each_operation_does(spec: dict[str, Any]) -> None:
    assert set(errors(spec, "get", "/healthz")) == {"500"}  # no key, no services, no input
    assert "401" not in errors(spec, "get", "/readyz")
    models = errors(spec, "get", "/v1/models")
    assert "401" in models and not {"403", "404", "422", "429"} & set(models)
    assert "403" in errors(spec, "get", "/v1/keys")  # an admin action
    assert "404" in errors(spec, "get", "/v1/jobs/{job_id}") and "409" in errors(spec, "delete", "/v1/jobs/{job_id}")
    signed = errors(spec, "get", "/v1/images/{image_id}/converted/{output_format}")
    assert {"403", "404", "422"} <= set(signed) and "401" not in signed  # the signature is the credential
    assert "401" in errors(spec, "get", "/v1/images/{image_id}/content")  # signature or the owner's key
    # FastAPI's own 422 (HTTPValidationError) is not what the handlers answer.
    assert schema_of(spec, "get", "/v1/jobs/{job_id}", "422") == "Problem"


@pytest.mark.parametrize(
    ("method", "path", "allow", "shape"),
    [
        ("PUT", "/sdapi/v1/options", "GET, POST", "error"),  # two routes share the path
        ("DELETE", "/v1/keys", "GET, POST", "type"),
        ("PUT", "/v1/jobs/job_1", "DELETE, GET", "type"),
        ("GET", "/api/v6/images/text2img", "POST", "status"),
        ("OPTIONS", "/v1/images/generations", "POST", "error"),  # not the image route's GET
    ],
)
async def test_405_names_the_allowed_methods(method: str, path: str, allow: str, shape: str) -> None:
    app = build_app(load_settings(catalog=[], env="test"))  # routing answers before any service is needed
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        response = await client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert shape in response.json()


def test_every_operation_is_described_and_says_how_keys_are_sent(spec: dict[str, Any]) -> None:
    operations = {f"{m.upper()} {p}": o for p, ops in spec["paths"].items() for m, o in ops.items()}
    assert [op for op, o in operations.items() if not o.get("summary") or not o.get("description")] == []
    assert set(spec["components"]["securitySchemes"]) == {"bearer", "basic", "modelslabKey"}
    assert operations["POST /v1/jobs"]["security"] == [{"bearer": []}]
    assert operations["POST /sdapi/v1/txt2img"]["security"] == [{"bearer": []}, {"basic": []}]
    assert operations["POST /api/v6/images/text2img"]["security"] == [{"modelslabKey": []}, {"bearer": []}]
    assert {} in operations["GET /v1/images/{image_id}/content"]["security"]  # a signed link needs no key
    assert "security" not in operations["GET /healthz"]


def test_bodies_read_by_hand_are_documented(spec: dict[str, Any]) -> None:
    edits = spec["paths"]["/v1/images/edits"]["post"]["requestBody"]["content"]
    multipart = edits["multipart/form-data"]["schema"]["properties"]
    assert multipart["image"] == {"type": "string", "format": "binary"} and "prompt" in multipart
    assert "images" in edits["application/json"]["schema"]["properties"]
    variations = spec["paths"]["/v1/images/variations"]["post"]["requestBody"]["content"]
    assert "image" in variations["multipart/form-data"]["schema"]["properties"]
    fetch = spec["paths"]["/api/v6/{family}/fetch"]["post"]["requestBody"]["content"]["application/json"]
    assert "request_id" in fetch["schema"]["properties"]

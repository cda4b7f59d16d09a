"""Every bad input to POST /v1/jobs gets a clear 4xx naming the field, and creates nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.server import ServerProcess


@pytest.fixture(scope="module")
def client(server: ServerProcess) -> Iterator[httpx.Client]:
    with server.client(server.new_key("validation")) as c:
        yield c
        # Nothing that was refused left a job behind.
        assert c.get("/v1/jobs").json()["data"] == []


def post(client: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return client.post("/v1/jobs", json={"prompt": "a red circle", **body})


def assert_field_error(response: httpx.Response, field: str, status: int = 422, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == status
    assert field in [e["field"] for e in problem["errors"]], problem
    assert field in problem["detail"]
    if code:
        assert problem["code"] == code


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"width": 65}, "width"),
        ({"height": 100}, "height"),
        ({"width": 0}, "width"),
        ({"height": -64}, "height"),
        ({"width": 8200}, "width"),
        ({"num_inference_steps": 0}, "num_inference_steps"),
        ({"num_inference_steps": 151}, "num_inference_steps"),
        ({"guidance_scale": -1}, "guidance_scale"),
        ({"guidance_scale": 31}, "guidance_scale"),
        ({"prompt": None}, "prompt"),  # an empty prompt is fine on a local model; a missing one is not
        ({"prompt": "x" * 4001}, "prompt"),
        ({"prompt": "red\x00circle"}, "prompt"),
        ({"num_images": 0}, "num_images"),
        ({"num_images": 17}, "num_images"),
        ({"seed": -1}, "seed"),
        ({"width": "wide"}, "width"),
        ({"num_images": 1.5}, "num_images"),
        ({"prompt": 42}, "prompt"),
        ({"response_format": "gif"}, "response_format"),
        ({"task": "paint"}, "task"),
    ],
)
def test_out_of_range_and_wrong_types(client: httpx.Client, body: dict[str, Any], field: str) -> None:
    assert_field_error(post(client, body), field)


def test_model_limits(client: httpx.Client) -> None:
    # The catalog caps the tiny models at 1024 px and 4 images per job.
    assert_field_error(post(client, {"width": 2048}), "width")
    assert_field_error(post(client, {"height": 1032}), "height")
    assert_field_error(post(client, {"num_images": 5}), "num_images")


def test_unknown_model(client: httpx.Client) -> None:
    assert_field_error(post(client, {"model": "no-such-model"}), "model", code="unknown_model")


def test_task_the_model_cannot_do(client: httpx.Client) -> None:
    response = client.post("/v1/jobs", json={"task": "upscale", "image": "aGVsbG8="})
    assert_field_error(response, "task", code="task_not_supported")
    body = {"task": "img2img", "init_image": "aGVsbG8=", "model": "tiny-sd1"}
    assert_field_error(post(client, body), "task", code="task_not_supported")


def test_family_size_multiple(client: httpx.Client) -> None:
    assert_field_error(post(client, {"model": "tiny-flux", "width": 72}), "width")


def test_tiling_needs_a_unet_family(client: httpx.Client) -> None:
    assert_field_error(post(client, {"model": "tiny-flux", "tiling": True}), "tiling")


def test_unknown_scheduler(client: httpx.Client) -> None:
    assert_field_error(post(client, {"scheduler": "Foo Bar"}), "scheduler", code="unknown_scheduler")
    # A UNet sampler on a flow-matching family is refused too.
    assert_field_error(post(client, {"model": "tiny-flux", "scheduler": "DPM++ 2M Karras"}), "scheduler")


def test_unknown_fields_are_named(client: httpx.Client) -> None:
    response = post(client, {"steps": 20, "cfg": 7, "colour": "red"})
    assert_field_error(response, "steps")
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "did you mean num_inference_steps?" in messages["steps"]  # other APIs' names are pointed home
    assert "did you mean guidance_scale?" in messages["cfg"]
    assert messages["colour"] == "unknown field; remove it (GET /docs lists the accepted fields)"


def test_malformed_json(client: httpx.Client) -> None:
    response = client.post("/v1/jobs", content=b'{"prompt": "a red', headers={"content-type": "application/json"})
    assert_field_error(response, "body", status=400, code="malformed_body")


def test_body_must_be_an_object(client: httpx.Client) -> None:
    response = client.post("/v1/jobs", json=["a red circle"])
    assert response.status_code == 422


def test_bad_idempotency_key(client: httpx.Client) -> None:
    response = client.post("/v1/jobs", json={"prompt": "x"}, headers={"Idempotency-Key": "k" * 300})
    assert_field_error(response, "Idempotency-Key")


def test_bad_list_parameters(client: httpx.Client) -> None:
    assert_field_error(client.get("/v1/jobs", params={"status": "done"}), "status")
    assert_field_error(client.get("/v1/jobs", params={"cursor": "%%%"}), "cursor")
    assert_field_error(client.get("/v1/jobs", params={"limit": 0}), "limit")
    assert_field_error(client.get("/v1/jobs", params={"limit": 101}), "limit")

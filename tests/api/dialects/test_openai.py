"""The OpenAI Images dialect through a real server, driven by the official ``openai`` package."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator

import httpx
import numpy as np
import openai
import pytest
from PIL import Image

from tests.api.dialects.conftest import decode_image, native_job, png_bytes
from tests.support.server import ServerProcess

PROMPT = "a red circle on a blue background"


@pytest.fixture(scope="module")
def key(dialect_server: ServerProcess) -> str:
    return dialect_server.new_key("openai")


@pytest.fixture(scope="module")
def client(dialect_server: ServerProcess, key: str) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{dialect_server.url}/v1", api_key=key, max_retries=0, timeout=120) as c:
        yield c


def test_generate_b64_json(client: openai.OpenAI, dialect_server: ServerProcess, key: str) -> None:
    raw = client.images.with_raw_response.generate(
        prompt=PROMPT, model="dall-e-3", size="64x64", response_format="b64_json", quality="low"
    )
    result = raw.parse()
    assert isinstance(result.created, int) and len(result.data) == 1
    image = decode_image(base64.b64decode(result.data[0].b64_json or ""))
    assert image.format == "PNG" and image.size == (64, 64)
    assert result.data[0].revised_prompt == PROMPT and result.size == "64x64" and result.output_format == "png"
    assert result.usage is not None and result.usage.total_tokens == 0
    # The same job through the native API; the alias resolved to a catalog model, quality to steps.
    job = native_job(dialect_server, key, raw.headers["x-imagegate-job-id"])
    assert job["status"] == "succeeded" and job["model"] == "tiny-sd1"
    assert job["params"]["num_inference_steps"] == 1 and job["cost"] > 0  # low = half the default 2 steps


def test_generate_url_and_output_formats(client: openai.OpenAI) -> None:
    result = client.images.generate(prompt=PROMPT, model="dall-e-3", size="64x64", n=2, response_format="url")
    assert len(result.data) == 2 and all(d.b64_json is None for d in result.data)
    for item in result.data:
        response = httpx.get(item.url or "")  # signed: no key needed
        assert response.status_code == 200 and decode_image(response.content).format == "PNG"
    jpeg = client.images.generate(
        prompt=PROMPT, size="64x64", response_format="url", output_format="jpeg", output_compression=40
    )
    response = httpx.get(jpeg.data[0].url or "")
    assert response.headers["content-type"] == "image/jpeg" and decode_image(response.content).format == "JPEG"
    assert jpeg.output_format == "jpeg"
    webp = client.images.generate(prompt=PROMPT, size="64x64", model="gpt-image-1", output_format="webp")
    assert decode_image(base64.b64decode(webp.data[0].b64_json or "")).format == "WEBP"  # gpt-image: base64


def test_errors_raise_the_right_sdk_exceptions(dialect_server: ServerProcess) -> None:
    key = dialect_server.new_key("openai-errors")
    with openai.OpenAI(base_url=f"{dialect_server.url}/v1", api_key=key, max_retries=0) as client:
        cases = [
            ({"size": "65x64"}, "size"),
            ({"size": "huge"}, "size"),
            ({"n": 11}, "n"),
            ({"background": "transparent"}, "background"),
            ({"output_format": "png", "output_compression": 50}, "output_compression"),
            ({"extra_body": {"frame_count": 4}}, "frame_count"),
            ({"size": "2048x2048"}, "size"),  # over the model's limit
        ]
        for kwargs, param in cases:
            with pytest.raises(openai.BadRequestError) as caught:
                client.images.generate(prompt=PROMPT, **kwargs)  # type: ignore[arg-type]
            assert caught.value.status_code == 400 and caught.value.param == param, (kwargs, caught.value.body)
            assert caught.value.type == "invalid_request_error"
        with pytest.raises(openai.NotFoundError) as not_found:
            client.images.generate(prompt=PROMPT, model="dall-e-1")
        assert not_found.value.code == "model_not_found" and not_found.value.param == "model"
        assert "IMAGEGATE_MODEL_ALIASES" in not_found.value.message
        # Nothing that was refused left a job behind.
        with dialect_server.client(key) as native:
            assert native.get("/v1/jobs").json()["data"] == []
    with openai.OpenAI(base_url=f"{dialect_server.url}/v1", api_key="ig_wrong_key_123456789", max_retries=0) as bad:
        with pytest.raises(openai.AuthenticationError) as unauthenticated:
            bad.images.generate(prompt=PROMPT)
        assert unauthenticated.value.code == "invalid_api_key"


def test_stream_sends_completed_events(client: openai.OpenAI, dialect_server: ServerProcess, key: str) -> None:
    events = list(client.images.generate(prompt=PROMPT, size="64x64", stream=True, partial_images=2))
    kinds = [e.type for e in events]
    assert kinds[-1] == "image_generation.completed" and kinds.count("image_generation.completed") == 1
    # Partials come only from progress previews; never more than asked for, always before the end.
    assert set(kinds[:-1]) <= {"image_generation.partial_image"} and len(kinds) - 1 <= 2
    done = events[-1]
    assert decode_image(base64.b64decode(done.b64_json)).size == (64, 64)
    assert done.size == "64x64" and done.output_format == "png"


def test_edit_multipart_reaches_the_translation(client: openai.OpenAI) -> None:
    """tiny-sd1 (the default model) does text-to-image only: its refusal of img2img/inpaint proves the
    multipart body (``image[]`` list, ``mask``) was read and translated."""
    mask = Image.new("RGBA", (64, 64), (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), (0, 0, 32, 64))
    buffer = io.BytesIO()
    mask.save(buffer, format="PNG")
    image = ("in.png", png_bytes(), "image/png")
    with pytest.raises(openai.BadRequestError) as caught:
        client.images.edit(image=[image], prompt="make it blue", mask=("m.png", buffer.getvalue(), "image/png"))
    assert caught.value.code == "task_not_supported" and "inpaint" in caught.value.message
    with pytest.raises(openai.BadRequestError) as caught:
        client.images.edit(image=image, prompt="make it blue", size="64x64")
    assert caught.value.code == "task_not_supported" and "img2img" in caught.value.message
    with pytest.raises(openai.BadRequestError) as caught:
        client.images.edit(image=[image, image], prompt="two")
    assert caught.value.param == "image"
    with pytest.raises(openai.BadRequestError) as caught:
        client.images.edit(image=image, prompt="x", mask=("m.png", png_bytes(), "image/png"))  # no alpha
    assert caught.value.param == "mask"
    with pytest.raises(openai.BadRequestError) as caught:
        client.images.edit(image=("a.txt", b"not an image", "text/plain"), prompt="x")
    assert caught.value.param == "image"


def test_edit_json_body(dialect_server: ServerProcess, key: str) -> None:
    data_url = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    headers = {"Authorization": f"Bearer {key}"}
    body = {"prompt": "blue", "images": [{"image_url": data_url}]}
    response = httpx.post(f"{dialect_server.url}/v1/images/edits", json=body, headers=headers)
    assert response.status_code == 400 and response.json()["error"]["code"] == "task_not_supported"
    body = {"prompt": "blue", "images": [{"file_id": "file-123"}]}
    response = httpx.post(f"{dialect_server.url}/v1/images/edits", json=body, headers=headers)
    assert response.status_code == 400 and response.json()["error"]["param"] == "images.0.file_id"


def test_variation_multipart(client: openai.OpenAI) -> None:
    image = ("in.png", png_bytes(), "image/png")
    # The SDK marks create_variation deprecated (DALL·E 2 only), but clients still call it.
    with pytest.raises(openai.BadRequestError) as caught, pytest.warns(DeprecationWarning):
        client.images.create_variation(image=image, n=2, size="64x64", extra_body={"prompt": "a red circle"})
    assert caught.value.code == "task_not_supported" and "variation" in caught.value.message


def test_edit_returns_images(client: openai.OpenAI) -> None:
    mask = Image.new("RGBA", (64, 64), (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), (0, 0, 32, 64))
    buffer = io.BytesIO()
    mask.save(buffer, format="PNG")
    result = client.images.edit(
        model="dall-e-2",
        image=("in.png", png_bytes(), "image/png"),
        mask=("m.png", buffer.getvalue(), "image/png"),
        prompt="make it blue",
        size="64x64",
        response_format="b64_json",
    )
    edited = np.asarray(decode_image(base64.b64decode(result.data[0].b64_json or "")).convert("RGB"), dtype=int)
    original = np.asarray(decode_image(png_bytes()).convert("RGB"), dtype=int)
    assert edited.shape == (64, 64, 3)
    # The mask is transparent (= edit) on the left half: the opaque right half comes back unchanged.
    assert np.abs(edited[:, 40:] - original[:, 40:]).max() <= 2
    plain = client.images.edit(
        model="dall-e-2", image=("in.png", png_bytes(), "image/png"), prompt="blue", response_format="b64_json"
    )
    assert decode_image(base64.b64decode(plain.data[0].b64_json or "")).size == (64, 64)


def test_variation_returns_images(client: openai.OpenAI) -> None:
    with pytest.warns(DeprecationWarning):
        result = client.images.create_variation(
            model="dall-e-2", image=("in.png", png_bytes(), "image/png"), n=2, size="64x64", response_format="b64_json"
        )
    first, second = (base64.b64decode(d.b64_json or "") for d in result.data)
    assert first != second and first != png_bytes() and decode_image(first).size == (64, 64)

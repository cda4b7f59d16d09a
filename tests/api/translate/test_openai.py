"""OpenAI Images ↔ domain translation, on plain values."""

from __future__ import annotations

import base64
import io
import json

import pytest
from PIL import Image

from imagegate.api.common.images import alpha_mask_to_repaint_mask, upload_to_input
from imagegate.api.openai import translate as t
from imagegate.api.openai.wire import ImageData, ImageEditFields, ImageGenerateBody, ImageVariationFields
from imagegate.domain.models import Defaults, Limits, ModelSpec
from imagegate.domain.requests import VariationRequest
from imagegate.errors import InvalidRequest
from tests.support.images import png_claiming

SPEC = ModelSpec(
    id="local-sd", source="org/model", defaults=Defaults(num_inference_steps=20), limits=Limits(max_steps=35)
)
IMAGE = "data:image/png;base64,iVBORw0KGgo="


def png(mode: str = "RGBA", size: tuple[int, int] = (8, 8), color: object = (0, 0, 0, 255)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, format="PNG")  # type: ignore[arg-type]
    return out.getvalue()


@pytest.mark.parametrize(
    ("size", "expected"), [("1024x768", (1024, 768)), (" 64X64 ", (64, 64)), ("auto", None), (None, None)]
)
def test_parse_size(size: str | None, expected: tuple[int, int] | None) -> None:
    assert t.parse_size(size) == expected


@pytest.mark.parametrize("size", ["big", "1024", "1024x", "x1024", "10x10x10"])
def test_parse_size_refuses(size: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        t.parse_size(size)
    assert caught.value.param == "size"


def test_generation_request_maps_fields() -> None:
    body = ImageGenerateBody(prompt="a red circle", n=3, size="512x256", quality="low", model="dall-e-3")
    request = t.generation_request(body, SPEC)
    assert request.task == "txt2img" and request.model == "local-sd"
    assert (request.width, request.height, request.num_images) == (512, 256, 3)  # type: ignore[union-attr]
    assert request.num_inference_steps == 10  # type: ignore[union-attr]  # low = half the default


@pytest.mark.parametrize(("quality", "steps"), [("auto", None), ("medium", None), ("high", 30), ("max", 35)])
def test_quality_scales_steps_within_limits(quality: str, steps: int | None) -> None:
    assert t.steps_for(quality, SPEC) == steps


def test_bad_size_is_reported_as_size() -> None:
    with pytest.raises(InvalidRequest) as caught:
        t.generation_request(ImageGenerateBody(prompt="x", size="65x64"), SPEC)
    assert caught.value.param == "size" and "width" in caught.value.message


def test_delivery_defaults_follow_openai() -> None:
    assert t.delivery(ImageGenerateBody(prompt="x", model="dall-e-3")).response_format == "url"
    assert t.delivery(ImageGenerateBody(prompt="x", model="gpt-image-1")).response_format == "b64_json"
    streamed = t.delivery(ImageGenerateBody(prompt="x", stream=True, partial_images=2))
    assert streamed.stream and streamed.partial_images == 2 and streamed.response_format == "b64_json"
    jpeg = t.delivery(ImageGenerateBody(prompt="x", output_format="jpeg", output_compression=40, quality="hd"))
    assert (jpeg.output_format, jpeg.output_compression, jpeg.quality) == ("jpeg", 40, "hd")


@pytest.mark.parametrize(
    ("fields", "param"),
    [
        ({"background": "transparent"}, "background"),
        ({"output_compression": 50}, "output_compression"),
        ({"partial_images": 2}, "partial_images"),
        ({"stream": True, "response_format": "url"}, "response_format"),
    ],
)
def test_delivery_refuses(fields: dict, param: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        t.delivery(ImageGenerateBody(prompt="x", **fields))
    assert caught.value.param == param


def test_edit_is_img2img_or_inpaint() -> None:
    fields = ImageEditFields(prompt="make it blue", n=2, size="64x64")
    request = t.edit_request(fields, [IMAGE], None, SPEC)
    assert request.task == "img2img" and request.init_image == IMAGE  # type: ignore[union-attr]
    request = t.edit_request(fields, [IMAGE], IMAGE, SPEC)
    assert request.task == "inpaint" and request.mask_image == IMAGE  # type: ignore[union-attr]
    for images in ([], [IMAGE, IMAGE]):
        with pytest.raises(InvalidRequest) as caught:
            t.edit_request(fields, images, None, SPEC)
        assert caught.value.param == "image"


def test_variation_prompt_is_an_optional_extension() -> None:
    request = t.variation_request(ImageVariationFields(n=2, prompt="a cat"), IMAGE, SPEC)
    assert request.task == "variation" and request.num_images == 2  # type: ignore[union-attr]
    if VariationRequest.model_fields["prompt"].is_required():
        with pytest.raises(InvalidRequest) as caught:
            t.variation_request(ImageVariationFields(), IMAGE, SPEC)
        assert caught.value.param == "prompt"
    else:
        assert t.variation_request(ImageVariationFields(), IMAGE, SPEC).task == "variation"


def test_images_response_shape() -> None:
    how = t.Delivery(response_format="b64_json", output_format="webp", quality="high")
    body = t.images_response(
        created=1700000000,
        images=[ImageData(b64_json="QUJD", revised_prompt="p")],
        delivery=how,
        size="64x64",
        cost=0.5,
        currency="USD",
    )
    assert body["created"] == 1700000000 and body["data"] == [{"b64_json": "QUJD", "revised_prompt": "p"}]
    assert (body["output_format"], body["quality"], body["size"], body["background"]) == (
        "webp",
        "high",
        "64x64",
        "opaque",
    )
    assert body["usage"]["total_tokens"] == 0 and body["usage"]["cost"] == 0.5


def test_partials_are_spread_over_the_run() -> None:
    sent, emitted = 0, []
    for step in range(1, 11):
        if t.partial_due(step, 10, sent, 3):
            emitted.append(step)
            sent += 1
    assert emitted == [3, 5, 8]
    assert not t.partial_due(10, 10, 0, 0) and not t.partial_due(1, 0, 0, 2)


def test_stream_event_wire_format() -> None:
    how = t.Delivery(output_format="png", quality="auto", stream=True)
    raw = t.stream_event("partial_image", edit=True, b64_json="QQ==", created=5, size="64x64", delivery=how, index=1)
    event, data = raw.decode().strip().split("\n")
    assert event == "event: image_edit.partial_image"
    payload = json.loads(data.removeprefix("data: "))
    assert payload["type"] == "image_edit.partial_image" and payload["partial_image_index"] == 1
    done = json.loads(t.stream_event("completed", edit=False, b64_json="QQ==", created=5, size="64x64", delivery=how)
                      .decode().split("data: ")[1])  # fmt: skip
    assert done["type"] == "image_generation.completed" and done["usage"]["total_tokens"] == 0


def test_alpha_mask_becomes_white_where_transparent() -> None:
    img = Image.new("RGBA", (8, 8), (10, 20, 30, 255))
    img.paste((0, 0, 0, 0), (0, 0, 4, 8))  # left half transparent: edit there
    out = io.BytesIO()
    img.save(out, format="PNG")
    mask = Image.open(io.BytesIO(alpha_mask_to_repaint_mask(out.getvalue(), max_pixels=1 << 20)))
    assert mask.getpixel((1, 1)) == 255 and mask.getpixel((6, 6)) == 0


@pytest.mark.parametrize("data", [png("RGB", color=(1, 2, 3)), b"not an image"])
def test_mask_without_alpha_or_unreadable_is_refused(data: bytes) -> None:
    with pytest.raises(InvalidRequest) as caught:
        alpha_mask_to_repaint_mask(data, max_pixels=1 << 20)
    assert caught.value.param == "mask"


def test_a_mask_that_is_a_decompression_bomb_is_refused_from_its_header() -> None:
    with pytest.raises(InvalidRequest) as caught:
        alpha_mask_to_repaint_mask(png_claiming(30_000, 30_000), max_pixels=1 << 20)
    assert caught.value.param == "mask" and caught.value.code == "image_too_large"


def test_upload_to_input() -> None:
    data = png()
    assert upload_to_input(data, "image") == "data:image/png;base64," + base64.b64encode(data).decode()
    for bad in (b"", b"GIF89a....", b"plain text"):
        with pytest.raises(InvalidRequest):
            upload_to_input(bad, "image")

"""A model's size_policy: "refuse" keeps its limits strict; "fit" draws a size past them at the
model's native pixel count in the asked aspect ratio and records the size to deliver."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from imagegate.admission.validation import apply_defaults, check_limits, fit_to_model
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import Size, parse_request
from imagegate.errors import InvalidRequest


def spec(policy: str) -> ModelSpec:
    return ModelSpec.model_validate(
        {
            "id": "m",
            "source": "m",
            "size_policy": policy,
            "defaults": {"width": 64, "height": 64},
            "limits": {"max_width": 64, "max_height": 64},
        }
    )


def effective(model: ModelSpec, body: dict) -> object:
    request = apply_defaults(model, parse_request({"prompt": "x", **body}))
    request = fit_to_model(model, request, multiple=8)
    check_limits(model, request)
    return request


@pytest.mark.parametrize(
    ("asked", "drawn"),
    [((512, 512), (64, 64)), ((1024, 1792), (40, 64)), ((1792, 1024), (64, 40)), ((72, 64), (64, 56))],
)
def test_fit_draws_the_native_pixel_count_in_the_asked_aspect(asked: tuple[int, int], drawn: tuple[int, int]) -> None:
    request = effective(spec("fit"), {"width": asked[0], "height": asked[1]})
    assert (request.width, request.height) == drawn  # type: ignore[attr-defined]
    assert request.resize_to == Size(width=asked[0], height=asked[1])  # type: ignore[attr-defined]


def test_fit_leaves_sizes_within_the_limits_alone() -> None:
    request = effective(spec("fit"), {"width": 48, "height": 64})
    assert (request.width, request.height, request.resize_to) == (48, 64, None)  # type: ignore[attr-defined]


def test_refuse_names_the_field() -> None:
    with pytest.raises(InvalidRequest) as caught:
        effective(spec("refuse"), {"width": 512, "height": 512})
    assert caught.value.param == "width" and "at most 64" in caught.value.message


def test_resize_to_and_upscale_do_not_combine() -> None:
    with pytest.raises(ValidationError, match="resize_to and upscale cannot be combined"):
        parse_request({"prompt": "x", "resize_to": {"width": 128, "height": 128}, "upscale": {"scale": 2}})

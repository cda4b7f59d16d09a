"""Shared translation pieces: field renaming, loose scalars, aliases, LoRA support detection."""

from __future__ import annotations

from typing import Any

import pytest

from imagegate.api.common.translate import (
    build_request,
    loose_bool,
    loose_float,
    loose_int,
    loose_str,
    lora_params,
    loras_supported,
    rename_fields,
    resolve_alias,
)
from imagegate.errors import FieldError, InvalidRequest, TaskNotSupported


def test_rename_fields_keeps_class_and_code_and_qualifies_shared_names() -> None:
    exc = TaskNotSupported.for_field("task", "cannot do img2img", code="task_not_supported")
    renamed = rename_fields(exc, {"task": "model"})
    assert isinstance(renamed, TaskNotSupported) and renamed.code == "task_not_supported"
    assert renamed.param == "model" and renamed.message == "model: cannot do img2img"
    both = InvalidRequest("x", errors=[FieldError("width", "too big"), FieldError("loras.0.weight", "bad")])
    renamed = rename_fields(both, {"width": "size", "height": "size", "loras": "lora_model"})
    assert [e.field for e in renamed.errors] == ["size", "lora_model.0.weight"]
    assert renamed.errors[0].message == "width too big"  # size stands for two fields: say which
    untouched = InvalidRequest.for_field("prompt", "empty")
    assert rename_fields(untouched, {"width": "size"}) is untouched


def test_build_request_reports_dialect_names() -> None:
    with pytest.raises(InvalidRequest) as caught:
        build_request({"task": "txt2img", "prompt": "x", "num_images": 99}, {"num_images": "samples"})
    assert caught.value.param == "samples"
    request = build_request({"task": "txt2img", "prompt": "x", "width": 64}, {})
    assert request.task == "txt2img" and request.width == 64


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("NO", False),
        ("true", True),
        ("false", False),
        (True, True),
        (0, False),
        ("1", True),
        (None, None),
        ("", None),
        ("null", None),
    ],
)
def test_loose_bool(value: Any, expected: bool | None) -> None:
    assert loose_bool(value) is expected


@pytest.mark.parametrize("value", ["maybe", 2, [1]])
def test_loose_bool_refuses(value: Any) -> None:
    with pytest.raises(ValueError):
        loose_bool(value)


@pytest.mark.parametrize(
    ("value", "expected"), [("512", 512), (512, 512), ("512.0", 512), (7.0, 7), (" 31 ", 31), (None, None), ("", None)]
)
def test_loose_int(value: Any, expected: int | None) -> None:
    assert loose_int(value) == expected


@pytest.mark.parametrize("value", ["wide", "51.5", 51.5, True, "1e400x"])
def test_loose_int_refuses(value: Any) -> None:
    with pytest.raises(ValueError):
        loose_int(value)


def test_loose_float_and_str() -> None:
    assert loose_float("7.5") == 7.5 and loose_float(7) == 7.0 and loose_float(None) is None
    with pytest.raises(ValueError):
        loose_float("seven")
    assert loose_str(12) == "12" and loose_str(False) == "no" and loose_str(None) is None
    with pytest.raises(ValueError):
        loose_str({"a": 1})


def test_resolve_alias() -> None:
    aliases = {"dall-e-3": "tiny-sd1"}
    assert resolve_alias("dall-e-3", aliases) == "tiny-sd1"
    assert resolve_alias(" tiny-sdxl ", aliases) == "tiny-sdxl"
    assert resolve_alias(None, aliases) is None and resolve_alias("  ", aliases) is None


def test_lora_params_follow_domain_support() -> None:
    assert lora_params([], "prompt") == {}
    if loras_supported():
        assert lora_params([("ink", 0.5)], "prompt") == {"loras": [{"id": "ink", "weight": 0.5}]}
    else:
        with pytest.raises(InvalidRequest) as caught:
            lora_params([("ink", 0.5)], "lora_model")
        assert caught.value.param == "lora_model" and caught.value.code == "lora_not_supported"

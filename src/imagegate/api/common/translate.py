"""What the dialect translations share: building a domain request with the dialect's own field names
in its errors, model aliases, LoRA tags and the loose scalars some clients send."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from imagegate.api.problems import validation_error
from imagegate.domain.requests import AnyRequest, Txt2ImgRequest, parse_request
from imagegate.errors import FieldError, InvalidRequest

# domain field name → the name the dialect's client sent (errors must name what the user wrote)
FieldNames = Mapping[str, str]


def rename_fields(exc: InvalidRequest, names: FieldNames) -> InvalidRequest:
    """The same error, with every field renamed to the dialect's name for it."""
    if not exc.errors:
        return exc

    def rename(field: str) -> str:
        if field in names:
            return names[field]
        head, _, rest = field.partition(".")
        return f"{names[head]}.{rest}" if head in names and rest else field

    shared = {name for name in names.values() if list(names.values()).count(name) > 1}
    # Where several domain fields share one dialect field (width and height are OpenAI's "size"),
    # the message says which part of it is wrong.
    errors = [
        FieldError(rename(e.field), f"{e.field} {e.message}" if rename(e.field) in shared else e.message)
        for e in exc.errors
    ]
    if all(new.field == old.field for new, old in zip(errors, exc.errors, strict=True)):
        return exc
    message = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
    renamed = type(exc)(message, errors=errors, code=exc.code)
    renamed.headers = exc.headers
    return renamed


def build_request(data: dict[str, Any], names: FieldNames) -> AnyRequest:
    """Validate ``data`` into the task union; a bad value is reported under the dialect's field name."""
    try:
        return parse_request(data)
    except ValidationError as exc:
        raise rename_fields(validation_error(RequestValidationError(exc.errors())), names) from None


def resolve_alias(name: str | None, aliases: Mapping[str, str]) -> str | None:
    """A model name as a client sent it → the catalog id (aliases first; None = the server's default)."""
    if name is None:
        return None
    name = name.strip()
    return aliases.get(name, name) if name else None


def loras_supported() -> bool:
    """True once the domain request carries LoRA adapters (``loras: [{"id", "weight"}]``)."""
    return "loras" in Txt2ImgRequest.model_fields


def lora_params(loras: list[tuple[str, float]], field: str) -> dict[str, Any]:
    """The domain's LoRA parameter, or a field error while this server has no LoRA support."""
    if not loras:
        return {}
    if not loras_supported():
        raise InvalidRequest.for_field(
            field, "LoRA adapters are not supported by this server yet; remove them", code="lora_not_supported"
        )
    return {"loras": [{"id": name, "weight": weight} for name, weight in loras]}


# -- loose scalars (ModelsLab's examples send "512", "yes", null; A1111 front-ends send 7 for 7.0) ----

_TRUE = {"yes", "true", "1", "on", "y"}
_FALSE = {"no", "false", "0", "off", "n"}
_NULL = {"null", "none"}  # some clients send the word for unset ("vae": "null", "seed": "null")


def _unset(value: Any) -> bool:
    return value is None or (isinstance(value, str) and (not value.strip() or value.strip().lower() in _NULL))


def loose_bool(value: Any) -> bool | None:
    if _unset(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError('must be true/false or "yes"/"no"')


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def loose_float(value: Any) -> float | None:
    if _unset(value):
        return None
    if isinstance(value, bool):
        raise ValueError("must be a number")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return float(value.strip())
    raise ValueError("must be a number")


_INTEGER = re.compile(r"^[+-]?\d+$")


def loose_int(value: Any) -> int | None:
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(value.strip())  # exactly, even past float precision (seeds)
    number = loose_float(value) if not isinstance(value, int) or isinstance(value, bool) else value
    if number is None:
        return None
    if isinstance(number, float):
        if not number.is_integer():
            raise ValueError("must be a whole number")
        return int(number)
    return number


def loose_str(value: Any) -> str | None:
    """Text as sent; numbers and booleans become text (a required text field keeps "null" as text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value
    raise ValueError("must be a string")


def required_text(value: Any) -> str | None:
    """Like ``loose_str`` for text a request cannot do without (a prompt, an image): a number is
    read as its digits, but true/false is a mistake, not the words "yes"/"no"."""
    if isinstance(value, bool):
        raise ValueError("must be text, not true/false")
    return loose_str(value)


def loose_optional_str(value: Any) -> str | None:
    """Like ``loose_str``, but an empty string or the word null/none means unset."""
    return None if _unset(value) else loose_str(value)


def yes_no(value: bool | None) -> str:
    return "yes" if value else "no"

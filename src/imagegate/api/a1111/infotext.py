"""A1111's infotext — the text its PNGs carry and ``/png-info`` reads back — parsed as A1111's
``parse_generation_parameters`` reports it."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from imagegate.api.common.json_body import parse_json

_INFO_FIELD = re.compile(r'\s*([\w ]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)')


def parse_infotext(text: str) -> dict[str, Any]:
    """A1111's infotext (prompt line(s), ``Negative prompt: …``, then ``Key: value, …``) → a dict,
    the way A1111's ``parse_generation_parameters`` reports it (``Size-1``/``Size-2`` for the size)."""
    lines = text.strip().split("\n")
    last = lines[-1] if lines else ""
    fields = dict(_INFO_FIELD.findall(last)) if len(_INFO_FIELD.findall(last)) >= 3 else {}
    body_lines = lines[:-1] if fields else lines
    prompt: list[str] = []
    negative: list[str] = []
    in_negative = False
    for line in body_lines:
        if line.startswith("Negative prompt:"):
            in_negative = True
            line = line[len("Negative prompt:") :].strip()
        (negative if in_negative else prompt).append(line)
    result: dict[str, Any] = {"Prompt": "\n".join(prompt).strip(), "Negative prompt": "\n".join(negative).strip()}
    for key, value in fields.items():
        value = value.strip()
        if len(value) > 1 and value.startswith('"') and value.endswith('"'):
            with contextlib.suppress(ValueError):  # a quoted value A1111 wrote; anything else stays as text
                value = str(parse_json(value))
        if key == "Size" and "x" in value:
            width, _, height = value.partition("x")
            result["Size-1"], result["Size-2"] = width, height
        else:
            result[key] = value
    return result

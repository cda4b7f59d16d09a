"""Request bodies a surface reads itself (ModelsLab's JSON with the key inside, OpenAI's multipart
uploads), described for the OpenAPI document so that /docs shows them and clients can be generated."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inline(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


def body_schema(model: type[BaseModel], files: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """``model``'s JSON schema with its nested models written in place (the document has no room
    for them under this operation), plus ``files``: form fields that carry uploads."""
    schema = model.model_json_schema()
    schema = _inline({k: v for k, v in schema.items() if k != "$defs"}, schema.get("$defs", {}))
    if files:
        schema["properties"] = {**schema.get("properties", {}), **files}
    return schema


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` of an operation whose JSON body is ``model``."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": body_schema(model)}}}}


FILE = {"type": "string", "format": "binary"}

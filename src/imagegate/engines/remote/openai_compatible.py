"""Any server that speaks the OpenAI Images API: another imagegate, LocalAI, a vendor gateway.

Same wire as ``openai.py`` with three differences: ``provider.base_url`` is required and the key is
optional (a LAN server may have none); ``size`` is the requested ``WxH`` as is (such servers take free
sizes); and parameters OpenAI lacks but the upstream takes (LocalAI-style servers take e.g. ``seed``)
are sent as extra JSON fields named by ``provider.inputs`` — e.g. ``inputs = { seed = "seed" }``.
Leave ``inputs`` empty for a server that refuses unknown fields as OpenAI does (imagegate's own
OpenAI dialect does): then such parameters are refused here, at admission, naming the field.
Images are asked for as ``b64_json`` (``provider.options.response_format = "url"`` changes that).
"""

from __future__ import annotations

from typing import Any, ClassVar

from imagegate.domain.models import ModelSpec, ProviderConfig
from imagegate.domain.requests import AnyRequest, DiffusionParams, Task
from imagegate.engines.remote.base import OPTIONAL_PARAMS, ProviderCall
from imagegate.engines.remote.openai import OpenAIEngine


class OpenAICompatibleEngine(OpenAIEngine):
    name = "openai_compatible"
    tasks: ClassVar[frozenset[Task]] = frozenset({Task.txt2img, Task.img2img, Task.inpaint, Task.variation})
    default_base_url = ""
    needs_key = False
    uses_inputs = True

    @classmethod
    def model_tasks(cls, spec: ModelSpec) -> frozenset[Task]:
        return cls.tasks

    @classmethod
    def check_config(cls, spec: ModelSpec, config: ProviderConfig) -> None:
        if not config.base_url:
            raise ValueError("provider.base_url: required for an OpenAI-compatible server (e.g. http://host:8000/v1)")

    def per_request(self, spec: ModelSpec) -> int:
        return max(1, (spec.provider.max_images_per_request if spec.provider else None) or self.max_per_request)

    def size_rule(self, spec: ModelSpec) -> dict[str, Any]:
        return {"mode": "pixels", "sent_as": "WxH"}

    def size(self, call: ProviderCall, width: int, height: int) -> str:
        return f"{width}x{height}"

    def common(self, call: ProviderCall, request: AnyRequest, n: int) -> dict[str, Any]:
        body: dict[str, Any] = {"model": call.spec.source, "n": n}
        width, height = getattr(request, "width", None), getattr(request, "height", None)
        if width and height:
            body["size"] = self.size(call, width, height)
        body["response_format"] = "b64_json"
        if isinstance(request, DiffusionParams):
            for name, wire in call.config.inputs.items():
                value = getattr(request, name, None) if name in OPTIONAL_PARAMS else None
                if value is not None:
                    body[wire] = value
        body.update(call.options)
        return body

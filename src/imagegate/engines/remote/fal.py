"""fal queue API: submit to ``queue.fal.run/{model}``, poll the status, fetch the result, cancel.

Wire facts (fal docs "Asynchronous Inference" and "Request errors"; fal-client source — the
shared reference has no fal section): ``Authorization: Key <FAL_KEY>``; ``POST /{model-id}`` with the
input as JSON answers ``{request_id, response_url, status_url, cancel_url}``; ``GET status_url``
answers ``{status: IN_QUEUE | IN_PROGRESS | COMPLETED, queue_position?, logs?, metrics?}``; once
``COMPLETED``, ``GET response_url`` answers the model's output — or the failure as an HTTP error;
``PUT cancel_url`` cancels (``CANCELLATION_REQUESTED`` / ``ALREADY_COMPLETED``). Errors: validation
422 ``{detail: [{loc, msg, type}]}``; request errors ``{detail: str, error_type}`` (also in the
``X-Fal-Error-Type`` header). Image models answer ``{images: [{url, width, height, content_type}],
seed, has_nsfw_concepts: [bool], prompt}``.

Mapping: ``provider.inputs`` (default: the FLUX dev schema — ``prompt``, ``num_images``, ``seed``,
``num_inference_steps``, ``guidance_scale``); width/height go as ``image_size``: a preset name when
the size is one (``square_hd`` 1024², ``square`` 512², ``portrait_4_3`` 768×1024, ``portrait_16_9``
576×1024, ``landscape_4_3`` 1024×768, ``landscape_16_9`` 1024×576), else ``{width, height}``.
``has_nsfw_concepts[i]`` becomes image i's ``nsfw_content_detected`` (fal's safety checker returns a
black image for it). A 422 whose error type or text is a content-policy verdict is moderation
(assumed from third-party notes; fal documents no moderation code). Cancel reaches fal.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, ClassVar

import httpx

from imagegate.domain.jobs import GeneratedImage
from imagegate.domain.models import ModelSpec, ProviderConfig
from imagegate.domain.requests import AnyRequest, DiffusionParams, Img2ImgRequest, Task, Txt2ImgRequest
from imagegate.engines.remote.base import ProviderCall, ProviderOutput, RemoteEngine
from imagegate.engines.remote.sizes import nearest_aspect
from imagegate.errors import ImagegateError, JobInterrupted, TaskNotSupported

PRESETS = {
    (1024, 1024): "square_hd",
    (512, 512): "square",
    (768, 1024): "portrait_4_3",
    (576, 1024): "portrait_16_9",
    (1024, 768): "landscape_4_3",
    (1024, 576): "landscape_16_9",
}
ASPECTS = ("21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21")
PENDING = frozenset({"IN_QUEUE", "IN_PROGRESS"})
MODERATION = re.compile(r"content[_ ]policy|nsfw|safety", re.IGNORECASE)


class FalEngine(RemoteEngine):
    name = "fal"
    tasks: ClassVar[frozenset[Task]] = frozenset({Task.txt2img, Task.img2img})
    default_base_url = "https://queue.fal.run"
    default_poll_s = 0.5
    uses_inputs = True
    default_inputs: ClassVar[dict[str, str]] = {
        "prompt": "prompt",
        "num_images": "num_images",
        "seed": "seed",
        "num_inference_steps": "num_inference_steps",
        "guidance_scale": "guidance_scale",
    }
    max_per_request = 4
    cancels_at_provider = True
    moderation_note = (
        "has_nsfw_concepts marks images nsfw_content_detected; content-policy 422s fail with content_moderated"
    )

    @classmethod
    def model_tasks(cls, spec: ModelSpec) -> frozenset[Task]:
        configured = spec.provider.inputs if spec.provider else {}
        return frozenset({Task.txt2img, Task.img2img}) if "init_image" in configured else frozenset({Task.txt2img})

    @classmethod
    def check_config(cls, spec: ModelSpec, config: ProviderConfig) -> None:
        if "prompt" not in cls.inputs(spec):
            raise ValueError("provider.inputs: must map 'prompt' to the model's prompt input")
        if spec.source.count("/") < 1:
            raise ValueError(f"source: {spec.source!r} is not a fal model id such as fal-ai/flux/dev")

    @classmethod
    def size_mode(cls, spec: ModelSpec) -> str:
        return (spec.provider.size if spec.provider else None) or "image_size"

    def size_rule(self, spec: ModelSpec) -> dict[str, Any]:
        mode = self.size_mode(spec)
        if mode == "image_size":
            return {"mode": "image_size", "presets": {v: f"{w}x{h}" for (w, h), v in PRESETS.items()}, "else": "pixels"}
        if mode == "aspect_ratio":
            return {"mode": "aspect_ratio", "ratios": list(ASPECTS)}
        return {"mode": mode}

    def auth_headers(self, secret: str | None) -> dict[str, str]:
        return {"authorization": f"Key {secret}"} if secret else {}

    def read_error(self, response: httpx.Response, body: Any) -> tuple[str, bool]:
        detail = body.get("detail") if isinstance(body, dict) else None
        error_type = (
            str(body.get("error_type") or response.headers.get("x-fal-error-type") or "")
            if isinstance(body, dict)
            else ""
        )
        if isinstance(detail, list):
            parts, kinds = [], []
            for item in detail:
                if isinstance(item, dict):
                    loc = ".".join(str(p) for p in item.get("loc", []) if p != "body")
                    parts.append(f"{loc}: {item.get('msg')}" if loc else str(item.get("msg")))
                    kinds.append(str(item.get("type", "")))
            text = "; ".join(parts) or "invalid input"
            moderated = response.status_code == 422 and any(MODERATION.search(k) for k in kinds)
            return text, moderated
        if isinstance(detail, str):
            moderated = response.status_code == 422 and bool(MODERATION.search(detail + error_type))
            return (f"{error_type}: {detail}" if error_type else detail), moderated
        return super().read_error(response, body)

    def image_size(self, call: ProviderCall, width: int, height: int) -> Any:
        return PRESETS.get((width, height)) or {"width": width, "height": height}

    async def payload(self, call: ProviderCall, request: AnyRequest, n: int, seed: int | None) -> dict[str, Any]:
        inputs = self.inputs(call.spec)
        if not isinstance(request, DiffusionParams):
            raise TaskNotSupported.for_field("task", f"fal cannot do {request.task.value}")
        data = self.mapped_params(inputs, request, n, seed)
        assert request.width is not None and request.height is not None
        mode = self.size_mode(call.spec)
        if mode == "image_size":
            data[inputs.get("image_size", "image_size")] = self.image_size(call, request.width, request.height)
        elif mode == "aspect_ratio":
            data[inputs.get("aspect_ratio", "aspect_ratio")] = nearest_aspect(request.width, request.height, ASPECTS)
        elif mode == "pixels":
            data[inputs.get("width", "width")], data[inputs.get("height", "height")] = request.width, request.height
        if isinstance(request, Img2ImgRequest):
            data[inputs["init_image"]] = (await self.image(request.init_image, "init_image")).data_uri()
            if "strength" in inputs:
                data[inputs["strength"]] = request.strength
        elif not isinstance(request, Txt2ImgRequest):
            raise TaskNotSupported.for_field("task", f"fal cannot do {request.task.value}")
        data.update(call.options)
        return data

    async def run(self, call: ProviderCall, request: AnyRequest) -> ProviderOutput:
        timings: dict[str, float] = {}

        async def one(index: int, n: int) -> list[GeneratedImage]:
            body = await self.payload(call, request, n, self.seed_for(request, index))
            queued = (await call.send("POST", call.spec.source, json=body)).json()
            if not isinstance(queued, dict) or not isinstance(queued.get("request_id"), str):
                raise call.fail("fal answered the submit without a request_id")
            request_id = queued["request_id"]
            call.request_ids.append(request_id)
            base = f"{_app(call.spec.source)}/requests/{request_id}"
            status_url = _url(call, queued.get("status_url"), f"{base}/status")
            response_url = _url(call, queued.get("response_url"), base)
            cancel_url = _url(call, queued.get("cancel_url"), f"{base}/cancel")
            try:
                while True:
                    status = (await call.send("GET", status_url)).json()
                    state = status.get("status") if isinstance(status, dict) else None
                    if state == "COMPLETED":
                        break
                    if state not in PENDING:
                        raise call.fail(f"fal reported status {state!r}", code="provider_generation_failed")
                    await call.sleep(call.poll_interval)
            except (JobInterrupted, asyncio.CancelledError, ImagegateError):
                # Stopped, or polling failed: don't leave the request queued (and billing) behind.
                await call.best_effort(lambda: call.send("PUT", cancel_url))
                raise
            inference = (status.get("metrics") or {}).get("inference_time")
            if isinstance(inference, int | float):
                timings["inference_time"] = round(timings.get("inference_time", 0.0) + float(inference), 4)
            output = (await call.send("GET", response_url)).json()
            return await self.read(call, output, request, index)

        images = await self.batches(call, getattr(request, "num_images", 1), one)
        return ProviderOutput(images=images, info={"metrics": timings} if timings else {})

    async def read(self, call: ProviderCall, output: Any, request: AnyRequest, index: int) -> list[GeneratedImage]:
        files = output.get("images") if isinstance(output, dict) else None
        if not isinstance(files, list) or not files:
            raise call.fail("fal answered without images")
        flags = output.get("has_nsfw_concepts") or []
        seed = output.get("seed") if isinstance(output.get("seed"), int) else self.seed_for(request, index)
        made = []
        for i, item in enumerate(files):
            url = item.get("url") if isinstance(item, dict) else None
            if not isinstance(url, str):
                raise call.fail("fal answered an image without a url")
            flagged = bool(flags[i]) if i < len(flags) else False
            image = await call.image(await call.download(url))
            made.append(GeneratedImage(image=image, seed=seed if i == 0 else None, nsfw_content_detected=flagged))
        if any(g.nsfw_content_detected for g in made):
            call.warn("fal flagged NSFW content in an output (has_nsfw_concepts)")
        return made


def _app(source: str) -> str:
    """The app id that status/result URLs hang off: the first two path parts (fal-ai/flux/dev → fal-ai/flux)."""
    parts = source.split("/")
    return "/".join(parts[:2])


def _url(call: ProviderCall, given: Any, fallback: str) -> str:
    return given if isinstance(given, str) and call.trusted(given) else fallback

"""Stability AI REST v2beta (Stable Image): generate, edit (inpaint/outpaint) and upscale.

Wire facts (reference/hosted_apis.md §4): Bearer auth; every request is ``multipart/form-data``;
``accept: application/json`` answers ``{image: <base64>, finish_reason, seed}``, ``accept: image/*``
answers the bytes with ``finish-reason`` and ``seed`` headers. ``finish_reason`` ``CONTENT_FILTERED``
means the image came back blurred by moderation. Errors are ``{id, name, errors: [...]}``:
``content_moderation`` (403) refuses the request. Async endpoints (creative upscale) answer ``{id}``;
``GET /v2beta/results/{id}`` is 202 ``{status: "in-progress"}`` until it is 200 with the image.

``source`` picks the endpoint: ``ultra``, ``core``, an SD3 model (``sd3.5-large`` … → ``generate/sd3``
with ``model``), ``inpaint``, ``outpaint``, ``upscale-fast``, ``upscale-conservative``,
``upscale-creative``. Mapping: ``aspect_ratio`` nearest to width/height (21:9 … 9:21); ``seed``
(0–4294967294); SD3 takes ``guidance_scale`` → ``cfg_scale``. One image per request. Catalog
``provider.options`` are sent as form fields (``style_preset``, ``output_format`` …) except
``accept``, which picks the answer format (``application/json`` by default, or ``image/*``).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, ClassVar

import httpx

from imagegate.domain.jobs import GeneratedImage
from imagegate.domain.models import ModelSpec, ProviderConfig
from imagegate.domain.requests import (
    AnyRequest,
    DiffusionParams,
    Img2ImgRequest,
    InpaintRequest,
    OutpaintRequest,
    Task,
    Txt2ImgRequest,
    UpscaleRequest,
)
from imagegate.engines.remote.base import ProviderCall, ProviderOutput, RemoteEngine
from imagegate.engines.remote.sizes import nearest_aspect
from imagegate.errors import InvalidRequest, TaskNotSupported

ASPECTS = ("21:9", "16:9", "3:2", "5:4", "1:1", "4:5", "2:3", "9:16", "9:21")
MAX_SEED = 4294967294
ENDPOINTS = {
    "ultra": "v2beta/stable-image/generate/ultra",
    "core": "v2beta/stable-image/generate/core",
    "inpaint": "v2beta/stable-image/edit/inpaint",
    "outpaint": "v2beta/stable-image/edit/outpaint",
    "upscale-fast": "v2beta/stable-image/upscale/fast",
    "upscale-conservative": "v2beta/stable-image/upscale/conservative",
    "upscale-creative": "v2beta/stable-image/upscale/creative",
}
ASYNC_SOURCES = frozenset({"upscale-creative"})
ACCEPTS = ("application/json", "image/*")


def is_sd3(source: str) -> bool:
    return source.startswith("sd3")


class StabilityEngine(RemoteEngine):
    name = "stability"
    tasks: ClassVar[frozenset[Task]] = frozenset(
        {Task.txt2img, Task.img2img, Task.inpaint, Task.outpaint, Task.upscale}
    )
    default_base_url = "https://api.stability.ai"
    default_poll_s = 10.0  # Stability asks not to poll results more than once every 10 s
    moderation_note = (
        "content_moderation refusals fail the job with content_moderated; CONTENT_FILTERED (blurred) outputs are "
        "flagged nsfw_content_detected"
    )

    @classmethod
    def model_tasks(cls, spec: ModelSpec) -> frozenset[Task]:
        source = spec.source
        if source == "inpaint":
            return frozenset({Task.inpaint})
        if source == "outpaint":
            return frozenset({Task.outpaint})
        if source.startswith("upscale-"):
            return frozenset({Task.upscale})
        if source == "ultra" or is_sd3(source):
            return frozenset({Task.txt2img, Task.img2img})
        if source == "core":
            return frozenset({Task.txt2img})
        return frozenset()

    @classmethod
    def check_config(cls, spec: ModelSpec, config: ProviderConfig) -> None:
        if spec.source not in ENDPOINTS and not is_sd3(spec.source):
            raise ValueError(f"source: unknown Stability endpoint {spec.source!r} (one of {sorted(ENDPOINTS)} or sd3*)")
        accept = config.options.get("accept", ACCEPTS[0])
        if accept not in ACCEPTS:
            raise ValueError(f"provider.options.accept: must be one of {ACCEPTS}")

    @classmethod
    def accepted(cls, spec: ModelSpec) -> set[str]:
        names = {"seed", "negative_prompt"}
        if is_sd3(spec.source):
            names.add("guidance_scale")
        return names

    def size_rule(self, spec: ModelSpec) -> dict[str, Any]:
        if spec.source in ("ultra", "core") or is_sd3(spec.source):
            return {"mode": "aspect_ratio", "ratios": list(ASPECTS)}
        return {"mode": "input_image"}

    def check(self, spec: ModelSpec, request: AnyRequest) -> None:
        seed = getattr(request, "seed", None)
        if seed is not None and seed + getattr(request, "num_images", 1) - 1 > MAX_SEED:
            raise InvalidRequest.for_field("seed", f"Stability takes seeds up to {MAX_SEED}")

    def read_error(self, response: httpx.Response, body: Any) -> tuple[str, bool]:
        if isinstance(body, dict) and "name" in body:
            errors = body.get("errors")
            text = "; ".join(str(e) for e in errors) if isinstance(errors, list) and errors else str(body["name"])
            return f"{body['name']}: {text}", body["name"] == "content_moderation"
        return super().read_error(response, body)

    async def fields(
        self, call: ProviderCall, request: AnyRequest, seed: int | None
    ) -> tuple[str, list[tuple[str, Any]]]:
        source = call.spec.source
        path = ENDPOINTS.get(source, "v2beta/stable-image/generate/sd3")
        form: dict[str, Any] = {"output_format": "png"}
        files: list[tuple[str, Any]] = []
        if is_sd3(source):
            form["model"] = source
        if isinstance(request, DiffusionParams):
            form["prompt"] = request.prompt
            if request.negative_prompt:
                form["negative_prompt"] = request.negative_prompt
            if seed is not None:
                form["seed"] = seed
            if is_sd3(source) and request.guidance_scale is not None:
                form["cfg_scale"] = request.guidance_scale
        if isinstance(request, Txt2ImgRequest):
            assert request.width is not None and request.height is not None
            form["aspect_ratio"] = nearest_aspect(request.width, request.height, ASPECTS)
            if is_sd3(source):
                form["mode"] = "text-to-image"
        elif isinstance(request, Img2ImgRequest):
            image = await self.image(request.init_image, "init_image")
            files.append(("image", ("image.png", image.png, "image/png")))
            form["strength"] = request.strength
            if is_sd3(source):
                form["mode"] = "image-to-image"
        elif isinstance(request, InpaintRequest):
            image = await self.image(request.init_image, "init_image")
            mask = await self.mask(request)
            files += [("image", ("image.png", image.png, "image/png")), ("mask", ("mask.png", mask.png, "image/png"))]
        elif isinstance(request, OutpaintRequest):
            image = await self.image(request.init_image, "init_image")
            files.append(("image", ("image.png", image.png, "image/png")))
            form.update(left=request.left, right=request.right, up=request.top, down=request.bottom)
        elif isinstance(request, UpscaleRequest):
            image = await self.image(request.image, "image")
            files.append(("image", ("image.png", image.png, "image/png")))
            if source != "upscale-fast":
                # Conservative and creative upscales are prompted; the request has none to give.
                form["prompt"] = str(call.options.get("prompt", "high quality, detailed"))
        else:
            raise TaskNotSupported.for_field("task", f"Stability cannot do {request.task.value}")
        options = {k: v for k, v in call.options.items() if k not in ("accept", "prompt")}
        form.update(options)
        parts: list[tuple[str, Any]] = [(k, (None, str(v))) for k, v in form.items()]
        return path, parts + files

    async def run(self, call: ProviderCall, request: AnyRequest) -> ProviderOutput:
        accept = str(call.options.get("accept", ACCEPTS[0]))
        if isinstance(request, UpscaleRequest) and request.scale != 4:
            call.warn(f"Stability chooses the upscale factor itself; scale={request.scale:g} is not sent")

        async def one(index: int, _n: int) -> list[GeneratedImage]:
            path, parts = await self.fields(call, request, self.seed_for(request, index))
            response = await call.send("POST", path, files=parts, headers={"accept": accept})
            if call.spec.source in ASYNC_SOURCES:
                response = await self.wait(call, response, accept)
            return [await self.read(call, response, request, index)]

        images = await self.batches(call, getattr(request, "num_images", 1), one)
        return ProviderOutput(images=images)

    async def wait(self, call: ProviderCall, submitted: httpx.Response, accept: str) -> httpx.Response:
        try:
            generation = submitted.json()["id"]
            assert isinstance(generation, str) and generation
        except (ValueError, KeyError, TypeError, AssertionError):
            raise call.fail("Stability answered the async submit without an id") from None
        call.request_ids.append(generation)
        while True:
            response = await call.send("GET", f"v2beta/results/{generation}", headers={"accept": accept}, ok=(202,))
            if response.status_code != 202:
                return response
            await call.sleep(call.poll_interval)

    async def read(
        self, call: ProviderCall, response: httpx.Response, request: AnyRequest, index: int
    ) -> GeneratedImage:
        content_type = response.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            try:
                body = response.json()
                raw = base64.b64decode(body["image"])
                finish = str(body.get("finish_reason", "SUCCESS"))
                seed = body.get("seed")
            except (ValueError, KeyError, TypeError, binascii.Error):
                raise call.fail("Stability answered JSON without a base64 image") from None
        elif content_type.startswith("image/"):
            raw = response.content
            finish = response.headers.get("finish-reason", "SUCCESS")
            seed_header = response.headers.get("seed", "")
            seed = int(seed_header) if seed_header.isdigit() else None
        else:
            raise call.fail(f"Stability answered {content_type or 'no content type'} instead of an image")
        filtered = finish == "CONTENT_FILTERED"
        if filtered:
            call.warn("Stability blurred an output for moderation (CONTENT_FILTERED); it is flagged NSFW")
        elif finish != "SUCCESS":
            raise call.fail(f"Stability finished with {finish}")
        if not isinstance(seed, int):
            seed = self.seed_for(request, index)
        return GeneratedImage(image=await call.image(raw), seed=seed, nsfw_content_detected=filtered)

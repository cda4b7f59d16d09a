"""Black Forest Labs FLUX API: submit ``POST /v1/<model>``, then poll until ``Ready``.

Wire facts (reference/hosted_apis.md §3): ``x-key`` auth; the submit answers ``{id, polling_url,
cost, input_mp, output_mp}``; ``GET`` on the polling URL (else ``/v1/get_result?id=``) answers
``{id, status, result, progress, details}`` with ``status`` one of ``Pending``, ``Ready``, ``Error``,
``Task not found``, ``Request Moderated``, ``Content Moderated``; when ``Ready``, ``result.sample`` is a
short-lived signed URL and ``result.seed`` the seed. Validation errors are 422 ``{detail: [{loc,
msg, type}]}``; 402 means out of credits. There is no cancel endpoint: a canceled job stops polling.

Mapping per model family (``source`` is the endpoint name):

* FLUX 1.1 pro / pro / dev: ``width``/``height`` rounded to ×32 within 256–1440; dev takes
  ``num_inference_steps`` → ``steps`` and ``guidance_scale`` → ``guidance``.
* FLUX 1.1 pro ultra, Kontext: ``aspect_ratio`` nearest to width/height (21:9 … 9:21).
* FLUX.2 (pro, max, flex, klein): ``width``/``height`` ×16, at most 4 MP; flex takes steps and guidance.
* Fill (inpaint: ``image`` + ``mask``) and Expand (outpaint: ``top/bottom/left/right``) take steps and
  guidance; Kontext and FLUX.2 edit an ``input_image`` (img2img).

One image per request: ``num_images`` = n makes n concurrent requests with seeds seed … seed+n-1.
``Request Moderated`` fails the job (content_moderated, BFL's ``details`` as the reason); ``Content
Moderated`` withholds one output, which becomes a black image flagged ``nsfw_content_detected``.
``cost`` (credits) is summed for ``price.provider_reported`` (``reported_unit = 0.01`` for USD).
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

from imagegate.domain.jobs import GeneratedImage
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import (
    AnyRequest,
    DiffusionParams,
    Img2ImgRequest,
    InpaintRequest,
    OutpaintRequest,
    Task,
    Txt2ImgRequest,
)
from imagegate.engines.remote import images as imgs
from imagegate.engines.remote.base import ProviderCall, ProviderOutput, RemoteEngine
from imagegate.engines.remote.sizes import fit_pixels, nearest_aspect
from imagegate.errors import ContentModerated, InvalidRequest, TaskNotSupported

ASPECTS = ("21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21")
MAX_SEED = 2**32 - 1  # BFL's seeds are 32-bit in its examples; larger ones are refused up front


def family(source: str) -> str:
    if source.startswith("flux-2-"):
        return "flux2"
    if source in ("flux-pro-1.1-ultra", "flux-kontext-pro", "flux-kontext-max"):
        return "aspect"
    if source.startswith("flux-pro-1.0-fill"):
        return "fill"
    if source.startswith("flux-pro-1.0-expand"):
        return "expand"
    return "pixels"  # flux-pro-1.1, flux-pro, flux-dev


class BFLEngine(RemoteEngine):
    name = "bfl"
    tasks: ClassVar[frozenset[Task]] = frozenset({Task.txt2img, Task.img2img, Task.inpaint, Task.outpaint})
    default_base_url = "https://api.bfl.ai"
    default_poll_s = 0.5  # as BFL's reference client
    moderation_note = (
        "'Request Moderated' fails the job with content_moderated; a 'Content Moderated' output becomes a black "
        "image flagged nsfw_content_detected"
    )

    @classmethod
    def model_tasks(cls, spec: ModelSpec) -> frozenset[Task]:
        kind = family(spec.source)
        if kind == "fill":
            return frozenset({Task.inpaint})
        if kind == "expand":
            return frozenset({Task.outpaint})
        if kind == "flux2" or spec.source.startswith("flux-kontext"):
            return frozenset({Task.txt2img, Task.img2img})
        return frozenset({Task.txt2img})

    @classmethod
    def accepted(cls, spec: ModelSpec) -> set[str]:
        tuned = (
            spec.source == "flux-dev"
            or spec.source.startswith("flux-2-flex")
            or family(spec.source)
            in (
                "fill",
                "expand",
            )
        )
        return {"seed", "num_inference_steps", "guidance_scale"} if tuned else {"seed"}

    def size_rule(self, spec: ModelSpec) -> dict[str, Any]:
        kind = family(spec.source)
        if kind == "aspect":
            return {"mode": "aspect_ratio", "ratios": list(ASPECTS)}
        if kind == "flux2":
            return {"mode": "pixels", "multiple": 16, "max_megapixels": 4}
        if kind == "pixels":
            return {"mode": "pixels", "multiple": 32, "min": 256, "max": 1440}
        return {"mode": "input_image"}

    def auth_headers(self, secret: str | None) -> dict[str, str]:
        return {"x-key": secret} if secret else {}

    def check(self, spec: ModelSpec, request: AnyRequest) -> None:
        seed = getattr(request, "seed", None)
        if seed is not None and seed + getattr(request, "num_images", 1) - 1 > MAX_SEED:
            raise InvalidRequest.for_field("seed", f"BFL takes seeds up to {MAX_SEED}")

    def read_error(self, response: httpx.Response, body: Any) -> tuple[str, bool]:
        detail = body.get("detail") if isinstance(body, dict) else None
        if isinstance(detail, list):
            parts = []
            for item in detail:
                if isinstance(item, dict):
                    loc = ".".join(str(p) for p in item.get("loc", []) if p != "body")
                    parts.append(f"{loc}: {item.get('msg')}" if loc else str(item.get("msg")))
            return "; ".join(parts) or "invalid request", False
        if isinstance(detail, str):
            return detail, False
        return super().read_error(response, body)

    async def body(self, call: ProviderCall, request: AnyRequest, seed: int | None) -> dict[str, Any]:
        kind = family(call.spec.source)
        body: dict[str, Any] = {"output_format": "png"}
        if isinstance(request, DiffusionParams):
            body["prompt"] = request.prompt
            if seed is not None:
                body["seed"] = seed
            if "num_inference_steps" in self.accepted(call.spec) and request.num_inference_steps is not None:
                body["steps"] = request.num_inference_steps
            if "guidance_scale" in self.accepted(call.spec) and request.guidance_scale is not None:
                body["guidance"] = request.guidance_scale
            assert request.width is not None and request.height is not None
            if kind == "aspect":
                body["aspect_ratio"] = nearest_aspect(request.width, request.height, ASPECTS)
            elif kind == "pixels":
                body["width"], body["height"] = fit_pixels(
                    request.width, request.height, multiple=32, low=256, high=1440
                )
            elif kind == "flux2" and isinstance(request, Txt2ImgRequest):
                body["width"], body["height"] = fit_pixels(
                    request.width, request.height, multiple=16, low=64, high=4096, max_pixels=4_000_000
                )
        if isinstance(request, Img2ImgRequest):
            body["input_image"] = (await self.image(request.init_image, "init_image")).b64()
        elif isinstance(request, InpaintRequest):
            body["image"] = (await self.image(request.init_image, "init_image")).b64()
            body["mask"] = (await self.mask(request)).b64()
        elif isinstance(request, OutpaintRequest):
            body["image"] = (await self.image(request.init_image, "init_image")).b64()
            body.update(top=request.top, bottom=request.bottom, left=request.left, right=request.right)
        elif not isinstance(request, Txt2ImgRequest):
            raise TaskNotSupported.for_field("task", f"BFL cannot do {request.task.value}")
        body.update(call.options)
        return body

    async def run(self, call: ProviderCall, request: AnyRequest) -> ProviderOutput:
        costs: list[float] = []

        async def one(index: int, _n: int) -> list[GeneratedImage]:
            body = await self.body(call, request, self.seed_for(request, index))
            submitted = (await call.send("POST", f"v1/{call.spec.source}", json=body)).json()
            if not isinstance(submitted, dict) or not isinstance(submitted.get("id"), str):
                raise call.fail("BFL answered the submit without an id")
            task_id = submitted["id"]
            call.request_ids.append(task_id)
            if isinstance(submitted.get("cost"), int | float):
                costs.append(float(submitted["cost"]))
            polling = submitted.get("polling_url")
            if not isinstance(polling, str) or not call.trusted(polling):
                polling = f"v1/get_result?id={task_id}"
            return [await self.wait(call, request, polling, index)]

        images = await self.batches(call, getattr(request, "num_images", 1), one)
        return ProviderOutput(images=images, reported_cost=sum(costs) if costs else None)

    async def wait(self, call: ProviderCall, request: AnyRequest, polling: str, index: int) -> GeneratedImage:
        while True:
            result = (await call.send("GET", polling)).json()
            status = result.get("status") if isinstance(result, dict) else None
            if status == "Ready":
                sample = (result.get("result") or {}).get("sample")
                if not isinstance(sample, str):
                    raise call.fail("BFL reported Ready without result.sample")
                image = await call.image(await call.download(sample))
                seed = (result.get("result") or {}).get("seed")
                return GeneratedImage(
                    image=image, seed=seed if isinstance(seed, int) else self.seed_for(request, index)
                )
            if status == "Pending":
                progress = result.get("progress")
                if isinstance(progress, int | float):
                    call.ctx.step(int(max(0.0, min(1.0, float(progress))) * 100), 100)
                await call.sleep(call.poll_interval)
                continue
            reason = call.redact(self.details(result))
            if status == "Request Moderated":
                raise ContentModerated(
                    f"BFL moderation refused the request: {reason}", provider=self.name, reason=reason
                )
            if status == "Content Moderated":
                call.warn(f"BFL withheld an output for moderation ({reason}); it is a black image flagged NSFW")
                width, height = getattr(request, "width", None) or 64, getattr(request, "height", None) or 64
                return GeneratedImage(
                    image=imgs.blank(width, height), seed=self.seed_for(request, index), nsfw_content_detected=True
                )
            if status == "Error":
                raise call.fail(f"BFL generation failed: {reason}", code="provider_unavailable")
            raise call.fail(f"BFL reported status {status!r}: {reason}")

    @staticmethod
    def details(result: Any) -> str:
        if not isinstance(result, dict):
            return "no details"
        details = result.get("details")
        if isinstance(details, dict) and details:
            reasons = details.get("Moderation Reasons") or details.get("reasons")
            if isinstance(reasons, list) and reasons:
                return ", ".join(str(r) for r in reasons)
            return ", ".join(f"{k}: {v}" for k, v in details.items())
        if isinstance(details, str) and details:
            return details
        return str(result.get("status") or "no details")

"""Replicate predictions: create (holding the request with ``Prefer: wait``), poll, cancel.

Wire facts (reference/hosted_apis.md §6): Bearer auth; ``POST /v1/models/{owner}/{name}/predictions``
for official models, ``POST /v1/predictions`` with ``version`` for a pinned version, ``POST
/v1/deployments/{owner}/{name}/predictions`` for deployments; body ``{input: {...}}``. The prediction
object has ``id, status, output, error, metrics, urls: {get, cancel}``; ``status`` goes ``starting`` →
``processing`` → ``succeeded`` | ``failed`` | ``canceled`` (| ``aborted``). ``Prefer: wait=N`` holds the
create call up to N s and may return an unfinished prediction, then polled on ``urls.get``.
``POST …/cancel`` stops it: a canceled job cancels its prediction.

``source``: ``owner/name`` (official model), ``owner/name:<version>`` or a bare 64-hex version, or
``deployments/owner/name``. Replicate models each have their own inputs, so the catalog maps our
parameters to them with ``provider.inputs`` (default: the FLUX schnell schema — ``prompt``,
``num_outputs``, ``seed``, and width/height as the nearest ``aspect_ratio``); ``provider.size`` says
how the size is sent. Parameters with no input are refused (or dropped with ``provider.drop``).
``provider.options`` are sent as further inputs, except ``prefer_wait`` (seconds, default 60; 0 = don't
hold). Errors are problem details ``{title, detail, status}`` (assumed from the API's behaviour; the
reference has no error schema). A failed prediction whose error mentions NSFW is moderation.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, ClassVar

import httpx

from imagegate.domain.jobs import GeneratedImage
from imagegate.domain.models import ModelSpec, ProviderConfig
from imagegate.domain.requests import (
    AnyRequest,
    DiffusionParams,
    Img2ImgRequest,
    InpaintRequest,
    Task,
    Txt2ImgRequest,
)
from imagegate.engines.remote.base import ProviderCall, ProviderOutput, RemoteEngine
from imagegate.engines.remote.sizes import nearest_aspect
from imagegate.errors import ContentModerated, ImagegateError, JobInterrupted, TaskNotSupported

ASPECTS = ("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21")
VERSION = re.compile(r"^[0-9a-f]{64}$")
PENDING = frozenset({"starting", "processing"})
NSFW = re.compile(r"nsfw", re.IGNORECASE)
CONTROL_OPTIONS = frozenset({"prefer_wait"})


def path_for(source: str) -> tuple[str, str | None]:
    """(create path, version or None)."""
    if source.startswith("deployments/"):
        return f"v1/{source}/predictions", None
    if VERSION.match(source):
        return "v1/predictions", source
    if ":" in source:
        _, version = source.split(":", 1)
        return "v1/predictions", version
    return f"v1/models/{source}/predictions", None


class ReplicateEngine(RemoteEngine):
    name = "replicate"
    tasks: ClassVar[frozenset[Task]] = frozenset({Task.txt2img, Task.img2img, Task.inpaint})
    default_base_url = "https://api.replicate.com"
    uses_inputs = True
    default_inputs: ClassVar[dict[str, str]] = {"prompt": "prompt", "num_images": "num_outputs", "seed": "seed"}
    max_per_request = 4
    cancels_at_provider = True
    moderation_note = "a prediction failed for NSFW content fails the job with content_moderated"

    @classmethod
    def model_tasks(cls, spec: ModelSpec) -> frozenset[Task]:
        tasks = {Task.txt2img}
        if _input_for(spec, "init_image"):
            tasks.add(Task.img2img)
            if _input_for(spec, "mask_image"):
                tasks.add(Task.inpaint)
        return frozenset(tasks)

    @classmethod
    def check_config(cls, spec: ModelSpec, config: ProviderConfig) -> None:
        if "prompt" not in cls.inputs(spec):
            raise ValueError("provider.inputs: must map 'prompt' to the model's prompt input")
        source = spec.source.split(":", 1)[0].removeprefix("deployments/")
        if not VERSION.match(spec.source) and source.count("/") != 1:
            raise ValueError(
                f"source: {spec.source!r} is not owner/name, owner/name:version, a version or deployments/owner/name"
            )

    @classmethod
    def size_mode(cls, spec: ModelSpec) -> str:
        config = spec.provider
        if config and config.size:
            return config.size
        inputs = cls.inputs(spec)
        return "pixels" if "width" in inputs and "height" in inputs else "aspect_ratio"

    def size_rule(self, spec: ModelSpec) -> dict[str, Any]:
        mode = self.size_mode(spec)
        if mode == "aspect_ratio":
            return {"mode": "aspect_ratio", "ratios": list(ASPECTS)}
        return {"mode": mode}

    def read_error(self, response: httpx.Response, body: Any) -> tuple[str, bool]:
        if isinstance(body, dict) and ("detail" in body or "title" in body):
            text = str(body.get("detail") or body.get("title"))
            return text, False
        return super().read_error(response, body)

    async def payload(self, call: ProviderCall, request: AnyRequest, n: int, seed: int | None) -> dict[str, Any]:
        inputs = self.inputs(call.spec)
        data: dict[str, Any] = {}
        if isinstance(request, DiffusionParams):
            data = self.mapped_params(inputs, request, n, seed)
            assert request.width is not None and request.height is not None
            mode = self.size_mode(call.spec)
            if mode == "aspect_ratio":
                data[inputs.get("aspect_ratio", "aspect_ratio")] = nearest_aspect(
                    request.width, request.height, ASPECTS
                )
            elif mode == "pixels":
                data[inputs.get("width", "width")] = request.width
                data[inputs.get("height", "height")] = request.height
        if isinstance(request, Img2ImgRequest | InpaintRequest):
            image_input = _input_for(call.spec, "init_image")
            assert image_input is not None
            data[image_input] = (await self.image(request.init_image, "init_image")).data_uri()
            if "strength" in inputs:
                data[inputs["strength"]] = request.strength
        if isinstance(request, InpaintRequest):
            mask_input = _input_for(call.spec, "mask_image")
            assert mask_input is not None
            data[mask_input] = (await self.mask(request)).data_uri()
        elif not isinstance(request, Txt2ImgRequest | Img2ImgRequest):
            raise TaskNotSupported.for_field("task", f"Replicate cannot do {request.task.value}")
        data.update({k: v for k, v in call.options.items() if k not in CONTROL_OPTIONS})
        return data

    async def run(self, call: ProviderCall, request: AnyRequest) -> ProviderOutput:
        path, version = path_for(call.spec.source)
        # Hold the create at most until shortly before our own HTTP timeout: a create we give up on
        # would still run (and bill) at Replicate.
        wait = min(int(call.options.get("prefer_wait", 60)), 60, max(0, int(call.config.timeout_s) - 5))
        metrics: dict[str, float] = {}

        async def one(index: int, n: int) -> list[GeneratedImage]:
            body: dict[str, Any] = {"input": await self.payload(call, request, n, self.seed_for(request, index))}
            if version:
                body["version"] = version
            headers = {"prefer": f"wait={wait}"} if wait > 0 else {}
            prediction = _object(call, await call.send("POST", path, json=body, headers=headers))
            call.request_ids.append(str(prediction["id"]))
            try:
                while prediction.get("status") in PENDING:
                    await call.sleep(call.poll_interval)
                    prediction = _object(call, await call.send("GET", _link(call, prediction, "get")))
            except (JobInterrupted, asyncio.CancelledError, ImagegateError):
                # Stopped, or polling failed: don't leave a prediction running (and billing) behind.
                await call.best_effort(lambda: call.send("POST", _link(call, prediction, "cancel")))
                raise
            return await self.finish(call, prediction, request, index, metrics)

        images = await self.batches(call, getattr(request, "num_images", 1), one)
        return ProviderOutput(images=images, info={"metrics": metrics} if metrics else {})

    async def finish(
        self, call: ProviderCall, prediction: dict[str, Any], request: AnyRequest, index: int, metrics: dict[str, float]
    ) -> list[GeneratedImage]:
        status = prediction.get("status")
        if status != "succeeded":
            error = call.redact(str(prediction.get("error") or status))
            if NSFW.search(error):
                raise ContentModerated(
                    f"Replicate moderation refused the output: {error}", provider=self.name, reason=error
                )
            raise call.fail(f"Replicate prediction {status}: {error}", code="provider_generation_failed")
        predict_time = (prediction.get("metrics") or {}).get("predict_time")
        if isinstance(predict_time, int | float):
            metrics["predict_time"] = round(metrics.get("predict_time", 0.0) + float(predict_time), 4)
        output = prediction.get("output")
        urls = [output] if isinstance(output, str) else output if isinstance(output, list) else []
        urls = [u for u in urls if isinstance(u, str)]
        if not urls:
            raise call.fail("Replicate prediction succeeded without output files")
        seed = self.seed_for(request, index)
        made = []
        for i, url in enumerate(urls):
            image = await call.image(await call.download(url))
            made.append(GeneratedImage(image=image, seed=seed if i == 0 else None))
        return made


def _input_for(spec: ModelSpec, name: str) -> str | None:
    """The model input that takes an image (``provider.inputs`` may name ``init_image``/``mask_image``
    beside the diffusion parameters)."""
    configured = spec.provider.inputs if spec.provider else {}
    return configured.get(name)


def _object(call: ProviderCall, response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or "id" not in body or "status" not in body:
        raise call.fail("Replicate answered something that is not a prediction")
    return body


def _link(call: ProviderCall, prediction: dict[str, Any], name: str) -> str:
    url = (prediction.get("urls") or {}).get(name)
    if isinstance(url, str) and call.trusted(url):
        return url
    suffix = "/cancel" if name == "cancel" else ""
    return f"v1/predictions/{prediction['id']}{suffix}"

"""ModelsLab v6 (formerly stablediffusionapi.com): imagegate can front a ModelsLab account too.

Wire facts (reference/hosted_apis.md §1): everything is ``POST`` JSON with the key in the body as
``key``; community models at ``/api/v6/images/text2img`` (``model_id``), the fixed fast model at
``/api/v6/realtime/text2img``. Answers are HTTP 200 with ``status`` ``success`` (``output`` URLs,
``nsfw_content_detected``, ``meta``), ``processing`` (``id``, ``eta``, ``fetch_result``) or ``error``
(``message``, or the legacy ``messege``); request-level failures use 401/402/429 with
``{status: "error", message, retry_after?}``. Polling is ``POST /api/v6/images/fetch/{id}`` (realtime:
``/api/v6/realtime/fetch/{id}``) with ``{key}``, or the ``fetch_result`` URL given.

Mapping (``source`` is the ``model_id``, or ``realtime``): width/height up to 1024 each;
``num_images`` → ``samples`` (≤ 4 a request); ``num_inference_steps``, ``guidance_scale``,
``negative_prompt``, ``seed`` by name (realtime takes only the last two); ``scheduler`` as the diffusers
class name (A1111 names are translated, Karras variants set ``use_karras_sigmas``). We always send
``enhance_prompt: "no"`` — ModelsLab rewrites prompts by default, which would silently change what
was asked — plus ``base64: false``, ``webhook: null``, ``track_id: null``. ``nsfw_content_detected``
is one flag for the whole answer, so it marks every image of it. A 200 ``error`` whose message speaks
of the key is bad credentials, of limits or queues a rate limit; other errors are provider failures.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from imagegate.domain.jobs import GeneratedImage
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, Task, Txt2ImgRequest
from imagegate.engines.diffusers import schedulers
from imagegate.engines.remote.base import ProviderCall, ProviderOutput, RemoteEngine
from imagegate.engines.remote.errors import DEFAULT_RETRY_AFTER_S, classify
from imagegate.errors import ImagegateError, InvalidRequest, TaskNotSupported

MAX_SIDE = 1024
KEY_WORDS = re.compile(r"\b(api )?key\b", re.IGNORECASE)
LIMIT_WORDS = re.compile(r"rate limit|too many|queued requests|limit exceeded", re.IGNORECASE)


def realtime(spec: ModelSpec) -> bool:
    return spec.source == "realtime"


class ModelsLabEngine(RemoteEngine):
    name = "modelslab"
    default_base_url = "https://modelslab.com/api"
    max_per_request = 4
    moderation_note = "nsfw_content_detected (one flag per answer) marks each of its images"

    @classmethod
    def model_tasks(cls, spec: ModelSpec) -> frozenset[Task]:
        return frozenset({Task.txt2img})

    @classmethod
    def accepted(cls, spec: ModelSpec) -> set[str]:
        if realtime(spec):
            return {"negative_prompt", "seed"}
        return {"negative_prompt", "seed", "num_inference_steps", "guidance_scale", "scheduler"}

    def size_rule(self, spec: ModelSpec) -> dict[str, Any]:
        return {"mode": "pixels", "max": MAX_SIDE}

    def auth_headers(self, secret: str | None) -> dict[str, str]:
        return {}  # the key travels in the body

    def check(self, spec: ModelSpec, request: AnyRequest) -> None:
        for name in ("width", "height"):
            value = getattr(request, name, None)
            if value is not None and value > MAX_SIDE:
                raise InvalidRequest.for_field(name, f"ModelsLab takes at most {MAX_SIDE} pixels")
        scheduler = getattr(request, "scheduler", None)
        if scheduler:
            schedulers.resolve(scheduler, flow=None)

    def read_error(self, response: httpx.Response, body: Any) -> tuple[str, bool]:
        if isinstance(body, dict):
            text = body.get("message") or body.get("messege")
            if isinstance(text, str):
                return text, False
        return super().read_error(response, body)

    def body(self, call: ProviderCall, request: Txt2ImgRequest, n: int, seed: int | None) -> dict[str, Any]:
        assert request.width is not None and request.height is not None
        body: dict[str, Any] = {
            "key": call.secret,
            "prompt": request.prompt,
            "negative_prompt": request.negative_prompt,
            "width": request.width,
            "height": request.height,
            "samples": n,
            "seed": seed,
            "base64": False,
            "webhook": None,
            "track_id": None,
        }
        if realtime(call.spec):
            body["instant_response"] = False
        else:
            body["model_id"] = call.spec.source
            body["enhance_prompt"] = "no"
            body["num_inference_steps"] = request.num_inference_steps
            body["guidance_scale"] = request.guidance_scale
            if request.scheduler:
                choice = schedulers.resolve(request.scheduler, flow=None)
                body["scheduler"] = choice.class_name
                body["use_karras_sigmas"] = "yes" if choice.overrides.get("use_karras_sigmas") else "no"
        body.update(call.options)
        return {k: v for k, v in body.items() if v is not None or k in ("seed", "webhook", "track_id")}

    def answer_error(self, call: ProviderCall, body: dict[str, Any]) -> ImagegateError:
        message = call.redact(str(body.get("message") or body.get("messege") or "error"))
        if KEY_WORDS.search(message):
            return classify(self.name, 401, message, credential_env=call.config.api_key_env)
        if LIMIT_WORDS.search(message):
            wait = body.get("retry_after")
            retry = float(wait) if isinstance(wait, int | float) else DEFAULT_RETRY_AFTER_S
            return classify(self.name, 429, message, credential_env=call.config.api_key_env, retry_after=retry)
        return call.fail(f"ModelsLab generation failed: {message}", code="provider_generation_failed")

    async def run(self, call: ProviderCall, request: AnyRequest) -> ProviderOutput:
        if not isinstance(request, Txt2ImgRequest):
            raise TaskNotSupported.for_field("task", f"ModelsLab cannot do {request.task.value} here yet")
        family = "realtime" if realtime(call.spec) else "images"
        info: dict[str, Any] = {}

        async def one(index: int, n: int) -> list[GeneratedImage]:
            seed = self.seed_for(request, index)
            answer = self.parse(
                call, await call.send("POST", f"v6/{family}/text2img", json=self.body(call, request, n, seed))
            )
            while answer.get("status") == "processing":
                task_id = answer.get("id")
                if task_id is None:
                    raise call.fail("ModelsLab answered processing without an id")
                if str(task_id) not in call.request_ids:
                    call.request_ids.append(str(task_id))
                # Wait what ModelsLab estimates (bounded), never less than the configured interval.
                eta = answer.get("eta")
                wait = min(float(eta), 30.0) if isinstance(eta, int | float) and eta > 0 else 0.0
                await call.sleep(max(call.poll_interval, wait))
                fetch = answer.get("fetch_result")
                url = fetch if isinstance(fetch, str) and call.trusted(fetch) else f"v6/{family}/fetch/{task_id}"
                answer = self.parse(call, await call.send("POST", url, json={"key": call.secret}))
            if answer.get("status") != "success":
                raise self.answer_error(call, answer)
            if isinstance(answer.get("generationTime"), int | float):
                info["generation_time"] = round(info.get("generation_time", 0.0) + answer["generationTime"], 4)
            urls = [u for u in answer.get("output") or [] if isinstance(u, str)]
            if not urls:
                raise call.fail("ModelsLab answered success without output URLs")
            flagged = answer.get("nsfw_content_detected") in (True, "true", "yes")
            meta_seed = (answer.get("meta") or {}).get("seed") if isinstance(answer.get("meta"), dict) else None
            first_seed = meta_seed if isinstance(meta_seed, int) else seed
            if flagged:
                call.warn("ModelsLab reported NSFW content (nsfw_content_detected) for a batch; its images are flagged")
            made = []
            for i, url in enumerate(urls[:n]):
                image = await call.image(await call.download(url))
                made.append(
                    GeneratedImage(image=image, seed=first_seed if i == 0 else None, nsfw_content_detected=flagged)
                )
            return made

        images = await self.batches(call, request.num_images, one)
        return ProviderOutput(images=images, info=info)

    def parse(self, call: ProviderCall, response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or body.get("status") not in ("success", "processing", "error", "failed"):
            raise call.fail("ModelsLab answered without a status")
        return body

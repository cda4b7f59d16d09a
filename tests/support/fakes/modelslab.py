"""ModelsLab v6, as documented (reference/hosted_apis.md §1): ``POST`` JSON with ``key`` in the body;
community ``/api/v6/images/text2img`` and ``/api/v6/realtime/text2img``; answers are HTTP 200
``success`` / ``processing`` (with ``id``, ``eta``, ``fetch_result``, ``future_links``) / ``error``
(``messege``); request-level failures 401/429 ``{status: "error", message, retry_after?}``; polling
``POST /api/v6/{family}/fetch/{id}`` with ``{key}``. The first ``processing_rounds`` reads of a
request answer ``processing``. Prompts steer: ``nsfw`` → ``nsfw_content_detected``; ``fail-generation``
→ a 200 ``error``."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.support.fakes.base import FakeProvider, is_int, is_number

COMMUNITY = {
    "key", "model_id", "prompt", "negative_prompt", "width", "height", "samples", "num_inference_steps",
    "safety_checker", "safety_checker_type", "seed", "guidance_scale", "enhance_prompt", "enhance_style",
    "use_karras_sigmas", "algorithm_type", "scheduler", "vae", "lora_model", "lora_strength", "clip_skip", "tomesd",
    "base64", "temp", "webhook", "track_id", "multi_lingual", "upscale", "highres_fix", "panorama", "self_attention",
}  # fmt: skip
REALTIME = {"key", "prompt", "negative_prompt", "width", "height", "samples", "safety_checker", "seed",
            "instant_response", "base64", "webhook", "track_id", "enhance_prompt", "enhance_style"}  # fmt: skip
SCHEDULERS = {
    "DDPMScheduler", "DDIMScheduler", "PNDMScheduler", "LMSDiscreteScheduler", "EulerDiscreteScheduler",
    "EulerAncestralDiscreteScheduler", "DPMSolverMultistepScheduler", "HeunDiscreteScheduler",
    "KDPM2DiscreteScheduler", "DPMSolverSinglestepScheduler", "KDPM2AncestralDiscreteScheduler",
    "UniPCMultistepScheduler", "DDIMInverseScheduler", "DEISMultistepScheduler", "IPNDMScheduler",
    "KarrasVeScheduler", "ScoreSdeVeScheduler", "LCMScheduler",
}  # fmt: skip
YES_NO = {True, False, "yes", "no", "true", "false"}


def loose_int(value: Any) -> bool:
    return is_int(value) or (isinstance(value, str) and value.isdigit())


class FakeModelsLab(FakeProvider):
    name = "modelslab"

    def __init__(self, key: str, *, processing_rounds: int = 1):
        super().__init__(key)
        self.processing_rounds = processing_rounds
        self.jobs: dict[int, dict[str, Any]] = {}
        self._next = 13441520

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/api/v6/{family}/text2img", self.text2img, methods=["POST"]),
            Route("/api/v6/{family}/fetch/{id}", self.fetch, methods=["POST"]),
        ]

    def auth(self, body: Any) -> Response | None:
        key = body.get("key") if isinstance(body, dict) else None
        if key is None:
            self.violate("key missing from the JSON body")
            return JSONResponse({"status": "error", "message": "The key field is required."}, status_code=401)
        if key != self.key:
            return JSONResponse({"status": "error", "message": "Invalid API key provided"}, status_code=401)
        return None

    async def text2img(self, request: Request) -> Response:
        family = request.path_params["family"]
        body = await self.json_body(request)
        scripted = await self.seen(request, body)
        if (denied := self.auth(body)) is not None:
            return denied
        if family not in ("images", "realtime"):
            self.violate(f"unknown family {family!r}")
            return JSONResponse({"status": "error", "message": "Not found"}, status_code=404)
        assert isinstance(body, dict)
        allowed = COMMUNITY if family == "images" else REALTIME
        problems = self.check_fields(family, body, required={"key", "prompt"}, allowed=allowed)
        if family == "images":
            self.check(isinstance(body.get("model_id"), str), "model_id is required", problems)
        for side in ("width", "height"):
            if side in body:
                ok = loose_int(body[side]) and 0 < int(body[side]) <= 1024
                self.check(ok, f"{side} must be ≤ 1024", problems)
        if "samples" in body:
            self.check(loose_int(body["samples"]) and 1 <= int(body["samples"]) <= 4, "samples must be 1..4", problems)
        if "seed" in body:
            self.check(body["seed"] is None or loose_int(body["seed"]), "seed must be an integer or null", problems)
        if "guidance_scale" in body:
            self.check(is_number(body["guidance_scale"]), "guidance_scale must be a number", problems)
        if "scheduler" in body:
            self.check(body["scheduler"] in SCHEDULERS, f"scheduler {body['scheduler']!r}", problems)
        for flag in ("enhance_prompt", "use_karras_sigmas", "safety_checker", "base64", "instant_response"):
            if flag in body:
                self.check(body[flag] in YES_NO, f"{flag} must be a yes/no flag", problems)
        if problems:
            return JSONResponse({"status": "error", "message": problems[0]})
        if scripted is not None:
            return scripted
        if "fail-generation" in body["prompt"]:
            return JSONResponse({"status": "error", "messege": "Failed to generate the image, please retry"})
        self._next += 1
        job_id = self._next
        self.jobs[job_id] = {"body": body, "family": family, "reads": 0}
        return self.answer(job_id, request)

    def answer(self, job_id: int, request: Request) -> Response:
        job = self.jobs[job_id]
        body = job["body"]
        job["reads"] += 1
        if job["reads"] <= self.processing_rounds:
            return JSONResponse(
                {
                    "status": "processing",
                    "tip": "",
                    "eta": 0.05,
                    "messege": "Try to fetch request after seconds estimated",
                    "webhook_status": "",
                    "fetch_result": f"{self.url}/api/v6/{job['family']}/fetch/{job_id}",
                    "id": job_id,
                    "output": [],
                    "meta": {"id": str(job_id)},
                    "future_links": [],
                }
            )
        if "urls" not in job:
            width, height = int(body.get("width", 512)), int(body.get("height", 512))
            count = int(body.get("samples", 1))
            job["urls"] = [self.image_url(width // 8, height // 8, (120, 60, 200)) for _ in range(count)]
        seed = body.get("seed")
        return JSONResponse(
            {
                "status": "success",
                "generationTime": 1.25,
                "id": job_id,
                "output": job["urls"],
                "proxy_links": job["urls"],
                "nsfw_content_detected": "nsfw" in body["prompt"],
                "webhook_status": "",
                "meta": {
                    "W": body.get("width"),
                    "H": body.get("height"),
                    "seed": int(seed) if seed is not None else 5150,
                },
            }
        )

    async def fetch(self, request: Request) -> Response:
        body = await self.json_body(request)
        scripted = await self.seen(request, body)
        if (denied := self.auth(body)) is not None:
            return denied
        if isinstance(body, dict):
            self.check_fields("fetch", body, required={"key"}, allowed={"key"})
        if scripted is not None:
            return scripted
        job_id = int(request.path_params["id"])
        if job_id not in self.jobs:
            return JSONResponse({"status": "error", "message": "Request not found"}, status_code=404)
        return self.answer(job_id, request)

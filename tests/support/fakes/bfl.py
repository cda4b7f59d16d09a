"""Black Forest Labs, as documented (reference/hosted_apis.md §3): ``x-key`` auth, ``POST /v1/<model>``
→ ``{id, polling_url, cost}``, ``GET /v1/get_result?id=`` → ``Pending`` (``pending_polls`` times, with
progress) then ``Ready`` with ``result.sample``. Prompts steer the outcome: ``moderate-request`` →
``Request Moderated``, ``moderate-content`` → ``Content Moderated``, ``fail-generation`` → ``Error``.
Validation errors are 422 ``{detail: [{loc, msg, type}]}``."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.support.fakes.base import FakeProvider, is_int, is_number

COMMON = {"prompt", "seed", "safety_tolerance", "output_format", "prompt_upsampling", "webhook_url", "webhook_secret"}
SCHEMAS: dict[str, set[str]] = {
    "flux-pro-1.1": COMMON | {"image_prompt", "width", "height"},
    "flux-pro": COMMON | {"image_prompt", "width", "height", "steps", "guidance", "interval"},
    "flux-dev": COMMON | {"image_prompt", "width", "height", "steps", "guidance"},
    "flux-pro-1.1-ultra": COMMON | {"aspect_ratio", "raw", "image_prompt", "image_prompt_strength"},
    "flux-kontext-pro": COMMON | {"input_image", "aspect_ratio"},
    "flux-kontext-max": COMMON | {"input_image", "aspect_ratio"},
    "flux-2-pro": COMMON | {"width", "height", "input_image", "input_image_2", "input_image_3", "input_image_4"},
    "flux-2-flex": COMMON | {"width", "height", "input_image", "guidance", "steps"},
    "flux-pro-1.0-fill": COMMON | {"image", "mask", "steps", "guidance"},
    "flux-pro-1.0-expand": COMMON | {"image", "top", "bottom", "left", "right", "steps", "guidance"},
}
ASPECTS = {"21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21"}


def detail(loc: str, msg: str) -> JSONResponse:
    return JSONResponse({"detail": [{"loc": ["body", loc], "msg": msg, "type": "value_error"}]}, status_code=422)


class FakeBFL(FakeProvider):
    name = "bfl"

    def __init__(self, key: str, *, pending_polls: int = 2):
        super().__init__(key)
        self.pending_polls = pending_polls
        self.tasks: dict[str, dict[str, Any]] = {}

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/v1/get_result", self.get_result, methods=["GET"]),
            Route("/v1/{model}", self.submit, methods=["POST"]),
        ]

    def auth(self, request: Request) -> Response | None:
        key = request.headers.get("x-key")
        if key is None:
            self.violate("x-key header missing")
            return JSONResponse({"detail": "Not authenticated"}, status_code=403)
        if key != self.key:
            return JSONResponse({"detail": "Invalid API key"}, status_code=401)
        return None

    async def submit(self, request: Request) -> Response:
        body = await self.json_body(request)
        scripted = await self.seen(request, body)
        if (denied := self.auth(request)) is not None:
            return denied
        model = request.path_params["model"]
        if model not in SCHEMAS:
            self.violate(f"unknown BFL endpoint {model!r}")
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        if not isinstance(body, dict):
            return detail("body", "invalid JSON")
        problems = self.check_fields(model, body, required=set(), allowed=SCHEMAS[model])
        if model in ("flux-pro-1.0-fill", "flux-pro-1.0-expand"):
            self.check("image" in body, f"{model}: image is required", problems)
        else:
            self.check(isinstance(body.get("prompt"), str) and body["prompt"], f"{model}: prompt required", problems)
        for side in ("width", "height"):
            if side in body:
                value = body[side]
                if model.startswith("flux-2-"):
                    ok = is_int(value) and value % 16 == 0 and 64 <= value <= 4096
                else:
                    ok = is_int(value) and value % 32 == 0 and 256 <= value <= 1440
                self.check(ok, f"{model}: {side}={value!r} out of range or not a multiple", problems)
        if "aspect_ratio" in body:
            self.check(body["aspect_ratio"] in ASPECTS, f"{model}: aspect_ratio {body['aspect_ratio']!r}", problems)
        if "seed" in body:
            self.check(is_int(body["seed"]), f"{model}: seed must be an integer", problems)
        for name in ("steps",):
            if name in body:
                self.check(is_int(body[name]) and 1 <= body[name] <= 50, f"{model}: steps out of range", problems)
        if "guidance" in body:
            self.check(is_number(body["guidance"]), f"{model}: guidance must be a number", problems)
        if "output_format" in body:
            self.check(body["output_format"] in ("jpeg", "png", "webp"), f"{model}: output_format", problems)
        if problems:
            return detail("body", problems[0])
        if scripted is not None:
            return scripted
        task_id = self.new_id()
        self.tasks[task_id] = {"model": model, "body": body, "polls": 0}
        return JSONResponse(
            {
                "id": task_id,
                "polling_url": f"{self.url}/v1/get_result?id={task_id}",
                "cost": 4.0,
                "input_mp": None,
                "output_mp": 1.0,
            }
        )

    def size(self, model: str, body: dict[str, Any]) -> tuple[int, int]:
        if "width" in body:
            return body["width"] // 16, body["height"] // 16  # small stand-ins, same aspect
        if "aspect_ratio" in body:
            w, h = (int(p) for p in body["aspect_ratio"].split(":"))
            return w * 8, h * 8
        return 64, 64

    async def get_result(self, request: Request) -> Response:
        scripted = await self.seen(request)
        if (denied := self.auth(request)) is not None:
            return denied
        task_id = request.query_params.get("id")
        if not task_id:
            self.violate("get_result without id")
            return detail("id", "field required")
        if scripted is not None:
            return scripted
        task = self.tasks.get(task_id)
        if task is None:
            return JSONResponse({"id": task_id, "status": "Task not found", "result": None, "progress": None})
        body = task["body"]
        prompt = str(body.get("prompt", ""))
        task["polls"] += 1
        if task["polls"] <= self.pending_polls:
            progress = task["polls"] / (self.pending_polls + 1)
            return JSONResponse({"id": task_id, "status": "Pending", "result": None, "progress": progress})
        if "moderate-request" in prompt:
            return JSONResponse(
                {"id": task_id, "status": "Request Moderated", "result": None,
                 "details": {"Moderation Reasons": ["Derivative Works Filter"]}}
            )  # fmt: skip
        if "moderate-content" in prompt:
            return JSONResponse(
                {
                    "id": task_id,
                    "status": "Content Moderated",
                    "result": None,
                    "details": {"Moderation Reasons": ["NSFW"]},
                }
            )
        if "fail-generation" in prompt:
            return JSONResponse({"id": task_id, "status": "Error", "result": None, "details": {"error": "GPU fault"}})
        width, height = self.size(task["model"], body)
        return JSONResponse(
            {
                "id": task_id,
                "status": "Ready",
                "result": {"sample": self.image_url(width, height), "prompt": prompt, "seed": body.get("seed", 1234)},
                "progress": 1.0,
            }
        )

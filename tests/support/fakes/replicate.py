"""Replicate predictions, as documented (reference/hosted_apis.md §6): Bearer auth; create on
``/v1/models/{owner}/{name}/predictions`` (or ``/v1/predictions`` with ``version``) with ``{input}``;
``Prefer: wait[=N]`` holds the create until done (here: done after ``polls_to_finish`` status reads,
so a held create returns an unfinished ``starting`` object when that is > 0); ``GET /v1/predictions/{id}``
and ``POST …/cancel``. Inputs are checked against each model's schema (``MODELS``); a prompt with
``nsfw`` fails the prediction the way Replicate's safety checker does."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.support.fakes.base import FakeProvider, is_int, is_number

ASPECTS = {"1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"}
VERSION = "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637"
# model → {input: check}
MODELS: dict[str, dict[str, Any]] = {
    "black-forest-labs/flux-schnell": {
        "prompt": lambda v: isinstance(v, str) and v,
        "aspect_ratio": lambda v: v in ASPECTS,
        "num_outputs": lambda v: is_int(v) and 1 <= v <= 4,
        "seed": is_int,
        "output_format": lambda v: v in ("webp", "jpg", "png"),
        "num_inference_steps": lambda v: is_int(v) and 1 <= v <= 4,
        "disable_safety_checker": lambda v: isinstance(v, bool),
        "go_fast": lambda v: isinstance(v, bool),
        "megapixels": lambda v: v in ("1", "0.25"),
    },
    f"stability-ai/sdxl:{VERSION}": {
        "prompt": lambda v: isinstance(v, str),
        "negative_prompt": lambda v: isinstance(v, str),
        "width": lambda v: is_int(v) and 64 <= v <= 2048,
        "height": lambda v: is_int(v) and 64 <= v <= 2048,
        "num_outputs": lambda v: is_int(v) and 1 <= v <= 4,
        "num_inference_steps": lambda v: is_int(v) and 1 <= v <= 500,
        "guidance_scale": lambda v: is_number(v) and 1 <= v <= 50,
        "seed": is_int,
        "image": lambda v: isinstance(v, str) and (v.startswith(("data:", "http"))),
        "mask": lambda v: isinstance(v, str) and (v.startswith(("data:", "http"))),
        "prompt_strength": lambda v: is_number(v) and 0 <= v <= 1,
    },
}
REQUIRED = {"black-forest-labs/flux-schnell": {"prompt"}, f"stability-ai/sdxl:{VERSION}": {"prompt"}}


def problem(status: int, title: str, detail: str) -> JSONResponse:
    return JSONResponse({"title": title, "detail": detail, "status": status}, status_code=status)


class FakeReplicate(FakeProvider):
    name = "replicate"

    def __init__(self, key: str, *, polls_to_finish: int = 2):
        super().__init__(key)
        self.polls_to_finish = polls_to_finish
        self.predictions: dict[str, dict[str, Any]] = {}
        self.canceled: list[str] = []

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/v1/models/{owner}/{name}/predictions", self.create_for_model, methods=["POST"]),
            Route("/v1/predictions", self.create_for_version, methods=["POST"]),
            Route("/v1/predictions/{id}", self.get, methods=["GET"]),
            Route("/v1/predictions/{id}/cancel", self.cancel, methods=["POST"]),
        ]

    def auth(self, request: Request) -> Response | None:
        header = request.headers.get("authorization")
        if header is None or not header.startswith("Bearer "):
            self.violate(f"authorization header missing or not Bearer: {header!r}")
            return problem(401, "Unauthenticated", "You did not pass an authentication token")
        if header != f"Bearer {self.key}":
            return problem(401, "Unauthenticated", "You did not pass a valid authentication token")
        return None

    def check_prefer(self, request: Request, problems: list[str]) -> int:
        prefer = request.headers.get("prefer")
        if prefer is None:
            return 0
        match = re.fullmatch(r"wait(?:=(\d+))?", prefer.strip())
        self.check(match is not None, f"Prefer header {prefer!r} is not wait or wait=N", problems)
        if match is None:
            return 0
        seconds = int(match.group(1) or 60)
        self.check(1 <= seconds <= 60, f"Prefer wait={seconds} out of 1..60", problems)
        return seconds

    async def create_for_model(self, request: Request) -> Response:
        model = f"{request.path_params['owner']}/{request.path_params['name']}"
        return await self.create(request, model, allowed={"input", "webhook", "webhook_events_filter"})

    async def create_for_version(self, request: Request) -> Response:
        return await self.create(request, None, allowed={"version", "input", "webhook", "webhook_events_filter"})

    async def create(self, request: Request, model: str | None, *, allowed: set[str]) -> Response:
        body = await self.json_body(request)
        scripted = await self.seen(request, body)
        if (denied := self.auth(request)) is not None:
            return denied
        if not isinstance(body, dict):
            return problem(400, "Invalid request", "body must be JSON")
        problems = self.check_fields("create", body, required={"input"}, allowed=allowed)
        prefer = self.check_prefer(request, problems)
        if model is None:
            version = body.get("version")
            model = next((m for m in MODELS if m.endswith(f":{version}")), None)
            self.check(model is not None, f"unknown version {version!r}", problems)
        elif model not in MODELS:
            self.violate(f"unknown model {model!r}")
            return problem(404, "Not found", "The requested resource could not be found.")
        inputs = body.get("input")
        if model is not None and isinstance(inputs, dict):
            schema = MODELS[model]
            for name in sorted(REQUIRED[model] - set(inputs)):
                self.check(False, f"input: {name} is required", problems)
            for name, value in inputs.items():
                check = schema.get(name)
                self.check(check is not None, f"input: Additional property {name} is not allowed", problems)
                if check is not None:
                    self.check(bool(check(value)), f"input.{name}: invalid value {value!r}", problems)
        elif model is not None:
            self.check(False, "input must be an object", problems)
        if problems:
            return problem(422, "Input validation failed", "; ".join(problems))
        if scripted is not None:
            return scripted
        prediction_id = self.new_id().replace("-", "")
        now = datetime.now(UTC).isoformat()
        prediction = {
            "id": prediction_id,
            "model": model.split(":")[0],
            "version": model.split(":")[1] if ":" in model else "official",
            "status": "starting",
            "input": inputs,
            "output": None,
            "error": None,
            "logs": "",
            "metrics": {},
            "created_at": now,
            "urls": {
                "get": f"{self.url}/v1/predictions/{prediction_id}",
                "cancel": f"{self.url}/v1/predictions/{prediction_id}/cancel",
            },
            "_reads": 0,
        }
        self.predictions[prediction_id] = prediction
        if prefer and self.polls_to_finish == 0:
            self.advance(prediction, finish=True)
        headers = {"location": prediction["urls"]["get"]}
        return JSONResponse(self.public(prediction), status_code=201, headers=headers)

    def advance(self, prediction: dict[str, Any], *, finish: bool = False) -> None:
        if prediction["status"] in ("succeeded", "failed", "canceled"):
            return
        prediction["_reads"] += 1
        if not finish and prediction["_reads"] < self.polls_to_finish:
            prediction["status"] = "processing"
            return
        inputs = prediction["input"]
        if "nsfw" in str(inputs.get("prompt", "")):
            prediction["status"] = "failed"
            prediction["error"] = "NSFW content detected. Try running it again, or try a different prompt."
            return
        count = inputs.get("num_outputs", 1)
        if "aspect_ratio" in inputs:
            w, h = (int(p) for p in inputs["aspect_ratio"].split(":"))
            width, height = w * 8, h * 8
        else:
            width, height = inputs.get("width", 1024) // 16, inputs.get("height", 1024) // 16
        prediction["status"] = "succeeded"
        prediction["output"] = [self.image_url(width, height, (10 * i, 200, 10)) for i in range(count)]
        prediction["metrics"] = {"predict_time": 0.42}
        prediction["completed_at"] = datetime.now(UTC).isoformat()

    @staticmethod
    def public(prediction: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in prediction.items() if not k.startswith("_")}

    async def get(self, request: Request) -> Response:
        scripted = await self.seen(request)
        if (denied := self.auth(request)) is not None:
            return denied
        if request.headers.get("prefer"):
            self.violate("Prefer header on a GET (only creates take it)")
        if scripted is not None:
            return scripted
        prediction = self.predictions.get(request.path_params["id"])
        if prediction is None:
            return problem(404, "Not found", "The requested resource could not be found.")
        self.advance(prediction)
        return JSONResponse(self.public(prediction))

    async def cancel(self, request: Request) -> Response:
        await self.seen(request)
        if (denied := self.auth(request)) is not None:
            return denied
        prediction = self.predictions.get(request.path_params["id"])
        if prediction is None:
            return problem(404, "Not found", "The requested resource could not be found.")
        self.canceled.append(prediction["id"])
        if prediction["status"] in ("starting", "processing"):
            prediction["status"] = "canceled"
        return JSONResponse(self.public(prediction))

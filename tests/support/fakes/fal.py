"""fal's queue API, as documented (fal docs "Asynchronous Inference", "Request errors"; fal-client):
``Authorization: Key …``; ``POST /{app}[/{path}]`` → ``{request_id, response_url, status_url,
cancel_url}`` (status and result URLs hang off the app id, without the sub-path); status goes
``IN_QUEUE`` → ``IN_PROGRESS`` → ``COMPLETED`` over ``polls_to_finish`` reads; ``GET`` of the result
gives the model output; ``PUT …/cancel``. Inputs are checked against the FLUX dev schema; 422
``{detail: [{loc, msg, type}]}``. A prompt with ``nsfw`` sets ``has_nsfw_concepts`` (and a black image)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.support.fakes.base import FakeProvider, is_int, is_number

PRESETS = {
    "square_hd": (1024, 1024), "square": (512, 512), "portrait_4_3": (768, 1024), "portrait_16_9": (576, 1024),
    "landscape_4_3": (1024, 768), "landscape_16_9": (1024, 576),
}  # fmt: skip


def image_size_ok(value: Any) -> bool:
    if isinstance(value, str):
        return value in PRESETS
    return (
        isinstance(value, dict)
        and set(value) == {"width", "height"}
        and all(is_int(v) and 0 < v <= 14142 for v in value.values())
    )


SCHEMA: dict[str, Any] = {
    "prompt": lambda v: isinstance(v, str) and v,
    "image_size": image_size_ok,
    "num_inference_steps": lambda v: is_int(v) and 1 <= v <= 50,
    "seed": is_int,
    "guidance_scale": lambda v: is_number(v) and 1 <= v <= 20,
    "num_images": lambda v: is_int(v) and 1 <= v <= 4,
    "enable_safety_checker": lambda v: isinstance(v, bool),
    "output_format": lambda v: v in ("jpeg", "png"),
    "sync_mode": lambda v: isinstance(v, bool),
    "acceleration": lambda v: v in ("none", "regular", "high"),
    "image_url": lambda v: isinstance(v, str) and (v.startswith(("data:", "http"))),
    "strength": lambda v: is_number(v) and 0 < v <= 1,
}
APPS = {"fal-ai/flux/dev", "fal-ai/flux/dev/image-to-image"}


def detail(msg: str, loc: str = "body") -> JSONResponse:
    return JSONResponse({"detail": [{"loc": ["body", loc], "msg": msg, "type": "value_error"}]}, status_code=422)


class FakeFal(FakeProvider):
    name = "fal"

    def __init__(self, key: str, *, polls_to_finish: int = 2):
        super().__init__(key)
        self.polls_to_finish = polls_to_finish
        self.queue: dict[str, dict[str, Any]] = {}
        self.canceled: list[str] = []

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/{owner}/{alias}/requests/{id}/status", self.status, methods=["GET"]),
            Route("/{owner}/{alias}/requests/{id}/cancel", self.cancel, methods=["PUT"]),
            Route("/{owner}/{alias}/requests/{id}", self.result, methods=["GET"]),
            Route("/{app:path}", self.submit, methods=["POST"]),
        ]

    def auth(self, request: Request) -> Response | None:
        header = request.headers.get("authorization")
        if header is None or not header.startswith("Key "):
            self.violate(f"authorization header missing or not 'Key …': {header!r}")
            return JSONResponse({"detail": "Unauthorized"}, status_code=401)
        if header != f"Key {self.key}":
            return JSONResponse({"detail": "Invalid credentials"}, status_code=401)
        return None

    async def submit(self, request: Request) -> Response:
        body = await self.json_body(request)
        scripted = await self.seen(request, body)
        if (denied := self.auth(request)) is not None:
            return denied
        app = request.path_params["app"]
        if app not in APPS:
            self.violate(f"unknown fal app {app!r}")
            return JSONResponse({"detail": "Application not found"}, status_code=404)
        if not isinstance(body, dict):
            return detail("body must be a JSON object")
        problems: list[str] = []
        self.check("prompt" in body, "input: prompt is required", problems)
        if app.endswith("image-to-image"):
            self.check("image_url" in body, "input: image_url is required", problems)
        for name, value in body.items():
            check = SCHEMA.get(name)
            self.check(check is not None, f"input: unknown field {name!r}", problems)
            if check is not None:
                self.check(bool(check(value)), f"input.{name}: invalid value {value!r}", problems)
        if problems:
            return detail(problems[0])
        if scripted is not None:
            return scripted
        request_id = self.new_id()
        owner, alias = app.split("/")[:2]
        base = f"{self.url}/{owner}/{alias}/requests/{request_id}"
        self.queue[request_id] = {"input": body, "reads": 0, "state": "IN_QUEUE"}
        return JSONResponse(
            {
                "request_id": request_id,
                "response_url": base,
                "status_url": f"{base}/status",
                "cancel_url": f"{base}/cancel",
            }
        )

    async def status(self, request: Request) -> Response:
        scripted = await self.seen(request)
        if (denied := self.auth(request)) is not None:
            return denied
        if scripted is not None:
            return scripted
        item = self.queue.get(request.path_params["id"])
        if item is None:
            return JSONResponse({"detail": "Request not found"}, status_code=404)
        item["reads"] += 1
        if item["state"] != "COMPLETED":
            item["state"] = (
                "COMPLETED"
                if item["reads"] >= self.polls_to_finish
                else ("IN_PROGRESS" if item["reads"] > 1 else "IN_QUEUE")
            )
        params = request.path_params
        base = f"{self.url}/{params['owner']}/{params['alias']}/requests/{params['id']}"
        out: dict[str, Any] = {"status": item["state"], "response_url": base}
        if item["state"] == "IN_QUEUE":
            out["queue_position"] = 0
        if item["state"] == "COMPLETED":
            out["metrics"] = {"inference_time": 0.31}
            out["logs"] = None
        return JSONResponse(out)

    async def result(self, request: Request) -> Response:
        scripted = await self.seen(request)
        if (denied := self.auth(request)) is not None:
            return denied
        if scripted is not None:
            return scripted
        item = self.queue.get(request.path_params["id"])
        if item is None:
            return JSONResponse({"detail": "Request not found"}, status_code=404)
        if item["state"] != "COMPLETED":
            self.violate("result fetched before the status said COMPLETED")
            return JSONResponse({"detail": "Request is still in progress"}, status_code=400)
        data = item["input"]
        size = data.get("image_size", "landscape_4_3")
        width, height = PRESETS[size] if isinstance(size, str) else (size["width"], size["height"])
        nsfw = "nsfw" in data["prompt"]
        count = data.get("num_images", 1)
        color = (0, 0, 0) if nsfw else (230, 200, 20)
        images = [
            {"url": self.image_url(width // 16, height // 16, color), "width": width, "height": height,
             "content_type": "image/png"}
            for _ in range(count)
        ]  # fmt: skip
        return JSONResponse(
            {
                "images": images,
                "timings": {"inference": 0.3},
                "seed": data.get("seed", 777),
                "has_nsfw_concepts": [nsfw] * count,
                "prompt": data["prompt"],
            }
        )

    async def cancel(self, request: Request) -> Response:
        await self.seen(request)
        if (denied := self.auth(request)) is not None:
            return denied
        item = self.queue.get(request.path_params["id"])
        if item is None:
            return JSONResponse({"status": "NOT_FOUND"}, status_code=404)
        self.canceled.append(request.path_params["id"])
        if item["state"] == "COMPLETED":
            return JSONResponse({"status": "ALREADY_COMPLETED"}, status_code=400)
        item["state"] = "CANCELED"
        return JSONResponse({"status": "CANCELLATION_REQUESTED"}, status_code=202)

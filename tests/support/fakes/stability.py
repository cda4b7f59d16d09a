"""Stability AI v2beta, as documented (reference/hosted_apis.md §4): Bearer auth, multipart bodies,
``accept`` negotiation (JSON ``{image, finish_reason, seed}`` or bytes with ``finish-reason``/``seed``
headers), ``{id, name, errors}`` errors, and the async pattern (``{id}`` then ``GET
/v2beta/results/{id}``: 202 ``in-progress`` ``pending_polls`` times, then the image). Prompts steer:
``forbidden`` → 403 ``content_moderation``; ``blur-me`` → ``CONTENT_FILTERED``."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.support.fakes.base import FakeProvider, png

ASPECTS = {"21:9", "16:9", "3:2", "5:4", "1:1", "4:5", "2:3", "9:16", "9:21"}
PRESETS = {
    "enhance", "anime", "photographic", "digital-art", "comic-book", "fantasy-art", "line-art", "analog-film",
    "neon-punk", "isometric", "low-poly", "origami", "modeling-compound", "cinematic", "3d-model", "pixel-art",
    "tile-texture",
}  # fmt: skip
BASE = {"prompt", "negative_prompt", "seed", "output_format", "style_preset"}
SCHEMAS: dict[str, set[str]] = {
    "generate/ultra": BASE | {"aspect_ratio", "image", "strength"},
    "generate/core": BASE | {"aspect_ratio"},
    "generate/sd3": BASE | {"aspect_ratio", "model", "mode", "image", "strength", "cfg_scale"},
    "edit/inpaint": BASE | {"image", "mask", "grow_mask"},
    "edit/outpaint": BASE | {"image", "left", "right", "up", "down", "creativity"},
    "upscale/fast": {"image", "output_format"},
    "upscale/conservative": BASE | {"image", "creativity"},
    "upscale/creative": BASE | {"image", "creativity"},
}
SD3_MODELS = {"sd3.5-large", "sd3.5-large-turbo", "sd3.5-medium", "sd3.5-flash"}


def problem(status: int, name: str, *errors: str) -> JSONResponse:
    return JSONResponse({"id": secrets.token_hex(16), "name": name, "errors": list(errors)}, status_code=status)


class FakeStability(FakeProvider):
    name = "stability"

    def __init__(self, key: str, *, pending_polls: int = 2):
        super().__init__(key)
        self.pending_polls = pending_polls
        self.generations: dict[str, dict[str, Any]] = {}

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/v2beta/results/{id}", self.result, methods=["GET"]),
            Route("/v2beta/stable-image/{group}/{kind}", self.endpoint, methods=["POST"]),
        ]

    def auth(self, request: Request) -> Response | None:
        header = request.headers.get("authorization")
        if header is None or not header.startswith("Bearer "):
            self.violate(f"authorization header missing or not Bearer: {header!r}")
            return problem(401, "unauthorized", "authorization: missing")
        if header != f"Bearer {self.key}":
            return problem(401, "unauthorized", "authorization: invalid API key")
        return None

    def accept(self, request: Request, problems: list[str]) -> str:
        accept = request.headers.get("accept", "image/*")
        self.check(accept in ("image/*", "application/json", "*/*"), f"accept {accept!r} not supported", problems)
        return accept

    async def endpoint(self, request: Request) -> Response:
        form = await self.multipart(request)
        scripted = await self.seen(request, form)
        if (denied := self.auth(request)) is not None:
            return denied
        path = f"{request.path_params['group']}/{request.path_params['kind']}"
        if path not in SCHEMAS:
            self.violate(f"unknown Stability endpoint {path!r}")
            return problem(404, "not_found", "no such endpoint")
        if form is None:
            return problem(400, "bad_request", "content-type: multipart/form-data required")
        problems: list[str] = []
        accept = self.accept(request, problems)
        required = {"image"} if path.startswith(("upscale/", "edit/")) else {"prompt"}
        if path in ("edit/inpaint", "upscale/conservative", "upscale/creative"):
            required.add("prompt")
        problems += self.check_fields(path, form, required=required, allowed=SCHEMAS[path])
        if "aspect_ratio" in form:
            self.check(form["aspect_ratio"] in ASPECTS, f"{path}: aspect_ratio {form['aspect_ratio']!r}", problems)
        if "seed" in form:
            ok = form["seed"].isdigit() and 0 <= int(form["seed"]) <= 4294967294
            self.check(ok, f"{path}: seed {form['seed']!r} out of range", problems)
        if "style_preset" in form:
            self.check(form["style_preset"] in PRESETS, f"{path}: style_preset {form['style_preset']!r}", problems)
        if "output_format" in form:
            self.check(form["output_format"] in ("jpeg", "png", "webp"), f"{path}: output_format", problems)
        if path == "generate/sd3":
            self.check(form.get("model", "sd3.5-large") in SD3_MODELS, f"sd3: model {form.get('model')!r}", problems)
            mode = form.get("mode", "text-to-image")
            self.check(mode in ("text-to-image", "image-to-image"), f"sd3: mode {mode!r}", problems)
            if mode == "image-to-image":
                self.check("image" in form and "strength" in form, "sd3: image-to-image needs image+strength", problems)
            else:
                self.check("image" not in form, "sd3: text-to-image takes no image", problems)
        for name in ("image", "mask"):
            if name in form:
                self.check(isinstance(form[name], tuple), f"{path}: {name} must be a file part", problems)
        if problems:
            return problem(400, "bad_request", *problems)
        if scripted is not None:
            return scripted
        if "forbidden" in str(form.get("prompt", "")):
            return problem(
                403, "content_moderation",
                "Your request was flagged by our content moderation system, as a result your request was denied.",
            )  # fmt: skip
        if path == "upscale/creative":
            generation = secrets.token_hex(32)
            self.generations[generation] = {"form": form, "polls": 0, "accept": accept}
            return JSONResponse({"id": generation})
        return self.image(form, accept)

    def image(self, form: dict[str, Any], accept: str) -> Response:
        ratio = str(form.get("aspect_ratio", "1:1"))
        w, h = (int(p) for p in ratio.split(":"))
        data = png(w * 8, h * 8, (40, 160, 90))
        finish = "CONTENT_FILTERED" if "blur-me" in str(form.get("prompt", "")) else "SUCCESS"
        seed = int(form["seed"]) if str(form.get("seed", "")).isdigit() and int(form["seed"]) else 4242
        if accept == "application/json":
            body = {"image": base64.b64encode(data).decode(), "finish_reason": finish, "seed": seed}
            return JSONResponse(body, headers={"content-type": "application/json; type=image/png"})
        return Response(data, media_type="image/png", headers={"finish-reason": finish, "seed": str(seed)})

    async def result(self, request: Request) -> Response:
        scripted = await self.seen(request)
        if (denied := self.auth(request)) is not None:
            return denied
        if scripted is not None:
            return scripted
        generation = self.generations.get(request.path_params["id"])
        if generation is None:
            return problem(404, "generation_not_found", "id: no generation with that id (or it expired)")
        generation["polls"] += 1
        if generation["polls"] <= self.pending_polls:
            return JSONResponse({"id": request.path_params["id"], "status": "in-progress"}, status_code=202)
        return self.image(generation["form"], request.headers.get("accept", generation["accept"]))

"""OpenAI Images, as documented (reference/hosted_apis.md §2): generations (JSON), edits and
variations (multipart), ``{created, data, usage}`` answers and ``{error: {message, type, param, code}}``
errors. Prompts containing ``forbidden`` are refused as moderation (``moderation_blocked``)."""

from __future__ import annotations

import base64
import io
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.support.fakes.base import FakeProvider, is_int, png

GPT_MODELS = {"gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "chatgpt-image-latest"}
SIZES = {
    "dall-e-2": {"256x256", "512x512", "1024x1024"},
    "dall-e-3": {"1024x1024", "1792x1024", "1024x1792"},
    "gpt": {"auto", "1024x1024", "1536x1024", "1024x1536"},
}
GENERATION_FIELDS = {
    "prompt", "model", "n", "size", "quality", "response_format", "output_format", "output_compression",
    "background", "moderation", "style", "stream", "partial_images", "user",
}  # fmt: skip
EDIT_FIELDS = {
    "image", "image[]", "prompt", "mask", "background", "input_fidelity", "model", "n", "output_compression",
    "output_format", "partial_images", "quality", "response_format", "size", "stream", "user",
}  # fmt: skip
VARIATION_FIELDS = {"image", "model", "n", "response_format", "size", "user"}


def error(status: int, message: str, *, type_: str, code: str | None = None, param: str | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": message, "type": type_, "param": param, "code": code}}, status_code=status
    )


class FakeOpenAI(FakeProvider):
    name = "openai"
    prefix = "/v1"

    def routes(self) -> list[BaseRoute]:
        return [
            Route(f"{self.prefix}/images/generations", self.generations, methods=["POST"]),
            Route(f"{self.prefix}/images/edits", self.edits, methods=["POST"]),
            Route(f"{self.prefix}/images/variations", self.variations, methods=["POST"]),
        ]

    def auth(self, request: Request) -> Response | None:
        header = request.headers.get("authorization")
        if header is None or not header.startswith("Bearer "):
            self.violate(f"authorization header missing or not Bearer: {header!r}")
            return error(401, "You didn't provide an API key.", type_="invalid_request_error")
        if header != f"Bearer {self.key}":
            given = header.removeprefix("Bearer ")
            # OpenAI echoes a masked key back; the adapter must not pass even that on.
            masked = given[:6] + "*" * 10 + given[-4:]
            return error(
                401, f"Incorrect API key provided: {masked}. You can find your API key at ...",
                type_="invalid_request_error", code="invalid_api_key",
            )  # fmt: skip
        return None

    def check_common(self, where: str, body: dict[str, Any], problems: list[str]) -> str:
        model = str(body.get("model", "dall-e-2"))
        gpt = model in GPT_MODELS
        self.check(gpt or model in SIZES, f"{where}: unknown model {model!r}", problems)
        n = body.get("n", 1)
        if isinstance(n, str) and n.isdigit():  # multipart fields arrive as text
            n = int(n)
        self.check(is_int(n) and 1 <= n <= 10, f"{where}: n must be 1..10, got {n!r}", problems)
        if model == "dall-e-3":
            self.check(n == 1, f"{where}: dall-e-3 takes n=1 only", problems)
        size = body.get("size", "auto")
        if model == "gpt-image-2":
            ok = size == "auto" or (
                isinstance(size, str) and "x" in size and all(p.isdigit() and int(p) % 16 == 0 for p in size.split("x"))
            )
            self.check(ok, f"{where}: gpt-image-2 size {size!r} must be WxH multiples of 16", problems)
        else:
            allowed = SIZES["gpt"] if gpt else SIZES.get(model, set())
            self.check(size in allowed, f"{where}: size {size!r} not valid for {model}", problems)
        if gpt:
            self.check("response_format" not in body, f"{where}: GPT image models refuse response_format", problems)
        elif "response_format" in body:
            self.check(body["response_format"] in ("url", "b64_json"), f"{where}: bad response_format", problems)
        if "style" in body:
            self.check(model == "dall-e-3", f"{where}: style is dall-e-3 only", problems)
        return model

    def answer(self, body: dict[str, Any], model: str, n: int) -> JSONResponse:
        gpt = model in GPT_MODELS
        size = str(body.get("size", "1024x1024"))
        width, height = (1024, 1024) if size == "auto" else (int(p) for p in size.split("x"))
        as_url = not gpt and body.get("response_format", "url") == "url"
        data = []
        for i in range(n):
            color = (20 * i % 255, 120, 200)
            if as_url:
                item = {"url": self.image_url(width, height, color)}
            else:
                item = {"b64_json": base64.b64encode(png(width, height, color)).decode()}
            if model == "dall-e-3":
                item["revised_prompt"] = "revised: " + str(body.get("prompt"))
            data.append(item)
        out: dict[str, Any] = {"created": int(time.time()), "data": data}
        if gpt:
            out["usage"] = {
                "input_tokens": 50, "output_tokens": 100 * n, "total_tokens": 50 + 100 * n,
                "input_tokens_details": {"text_tokens": 50, "image_tokens": 0},
            }  # fmt: skip
        return JSONResponse(out)

    def moderation(self, prompt: Any) -> JSONResponse | None:
        if isinstance(prompt, str) and "forbidden" in prompt:
            return error(
                400, "Your request was rejected by the safety system. safety_violations=[violence].",
                type_="image_generation_user_error", code="moderation_blocked",
            )  # fmt: skip
        return None

    async def generations(self, request: Request) -> Response:
        body = await self.json_body(request)
        scripted = await self.seen(request, body)
        if (denied := self.auth(request)) is not None:
            return denied
        if not isinstance(body, dict):
            return error(400, "We could not parse the JSON body of your request.", type_="invalid_request_error")
        problems = self.check_fields("generations", body, required={"prompt"}, allowed=GENERATION_FIELDS)
        model = self.check_common("generations", body, problems)
        if problems:
            return error(400, problems[0], type_="invalid_request_error", param=None)
        if scripted is not None:
            return scripted
        return self.moderation(body["prompt"]) or self.answer(body, model, int(body.get("n", 1)))

    async def edits(self, request: Request) -> Response:
        form = await self.multipart(request)
        scripted = await self.seen(request, form)
        if (denied := self.auth(request)) is not None:
            return denied
        if form is None:
            return error(400, "multipart body expected", type_="invalid_request_error")
        problems = self.check_fields("edits", form, required={"prompt"}, allowed=EDIT_FIELDS)
        images = form.get("image") or form.get("image[]")
        self.check(images is not None, "edits: an image (or image[]) part is required", problems)
        model = self.check_common("edits", form, problems)
        for item in images if isinstance(images, list) else [images] if images else []:
            self.check(isinstance(item, tuple) and self.decodes(item[1]), "edits: image is not an image file", problems)
        if "mask" in form:
            mask = form["mask"]
            self.check(
                isinstance(mask, tuple) and self.has_alpha(mask[1]), "edits: mask must be a PNG with alpha", problems
            )
        if problems:
            return error(400, problems[0], type_="invalid_request_error")
        if scripted is not None:
            return scripted
        return self.moderation(form["prompt"]) or self.answer(form, model, int(form.get("n", 1)))

    async def variations(self, request: Request) -> Response:
        form = await self.multipart(request)
        scripted = await self.seen(request, form)
        if (denied := self.auth(request)) is not None:
            return denied
        if form is None:
            return error(400, "multipart body expected", type_="invalid_request_error")
        problems = self.check_fields("variations", form, required={"image"}, allowed=VARIATION_FIELDS)
        model = self.check_common("variations", form, problems)
        self.check(model == "dall-e-2", "variations: dall-e-2 only", problems)
        if problems:
            return error(400, problems[0], type_="invalid_request_error")
        return scripted or self.answer(form, model, int(form.get("n", 1)))

    @staticmethod
    def decodes(data: bytes) -> bool:
        from PIL import Image

        try:
            Image.open(io.BytesIO(data)).load()
            return True
        except Exception:
            return False

    @staticmethod
    def has_alpha(data: bytes) -> bool:
        from PIL import Image

        try:
            return "A" in Image.open(io.BytesIO(data)).getbands()
        except Exception:
            return False


class FakeOpenAICompatible(FakeOpenAI):
    """A generic OpenAI-Images server (LocalAI, a gateway): any model name, free ``WxH`` sizes, optional
    auth (``key=None``), and the extra JSON fields listed in ``extra_fields`` (e.g. seed)."""

    name = "openai_compatible"

    def __init__(self, key: str | None, *, extra_fields: set[str] | None = None):
        super().__init__(key or "")
        self.extra_fields = extra_fields or set()

    def auth(self, request: Request) -> Response | None:
        if not self.key:
            if "authorization" in request.headers:
                self.violate("authorization sent to a server configured without a key")
            return None
        return super().auth(request)

    def check_common(self, where: str, body: dict[str, Any], problems: list[str]) -> str:
        model = body.get("model")
        self.check(isinstance(model, str) and bool(model), f"{where}: model is required", problems)
        size = body.get("size", "512x512")
        ok = isinstance(size, str) and len(size.split("x")) == 2 and all(p.isdigit() for p in size.split("x"))
        self.check(ok, f"{where}: size {size!r} is not WxH", problems)
        self.check(body.get("response_format", "url") in ("url", "b64_json"), f"{where}: response_format", problems)
        return str(model)

    def check_fields(self, where: str, body: dict[str, Any], *, required: set[str], allowed: set[str]) -> list[str]:
        return super().check_fields(where, body, required=required, allowed=allowed | self.extra_fields)
